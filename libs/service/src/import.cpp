// Import use case: validate the folder, then write it as one batch.
//
// The deliveries go through a small pipeline so that a large import keeps
// every core busy: the files are hashed in the background, io::DatasetReader
// parses and validates deliveries.csv on worker threads, and one thread
// writes to the store (a database connection is used by one thread).
#include "supeval/service/import.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "sha256.hpp"
#include "stored_text.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/core/threads.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/io/csv_record_source.hpp"
#include "supeval/io/dataset_reader.hpp"
#include "supeval/io/xlsx_reader.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/evaluate.hpp"

namespace supeval::service {
namespace {

constexpr std::int64_t kProgressEvery = 16384;
constexpr std::size_t kBlockRows = 4096;
constexpr std::size_t kParsers = 2;

core::Result<std::vector<store::BatchFile>> HashFiles(const std::filesystem::path& directory) {
  std::vector<store::BatchFile> files;
  // A workbook is the one file its sheets came from.
  if (io::IsWorkbookPath(directory)) {
    auto digest = DigestFile(directory);
    if (!digest.ok()) return digest.error();
    files.push_back({directory.filename().string(), digest->sha256, digest->bytes});
    return files;
  }
  for (const std::string& name : io::ContractsReader::FolderFileNames()) {
    const std::filesystem::path path = directory / name;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) continue;
    auto digest = DigestFile(path);
    if (!digest.ok()) return digest.error();
    files.push_back({name, digest->sha256, digest->bytes});
  }
  return files;
}

// Rows of deliveries.csv to expect, for the progress display: the file's
// size over the length of its first lines.
std::int64_t EstimateRows(const std::filesystem::path& file) {
  std::error_code error;
  const auto bytes = std::filesystem::file_size(file, error);
  if (error) return 0;
  std::FILE* in = std::fopen(file.c_str(), "rb");
  if (in == nullptr) return 0;
  char sample[65536];
  const std::size_t read = std::fread(sample, 1, sizeof sample, in);
  std::fclose(in);
  const auto lines = std::count(sample, sample + read, '\n');
  if (lines < 2) return lines;
  return static_cast<std::int64_t>(static_cast<double>(bytes) * static_cast<double>(lines) /
                                   static_cast<double>(read)) -
         1;
}

// A dry run writes nothing, not even a new SQLite file: without one, it
// counts against an empty database in memory.
std::string DryRunUrl(const std::string& url) {
  auto parsed = store::ParseDatabaseUrl(url);
  if (!parsed.ok() || parsed->backend != store::Backend::kSqlite) return url;
  std::error_code error;
  if (std::filesystem::exists(parsed->target, error)) return url;
  return "sqlite::memory:";
}

// Deliveries copied out of a parser's sink (their ids live only during the
// call), for the writing thread.
class DeliveryBlock {
 public:
  void Add(const core::Delivery& delivery) {
    offsets_.push_back(static_cast<std::uint32_t>(ids_.size()));
    ids_.append(delivery.id);
    deliveries_.push_back(delivery);
    deliveries_.back().id = {};
  }
  [[nodiscard]] std::size_t size() const { return deliveries_.size(); }
  [[nodiscard]] core::Delivery Get(std::size_t i) const {
    core::Delivery delivery = deliveries_[i];
    const std::uint32_t end = i + 1 < offsets_.size() ? offsets_[i + 1] : static_cast<std::uint32_t>(ids_.size());
    delivery.id = std::string_view(ids_).substr(offsets_[i], end - offsets_[i]);
    return delivery;
  }

 private:
  std::string ids_;
  std::vector<std::uint32_t> offsets_;
  std::vector<core::Delivery> deliveries_;
};

// Blocks from the parsers to the writer; parsers wait when the writer is
// behind, so memory stays bounded.
class BlockQueue {
 public:
  explicit BlockQueue(std::size_t capacity) : capacity_(capacity) {}

