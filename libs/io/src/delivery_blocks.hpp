// DeliveryBlockReader: hands out deliveries.csv in blocks of whole records,
// in file order, to the workers that parse them. Where the file can be mapped
// into memory (a regular file), a block is a view of the mapping: the kernel
// does not copy the text into a buffer first (that copy was a tenth of the
// stream's time), and the mapped pages behind the workers are given back, so
// memory does not grow with the file. Elsewhere (a pipe, a failed mapping)
// and for the last block, blocks are read into buffers of their own.
// Either way every field of a block is followed by at least kBlockPadding
// readable bytes, so short fields can be read a word at a time.
// Each worker takes its next block itself: finding the block's last record
// end, under a lock, leaves its text in that worker's core's cache. (A
// reading thread of its own left the text in the other core's cache, and the
// workers' first pass over it waited for it: a tenth of the stream's time.)
// Where the caller checks for quotes itself, blocks can instead be cut at
// their last line end without that pass (BlockCuts::kAtLineEnds).
// Thread-safe: workers call Next concurrently, each with its own block.
// A mapped file must not be truncated while it is read (reading a page that
// is gone would stop the process with SIGBUS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace supeval::io {

// Bytes after a block's text that may be read (never part of a field).
constexpr std::size_t kBlockPadding = 16;

// Where DeliveryBlockReader ends its blocks.
enum class BlockCuts {
  // At the last record end (a line end outside quotes) in each block's
  // bytes, found by a pass over them that also counts their lines: each
  // block knows the line it starts on.
  kAtRecordEnds,
  // At the last line end, found from the end without reading the rest of
  // the block: that pass was a tenth of the stream's time, and the workers'
  // own reading of the text, prefetched, overlaps the wait for memory. A
  // cut is a record end only where no quote precedes it in the file, which
  // the caller must check. Lines are not counted: every block's first_line()
  // is 0, and its sequence() places it.
  kAtLineEnds,
};

// Whole records of deliveries.csv and the line the first one starts on.
class DeliveryBlock {
 public:
  [[nodiscard]] std::string_view text() const { return text_; }
  [[nodiscard]] std::uint64_t first_line() const { return first_line_; }
  // The block's place in the file: 0 for the first block, and so on.
  [[nodiscard]] std::uint64_t sequence() const { return sequence_; }

 private:
  friend class DeliveryBlockReader;
  // A raw buffer (a std::string would zero every block before it is read
  // into), used when the block is not a view of the mapped file.
  std::unique_ptr<char[]> bytes_;
  std::size_t capacity_ = 0;
  std::string_view text_;
  std::uint64_t first_line_ = 0;
  std::uint64_t sequence_ = 0;
};

class DeliveryBlockReader {
 public:
  static constexpr std::size_t kDefaultBlockBytes = std::size_t{1} << 20;

  // `file` is positioned after what was read of it; `buffered`: the bytes
  // read past the header that were not used, which start on line `line`.
  // `allow_mapping` false reads into buffers only (tests compare the two).
  DeliveryBlockReader(std::FILE* file, std::string buffered, std::uint64_t line,
                      std::size_t block_bytes = kDefaultBlockBytes, bool allow_mapping = true,
                      BlockCuts cuts = BlockCuts::kAtRecordEnds);
  DeliveryBlockReader(const DeliveryBlockReader&) = delete;
  DeliveryBlockReader& operator=(const DeliveryBlockReader&) = delete;
  ~DeliveryBlockReader();

  // The next block of whole records into `block` (whose last block the
  // caller is done with); false at the end of the file or after a read
  // error (then failed()).
  bool Next(DeliveryBlock& block);

  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] bool mapped() const { return map_ != nullptr; }

 private:
  void Map();
  bool NextMapped(DeliveryBlock& block);
  bool NextRead(DeliveryBlock& block);
  void NoteDone(const DeliveryBlock& block);
  void ReleaseBehindWorkers();
  static void Grow(DeliveryBlock& block);
  std::size_t Cut(std::string_view text, std::uint64_t& lines) const;
  void HandOut(DeliveryBlock& block, std::string_view text, std::uint64_t lines);

  std::mutex mutex_;
  std::FILE* file_;
  std::string rest_;  // read but not yet handed out: the start of a record
  std::uint64_t line_;
  std::size_t block_bytes_;
  BlockCuts cuts_;
  std::uint64_t sequence_ = 0;  // of the next block
  bool done_ = false;
  bool failed_ = false;

  // The mapped file, where it is mapped; blocks are views of it from
  // position_ on until its last bytes, which go to rest_.
  const char* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::size_t position_ = 0;
  std::size_t released_ = 0;         // pages before this were given back
  std::vector<std::size_t> in_use_;  // starts of the mapped blocks workers hold
};

}  // namespace supeval::io
