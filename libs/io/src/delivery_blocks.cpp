// Blocks of whole records of deliveries.csv, as views of the mapped file or
// read into buffers.
#include "delivery_blocks.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

#include <sys/mman.h>
#include <sys/stat.h>

#include "byte_scan.hpp"
#include "supeval/io/csv_reader.hpp"

namespace supeval::io {
namespace {

// Mapped pages this far behind the lowest block a worker holds are given
// back in one call: few calls (each interrupts the other core to flush its
// address translations), and at most this much more memory than the blocks.
constexpr std::size_t kReleaseBytes = std::size_t{8} << 20;

std::unique_ptr<char[]> NewBlockBuffer(std::size_t capacity) {
  return std::make_unique_for_overwrite<char[]>(capacity + kBlockPadding);
}

}  // namespace

DeliveryBlockReader::DeliveryBlockReader(std::FILE* file, std::string buffered, std::uint64_t line,
                                         std::size_t block_bytes, bool allow_mapping, BlockCuts cuts)
    : file_(file), rest_(std::move(buffered)), line_(line), block_bytes_(block_bytes), cuts_(cuts) {
  assert(block_bytes_ > 0);
  if (allow_mapping) Map();
}

DeliveryBlockReader::~DeliveryBlockReader() {
  if (map_ != nullptr) munmap(const_cast<char*>(map_), map_size_);
}

// Maps the file when it is a regular file whose bytes at the reader's
// position are those it has buffered (rest_); otherwise blocks are read.
void DeliveryBlockReader::Map() {
  const std::size_t buffered_size = rest_.size();
  struct stat status {};
  const int descriptor = fileno(file_);
  if (descriptor < 0 || fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) return;
  const long read_to = std::ftell(file_);
  if (read_to < 0 || static_cast<std::size_t>(read_to) < buffered_size) return;
  const std::size_t start = static_cast<std::size_t>(read_to) - buffered_size;
  const auto size = static_cast<std::size_t>(status.st_size);
  if (size < start + buffered_size || size == 0) return;
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, descriptor, 0);
  if (map == MAP_FAILED) return;
  if (std::memcmp(static_cast<const char*>(map) + start, rest_.data(), buffered_size) != 0) {
    munmap(map, size);
    return;
  }
  map_ = static_cast<const char*>(map);
  map_size_ = size;
  position_ = start;
  rest_.clear();
}

bool DeliveryBlockReader::Next(DeliveryBlock& block) {
  std::lock_guard lock(mutex_);
  if (map_ != nullptr) {
    NoteDone(block);
    ReleaseBehindWorkers();
  }
  if (done_) return false;
  if (map_ != nullptr && position_ < map_size_ && NextMapped(block)) return true;
  return NextRead(block);
}

// The worker is done with `block`, its last block.
void DeliveryBlockReader::NoteDone(const DeliveryBlock& block) {
  const char* start = block.text_.data();
  if (start < map_ || start >= map_ + map_size_) return;  // not a view of the mapping
  const auto held = std::find(in_use_.begin(), in_use_.end(), static_cast<std::size_t>(start - map_));
  assert(held != in_use_.end());
  in_use_.erase(held);
}

// Gives back the mapped pages before the lowest block a worker holds (they
// stay in the page cache; only this process's mapping of them goes).
void DeliveryBlockReader::ReleaseBehindWorkers() {
  const std::size_t lowest = in_use_.empty() ? position_ : *std::min_element(in_use_.begin(), in_use_.end());
  const std::size_t release_to = lowest / kReleaseBytes * kReleaseBytes;
  if (release_to <= released_) return;
  madvise(const_cast<char*>(map_) + released_, release_to - released_, MADV_DONTNEED);
  released_ = release_to;
}

// The next block as a view of the mapping: the records that end in the next
// block_bytes_ (twice that, and so on, for a longer record) with at least
// kBlockPadding bytes of the file after them. False once only the last bytes
// are left: they go to rest_, and the file is read on from the mapping's end.
bool DeliveryBlockReader::NextMapped(DeliveryBlock& block) {
  for (std::size_t window = block_bytes_; position_ + window + kBlockPadding <= map_size_; window *= 2) {
    std::uint64_t lines = 0;
    const std::size_t end = Cut(std::string_view(map_ + position_, window), lines);
    if (end == 0) continue;
    HandOut(block, std::string_view(map_ + position_, end), lines);
    in_use_.push_back(position_);
    position_ += end;
    return true;
  }
  rest_.assign(map_ + position_, map_size_ - position_);
  position_ = map_size_;
  if (std::fseek(file_, static_cast<long>(map_size_), SEEK_SET) != 0) failed_ = done_ = true;
  return false;
}

// The next block read into the block's own buffer, after what is left in rest_.
bool DeliveryBlockReader::NextRead(DeliveryBlock& block) {
  if (done_) return false;
  const std::size_t needed = std::max(block_bytes_, 2 * rest_.size());
  if (!block.bytes_ || block.capacity_ < needed) {
    block.capacity_ = needed;
    block.bytes_ = NewBlockBuffer(block.capacity_);
  }
  std::memcpy(block.bytes_.get(), rest_.data(), rest_.size());
  std::size_t size = rest_.size();
  for (;;) {
    if (size == block.capacity_) Grow(block);  // one record longer than a block
    const std::size_t read = std::fread(block.bytes_.get() + size, 1, block.capacity_ - size, file_);
    size += read;
    if (std::ferror(file_) != 0) {
      failed_ = done_ = true;
      return false;
    }
    std::uint64_t lines = 0;
    if (read == 0) {  // the end of the file: the rest is the last block
      done_ = true;
      rest_.clear();
      if (size == 0) return false;
      if (cuts_ == BlockCuts::kAtRecordEnds)
        lines = detail::CountByte(std::string_view(block.bytes_.get(), size), '\n');
    } else {
      const std::size_t end = Cut(std::string_view(block.bytes_.get(), size), lines);
      if (end == 0) continue;  // no record ends yet: read on
      rest_.assign(block.bytes_.get() + end, size - end);
      size = end;
    }
    HandOut(block, std::string_view(block.bytes_.get(), size), lines);
    return true;
  }
}

// Where a block of `text` ends (0: no record ends in it), and its lines when
// they are counted.
std::size_t DeliveryBlockReader::Cut(std::string_view text, std::uint64_t& lines) const {
  return cuts_ == BlockCuts::kAtRecordEnds ? FindLastRecordEnd(text, lines) : FindLastLineEnd(text);
}

void DeliveryBlockReader::HandOut(DeliveryBlock& block, std::string_view text, std::uint64_t lines) {
  block.text_ = text;
  block.first_line_ = cuts_ == BlockCuts::kAtRecordEnds ? line_ : 0;
  block.sequence_ = sequence_++;
  line_ += lines;
}

void DeliveryBlockReader::Grow(DeliveryBlock& block) {
  auto larger = NewBlockBuffer(2 * block.capacity_);
  std::memcpy(larger.get(), block.bytes_.get(), block.capacity_);
  block.bytes_ = std::move(larger);
  block.capacity_ *= 2;
}

}  // namespace supeval::io