  void Push(DeliveryBlock&& block) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return cancelled_ || blocks_.size() < capacity_; });
    if (cancelled_) return;  // the writer failed: the rest is not written
    blocks_.push_back(std::move(block));
    not_empty_.notify_one();
  }
  // False when closed and drained.
  bool Pop(DeliveryBlock& block) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !blocks_.empty(); });
    if (blocks_.empty()) return false;
    block = std::move(blocks_.front());
    blocks_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // Parsers drop what they have from now on.
  void Cancel() {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
    blocks_.clear();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<DeliveryBlock> blocks_;
  bool closed_ = false;
  bool cancelled_ = false;
};

// Closes a BlockQueue when it goes out of scope, so that its reader ends.
class CloseWhenGone {
 public:
  explicit CloseWhenGone(BlockQueue& queue) : queue_(queue) {}
  CloseWhenGone(const CloseWhenGone&) = delete;
  CloseWhenGone& operator=(const CloseWhenGone&) = delete;
  ~CloseWhenGone() { queue_.Close(); }

 private:
  BlockQueue& queue_;
};

// Streams the deliveries of `reader` into `session`: parsed and validated by
// kParsers threads, written by one. Returns the first store error, if any;
// validation problems are in the reader's diagnostics.
core::Status WriteDeliveries(io::DatasetReader& reader, store::ImportSession& session, ImportProgress& state,
                             const ImportProgressSink& progress) {
  BlockQueue queue(4 * kParsers);
  std::optional<core::Error> store_error;
  core::Beside writer([&] {
    DeliveryBlock block;
    while (queue.Pop(block)) {
      if (store_error) continue;  // drain
      for (std::size_t i = 0; i < block.size(); ++i) {
        if (core::Status written = session.WriteDelivery(block.Get(i)); !written.ok()) {
          store_error = written.error();
          queue.Cancel();
          break;
        }
        if (++state.rows % kProgressEvery == 0 && progress) progress(state);
      }
    }
  });
  const CloseWhenGone close_when_gone(queue);  // before the writer is joined, also when a parser is refused
  std::vector<DeliveryBlock> pending(kParsers);
  std::vector<io::DatasetReader::DeliverySink> sinks;
  for (std::size_t p = 0; p < kParsers; ++p) {
    sinks.emplace_back([&, p](const core::Delivery& delivery) {
      DeliveryBlock& block = pending[p];
      block.Add(delivery);
      if (block.size() == kBlockRows) {
        queue.Push(std::move(block));
        block = DeliveryBlock();
      }
    });
  }
  const core::Status streamed = reader.StreamDeliveriesParallel(sinks);
  for (DeliveryBlock& block : pending) {
    if (block.size() > 0) queue.Push(std::move(block));
  }
  queue.Close();
  writer.Wait();
  if (!streamed.ok()) return streamed;
  if (store_error) return *store_error;
  return core::Ok{};
}

// The audit log's entry of an import (API.md, "Accounts and audit"): its
// target is the batch's number, its files what was read.
core::Result<store::AuditEntry> ImportAudit(const ImportRequest& request, const store::BatchHeader& header) {
  const std::optional<Instant> at = ParseRfc3339(request.created_at);
  if (!at) return core::Internal("the time of an import is not RFC 3339 UTC: " + request.created_at);
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const store::BatchFile& file : header.files) {
    files.push_back({{"name", file.name}, {"sha256", file.sha256}, {"bytes", file.bytes}});
  }
  store::AuditEntry entry;
  entry.at = *at;
  entry.user = request.user;
  entry.address = request.address;
  entry.action = "import";
  entry.after = nlohmann::ordered_json{{"source", header.source}, {"files", files}}.dump();
  return entry;
}

// The error of refused rows, handing them to `rejected` one by one: the
// evaluation's files' first, then the contract files'.
core::Error Refused(const io::DatasetReader& reader, const io::Diagnostics& contract_problems, RejectedRows* rejected) {
  io::Diagnostics diagnostics = reader.diagnostics();
  diagnostics.Append(contract_problems);
  if (rejected != nullptr) *rejected = RejectedRows{diagnostics.errors(), diagnostics.count()};
  return io::DiagnosticsError(diagnostics);
}

}  // namespace

core::Result<ImportOutcome> ImportDataset(const ImportRequest& request, const ImportProgressSink& progress,
                                          RejectedRows* rejected) {
  if (auto url = store::ParseDatabaseUrl(request.db_url); !url.ok()) return url.error();
  if (core::Status user = CheckStoredText(request.user, "--user"); !user.ok()) return user.error();
  if (request.rules && request.rules_file) return core::Internal("a rule file and a rule set given together");
  // The contract files are validated with the rule file's [contracts] (its
  // ladders): the file is read once for both.
  auto both = request.rules
                  ? core::Result<ContractRuleSet>(ContractRuleSet{
                        *request.rules, request.contract_rules.value_or(core::contracts::DefaultContractRules()), ""})
                  : LoadContractRuleSet(request.rules_file);
  if (!both.ok()) return both.error();
  const core::RuleSet* rules = &both->evaluation;
  const core::contracts::ContractRules* contract_rules = &both->contracts;

  // Master data first: if it is bad, the deliveries are still checked so that
  // one run lists every problem, and the database is never touched.
  io::DatasetReader reader(request.data_dir, *rules);
  if (core::Status read = reader.ReadMasterData(kParsers); !read.ok()) return read.error();
  io::ContractsReader contracts_reader(request.data_dir, *rules, *contract_rules);
  io::Diagnostics contract_problems;
  if (core::Status read = contracts_reader.Read(reader, contract_problems); !read.ok()) return read.error();
  if (!reader.diagnostics().empty() || !contract_problems.empty()) {
    if (core::Status streamed = reader.StreamDeliveries({}); !streamed.ok()) return streamed.error();
    contracts_reader.ResolveDeliveries(reader, contract_problems);
    return Refused(reader, contract_problems, rejected);
  }

  // The files are hashed while they are imported (a change to them during
  // the import is not detected).
  std::optional<core::Result<std::vector<store::BatchFile>>> files;
  core::Beside hashing([&] { files = HashFiles(request.data_dir); });

  store::OpenOptions options;
  options.create_if_missing = true;
  options.lock_timeout = request.lock_timeout;
  auto db = store::OpenStore(request.dry_run ? DryRunUrl(request.db_url) : request.db_url, options);
  if (!db.ok()) return db.error();
  auto session = (*db)->BeginImport();
  if (!session.ok()) return session.error();
  if (core::Status written = (*session)->WriteMasterData(reader.TakeMasterData()); !written.ok()) {
    return written.error();
  }

  // Deliveries are validated and written in one pass; a bad row anywhere
  // means the transaction is rolled back.
  ImportProgress state;
  state.estimated_rows = EstimateRows(request.data_dir / "deliveries.csv");
  if (core::Status written = WriteDeliveries(reader, **session, state, progress); !written.ok()) {
    return written.error();
  }
  contracts_reader.ResolveDeliveries(reader, contract_problems);
  if (!reader.diagnostics().empty() || !contract_problems.empty()) {
    return Refused(reader, contract_problems, rejected);
  }
  if (core::Status written = (*session)->WriteContractData(contracts_reader.data()); !written.ok()) {
    return written.error();
  }

  auto counts = (*session)->Finish();
  if (!counts.ok()) return counts.error();
  state.done = true;
  if (progress) progress(state);

  hashing.Wait();
  if (!files->ok()) return files->error();
  store::BatchHeader header;
  header.created_at = request.created_at;
  header.user = request.user;
  // The folder's path is the file system's bytes: kept printable, so that a
  // name in another encoding cannot break the batch's JSON later.
  header.source =
      request.source.value_or(core::Printable(std::filesystem::absolute(request.data_dir).lexically_normal().string()));
  header.files = **std::move(files);
  auto audit = ImportAudit(request, header);
  if (!audit.ok()) return audit.error();
  header.audit = *std::move(audit);
  ImportOutcome outcome;
  outcome.dry_run = request.dry_run;
  if (request.dry_run) {
    outcome.batch.id = (*session)->batch();
    outcome.batch.created_at = header.created_at;
    outcome.batch.user = header.user;
    outcome.batch.source = header.source;
    outcome.batch.files = header.files;
    outcome.batch.tables = *std::move(counts);
    outcome.batch.warnings = (*session)->warnings();
    return outcome;  // the session rolls back as it goes
  }
  auto batch = (*session)->Commit(header);
  if (!batch.ok()) return batch.error();
  outcome.batch = *std::move(batch);
  return outcome;
}

}  // namespace supeval::service
