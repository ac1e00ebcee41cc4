// Store: where imported data, its history and the published evaluation runs
// are kept — an embedded SQLite file by default, or a PostgreSQL database that
// several servers share. One interface, two back ends with the same versioned
// schema (migrations run on open; a schema newer than this binary is refused).
//
// Every keyed row (a supplier, a delivery, a certificate, ...) carries the
// batch that wrote it. Writing a row whose values differ from the stored ones
// moves the old version into the table's history with the batch that replaced
// it, so any past state is the set of versions live at one batch ("as of").
// Batches are numbered in commit order: writers (imports, hold changes) are
// serialized by a store-wide write lock held for their whole transaction.
// Published runs are only ever inserted; the database refuses to update or
// delete them.
//
// The store sees core records only: ids are resolved to indices by whoever
// validated the data (io::DatasetReader), and the store writes and reads them
// back as core::MasterData and core::Delivery, so that evaluating from the
// store gives exactly what evaluating the CSV folder gives.
//
// Thread-safety: a Store is one database connection, used by one thread at a
// time; open one Store per thread. Sessions and snapshots borrow the Store's
// connection: at most one of them is alive at a time, they must not outlive
// the Store, and no other Store call may be made while one is alive. Separate
// Store objects (in one process or many) may be used concurrently: readers
// see committed batches only, and writers wait for each other.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/records.hpp"
#include "supeval/core/evaluation.hpp"
#include "supeval/core/record_source.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/scopes.hpp"
#include "supeval/store/accounts.hpp"
#include "supeval/store/adjustments.hpp"
#include "supeval/store/discussions.hpp"

namespace supeval::store {

using BatchId = std::int64_t;
using RunId = std::int64_t;
// A hold's id: assigned by the database to its key when the key is first
// written (by an import or a hold change), never changed; 1, 2, 3, ...
using HoldId = std::int64_t;

// The schema version this binary writes (the last migration it knows).
[[nodiscard]] int LatestSchemaVersion();

// ---------------------------------------------------------------------------
// Opening

enum class Backend { kSqlite, kPostgres };

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string target;  // SQLite: the file path; PostgreSQL: the whole URL, as libpq reads it
};

// The default database: the embedded SQLite file ./supeval.db.
inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:./supeval.db";

// Reads `sqlite:PATH` (also `sqlite://PATH`) or `postgresql://…` /
// `postgres://…` (any libpq connection URI). Returns kBadInput for anything
// else, saying which forms are accepted.
[[nodiscard]] core::Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url);

struct OpenOptions {
  // Create an SQLite file that does not exist yet (imports); otherwise a
  // missing file is a kBadInput error. A file created so is removed again
  // when the store closes without an import committed into it, so that a
  // failed first import leaves no empty database behind.
  bool create_if_missing = false;
  // Only read: nothing is written, not even a migration (an older schema is
  // read as it is), so that a user who may only read the database can. A
  // PostgreSQL session is read-only throughout. Writing through such a store
  // fails.
  bool read_only = false;
  // How long a writer waits for another writer (an import or a hold change,
  // also the first import into a new SQLite file) before failing with a
  // kBadInput "busy" error; readers wait as long for a first import that
  // holds a new SQLite file.
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};
};

class Store;

// Connects, applies pending migrations (unless read-only), and returns the
// store. Errors the user can put right are kBadInput: a bad URL, a missing
// SQLite file or folder, a file that is no SQLite database, a database this
// user may not read (or write, unless read-only), a database without a
// supeval schema opened read-only, a database busy beyond the lock timeout,
// a PostgreSQL server that refuses the connection. kInternal when the
// schema is newer than this binary knows, and for anything unforeseen.
[[nodiscard]] core::Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options = {});

// ---------------------------------------------------------------------------
// Batches

// kAdjustment: an accepted ppm adjustment written into its complaint.
enum class BatchKind { kImport, kHolds, kAdjustment, kEscalation };

// "import", "holds", "adjustment", "escalation": as `batches.kind` stores it
// and API.md names it.
[[nodiscard]] std::string_view BatchKindName(BatchKind kind);

// Rows of one table a batch wrote: new keys, keys whose values changed (the
// old version went to history) and keys written again with the same values.
struct TableCounts {
  std::string table;
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t unchanged = 0;
};

struct BatchFile {
  std::string name;    // file name inside the imported folder
  std::string sha256;  // lower-case hex
  std::int64_t bytes = 0;
};

struct BatchInfo {
  BatchId id = 0;
  BatchKind kind = BatchKind::kImport;
  std::string created_at;  // ISO 8601 UTC, as given by the caller
  std::string user;
  std::string source;   // the imported folder, or what a hold change did
  std::string comment;  // why (hold changes); empty for imports
  std::vector<BatchFile> files;
  std::vector<TableCounts> tables;  // in the order of TableNames()
  // What the batch met that its user must know, one line each naming the
  // row (`holds.csv:3: ...`): extract rows that met a decision made with
  // `holds` (see ImportSession::WriteMasterData).
  std::vector<std::string> warnings;

  [[nodiscard]] TableCounts Totals() const;
};

// The versioned tables in the order an import writes them (and reports them).
[[nodiscard]] const std::vector<std::string>& TableNames();

// What the caller says about a batch it is about to write.
struct BatchHeader {
  std::string created_at;
  std::string user;
  std::string source;
  std::string comment;
  std::vector<BatchFile> files;
  // The audit log's entry of the change, appended in the batch's own
  // transaction (an empty target is replaced by the batch's number).
  std::optional<AuditEntry> audit = std::nullopt;
};

// One import: an open write transaction holding the store's write lock. Write
// the master data first, then every delivery; Commit() makes all of it visible
// at once, and destroying the session without Commit() (or a crash) leaves
// the store exactly as it was.
class ImportSession {
 public:
  virtual ~ImportSession() = default;

  [[nodiscard]] virtual BatchId batch() const = 0;

  // Writes everything but the deliveries. `master` must be validated (indices
  // in range); certificates and holds must be unique by key (supplier_id,
  // standard, valid_from) and (supplier_id, reason, imposed_on) — exact
  // duplicates are written once. Call once, before any WriteDelivery.
  //
  // A hold whose current version a `holds` command wrote (impose or
  // withdraw, with who and why) is a decision the extract may not know of.
  // An extract row of that hold which only repeats the version the decision
  // replaced (an ERP export that still shows a withdrawn hold active) is
  // stale: the decision is kept, the row counted unchanged. A row with any
  // other value (a withdrawal date of its own) is a new fact and replaces
  // the decision. Either way a warning names the row (core::Hold::line).
  virtual core::Status WriteMasterData(core::MasterData master) = 0;

  // Writes one delivery whose indices refer to the master data written above.
  virtual core::Status WriteDelivery(const core::Delivery& delivery) = 0;

  // Writes the contract files' records (CONTRACTS.md §3), validated against
  // the master data written above (io::ContractsReader, its events'
  // materials resolved), keyed and versioned like the master data. Call at
  // most once, after the last WriteDelivery. Keyed rows the data does not
  // hold are kept, as for every table; escalation_decisions and settled
  // are keyed by their line.
  virtual core::Status WriteContractData(const core::contracts::ContractData& data) = 0;

  // The counts so far, per table in TableNames() order. Rows written to a
  // back end in bulk are counted when Finish() runs.
  [[nodiscard]] virtual core::Result<std::vector<TableCounts>> Finish() = 0;

  // The warnings of WriteMasterData, recorded with the batch by Commit().
  [[nodiscard]] virtual const std::vector<std::string>& warnings() const = 0;

  // Records the batch (header, files, the counts of Finish(), the warnings)
  // and commits. Requires Finish() to have succeeded. Returns the committed
  // batch.
  virtual core::Result<BatchInfo> Commit(const BatchHeader& header) = 0;
};

// ---------------------------------------------------------------------------
// Reading: a consistent snapshot as a record source

// The records of the store as of one batch, read inside one read transaction:
// a concurrent import is either wholly visible or not at all.
// Who delivered where and what: one distinct combination of supplier,
// plant, material and delivery type among a period's deliveries.
struct DeliveryReach {
  std::string supplier_id;
  std::string plant_id;
  std::string material_id;
  core::DeliveryType type = core::DeliveryType::kSeries;
};

class Snapshot : public core::RecordSource {
 public:
  // The last batch the snapshot sees (0: the store is empty).
  [[nodiscard]] virtual BatchId last_batch() const = 0;

  // Every distinct (supplier, plant, material, type) of the deliveries
  // received in [first, last], in no particular order: which suppliers
  // delivered to a plant, or a commodity, in a period (the ranking's filters).
  [[nodiscard]] virtual core::Result<std::vector<DeliveryReach>> DeliveryReaches(core::Date first, core::Date last) = 0;

  // The contract files' records as of the snapshot, ids resolved to the
  // indices of `master` (this snapshot's ReadMasterData); each vector sorted
  // by its file's key (escalation decisions and settled lines by line), the
  // records' other `line` members 0. Empty when the schema predates the
  // contract tables (a database opened read-only, not yet upgraded).
  [[nodiscard]] virtual core::Result<core::contracts::ContractData> ReadContractData(
      const core::MasterData& master) = 0;

  // The deliveries of a settlement (CONTRACTS.md §5–§7 need deliveries
  // before the period too), on one thread, after ReadMasterData: those
  // received in [first, last] to `accumulator` and to `also` alike, in no
  // particular order, then those outside it that complaints name to
  // `accumulator` alone (as StreamDeliveries gives them). The
  // accumulator's period must lie within [first, last].
  [[nodiscard]] virtual core::Status StreamDeliveriesWithin(core::Date first, core::Date last,
                                                            core::DeliveryAccumulator& accumulator,
                                                            const std::function<void(const core::Delivery&)>& also) = 0;

  // The suppliers alone (master data without the rest), sorted by id.
  [[nodiscard]] virtual core::Result<std::vector<core::Supplier>> ReadSupplierList() = 0;

  // The suppliers, plants and materials as ReadMasterData gives them, the
  // rest empty: what ReadEvents resolves its ids against, without reading
  // the complaints (the API's event counts of a run).
  [[nodiscard]] virtual core::Result<core::MasterData> ReadIdentities() = 0;
};

// ---------------------------------------------------------------------------
// Holds written from the command line

struct HoldKey {
  std::string supplier_id;
  core::HoldReason reason = core::HoldReason::kQuality;
  core::Date imposed_on;
};

// An escalation decision as the API records it: escalation_decisions.csv's
// cells (decision, cause and to_level as the file writes them).
struct EscalationDecisionRecord {
  std::string contract_id;
  core::Date date;
  std::string decision;  // escalate, deescalate, close, withdraw_hold
  std::string user;
  std::string reason;
  std::string to_level;  // empty: none
  std::string cause;     // quality or delivery
};

struct StoredHold {
  // 0 only when read from a database whose schema predates hold ids (opened
  // read-only, not yet upgraded).
  HoldId id = 0;
  HoldKey key;
  std::optional<core::Date> withdrawn_on;
  BatchId batch = 0;       // the batch that wrote this version
  std::string changed_by;  // that batch's user
  std::string changed_at;
  std::string why;  // that batch's comment
};

// ---------------------------------------------------------------------------
// Published runs

struct RunSummary {
  RunId id = 0;
  std::string period;  // the period's label as given ("2026-H1")
  std::string created_at;
  std::string user;
  std::string rules_name;
  std::string rules_sha256;
  BatchId as_of_batch = 0;  // the last batch the evaluation saw
  std::int64_t suppliers = 0;
  std::int64_t evaluated = 0;
  // The scopes the run holds rows of (docs/EVALUATION.md, "Scopes"):
  // "supplier" first, then "plant", "company" (ListRuns fills it in).
  std::vector<std::string> scopes = {"supplier"};
};

// A run's rows of one scope beside its supplier rows.
struct ScopedRunRows {
  core::ScopeKind kind = core::ScopeKind::kPlant;
  std::vector<core::ScopedResult> rows;  // sorted by scope id, then supplier_id
};

struct RunRecord {
  RunSummary summary;
  core::Date period_first;
  core::Date period_last;
  std::string rules_toml;                     // the full rule set, as evaluated
  std::vector<BatchId> batches;               // every batch the evaluation saw
  std::vector<core::SupplierResult> results;  // sorted by supplier_id
  std::vector<ScopedRunRows> scoped;          // PublishRun: stored beside; ReadRun leaves it empty
  // PublishRun: the audit log's entry of the publication, appended in the
  // run's own transaction (an empty target is replaced by the run's number).
  // ReadRun leaves it empty.
  std::optional<AuditEntry> audit = std::nullopt;
  // PublishRun: further writes of the publication (its notifications), made
  // through the Store's accounts() and discussions() inside the run's own
  // transaction once the run is inserted, with its id; an error rolls the
  // whole publication back. ReadRun leaves it empty.
  std::function<core::Status(RunId)> in_transaction = nullptr;
};

// ---------------------------------------------------------------------------
// What changed between two batches

// The net change of one keyed row between two states of the store: `before`
// is the version live at the earlier batch (empty: the row is new), `after`
// the one live at the later batch. Columns as (name, text) pairs.
struct RecordChange {
  std::string table;
  std::string key;          // the key columns joined with '/'
  std::string supplier_id;  // empty for rows of no one supplier (plants, materials, calendar)
  BatchId batch = 0;        // the batch that wrote `after`
  std::vector<std::pair<std::string, std::string>> before;
  std::vector<std::pair<std::string, std::string>> after;
};

struct ChangeFilter {
  core::Date first;  // deliveries received, complaints raised in [first, last]
  core::Date last;
};

// ---------------------------------------------------------------------------

class AccountStore;

class Store {
 public:
  virtual ~Store() = default;

  // Users, sessions, API tokens, the login throttle and the audit log
  // (accounts.hpp), on this store's connection.
  [[nodiscard]] virtual AccountStore& accounts() = 0;
  // Discussions, notifications and the mail outbox (discussions.hpp), on
  // this store's connection.
  [[nodiscard]] virtual DiscussionStore& discussions() = 0;

  [[nodiscard]] virtual Backend backend() const = 0;
  [[nodiscard]] virtual int schema_version() const = 0;

  // Starts an import batch: takes the write lock (waiting up to the lock
  // timeout for another writer) and opens the transaction.
  [[nodiscard]] virtual core::Result<std::unique_ptr<ImportSession>> BeginImport() = 0;

  // A snapshot of the current data, or of the data as it was when batch
  // `as_of` had committed. `threads`: how many threads may read it at once
  // (its master data is read on two when it may; its deliveries on as many
  // connections as it is given accumulators).
  [[nodiscard]] virtual core::Result<std::unique_ptr<Snapshot>> OpenSnapshot(std::optional<BatchId> as_of,
                                                                             std::size_t threads = 1) = 0;

  // A snapshot as OpenSnapshot's (read on one thread) that holds only what
  // evaluating supplier `supplier_id` needs: every supplier, plant and
  // material, but only that supplier's complaints, certificates, holds and
  // deliveries, and the deliveries its complaints name. Evaluating it gives
  // that supplier exactly the result and explanation the whole snapshot
  // gives (each supplier is evaluated from its own records); the other
  // suppliers' results are meaningless. Reads the supplier's rows by index.
  [[nodiscard]] virtual core::Result<std::unique_ptr<Snapshot>> OpenSupplierSnapshot(
      std::optional<BatchId> as_of, const std::string& supplier_id) = 0;

  // The last committed batch (0 when there is none).
  [[nodiscard]] virtual core::Result<BatchId> LastBatch() = 0;
  // Batches with id <= `up_to` (all when empty), oldest first.
  [[nodiscard]] virtual core::Result<std::vector<BatchInfo>> ListBatches(std::optional<BatchId> up_to) = 0;
  [[nodiscard]] virtual core::Result<BatchInfo> ReadBatch(BatchId id) = 0;

  // Holds: impose a new one or withdraw an active one, each as a batch of
  // kind kHolds recording who and why; a later import does not silently
  // undo it (see ImportSession::WriteMasterData). Errors: kRefused
  // ("rule-violation") for an unknown supplier (field "--supplier") and a
  // withdrawal before the hold was imposed; kConflict for an existing hold
  // of that key ("conflict") and a hold already withdrawn
  // ("already-withdrawn"); kNotFound when there is no such hold. A hold
  // change waits for another writer only a fraction of a second (long
  // enough for another hold change), not the lock timeout: one that meets
  // an import fails at once with the kBadInput "busy" error
  // ("import-in-progress").
  [[nodiscard]] virtual core::Result<BatchInfo> ImposeHold(const HoldKey& hold, const BatchHeader& header) = 0;
  [[nodiscard]] virtual core::Result<BatchInfo> WithdrawHold(const HoldKey& hold, core::Date withdrawn_on,
                                                             const BatchHeader& header) = 0;
  // An escalation decision (CONTRACTS.md §3 escalation_decisions.csv) recorded
  // over the API: appended to the decisions' log after its last line, as a
  // batch of kind kEscalation with the header's audit entry. The caller has
  // checked it against the ladder; the store checks only that the contract
  // exists (kRefused "rule-violation", field "/contract_id"). Returns the
  // batch; the line it got is `line` of the decision read back.
  [[nodiscard]] virtual core::Result<BatchInfo> RecordEscalationDecision(const EscalationDecisionRecord& decision,
                                                                         const BatchHeader& header) = 0;
  // The current version of every hold (of one supplier when given), sorted by key.
  [[nodiscard]] virtual core::Result<std::vector<StoredHold>> ListHolds(
      const std::optional<std::string>& supplier_id) = 0;
  // The current version of hold `id`; empty when there is none.
  [[nodiscard]] virtual core::Result<std::optional<StoredHold>> ReadHold(HoldId id) = 0;

  // The ppm adjustment (adjustments.hpp). ListAdjustableComplaints: the live
  // complaints `filter` selects, sorted by complaint_id, each with its
  // adjustment. SubmitAdjustment stores a new submission (version 1) and
  // its audit entry; kConflict ("conflict") when the complaint has one
  // already, kNotFound when there is no such complaint.
  // AttachAdjustmentReport replaces the report of a submitted, undecided
  // adjustment (kConflict otherwise, kNotFound without one). DecideAdjustment
  // records the decision on a submitted one (kConflict "already-decided"
  // when it is decided; kConflict "precondition-failed" when the version or
  // the complaint's batch is not the expected one); accepting writes the
  // submission's confirmed_qty and submitted_on into the complaint as a batch
  // of kind kAdjustment with `header` (its audit entry included), rejecting
  // writes the audit entry alone. These changes wait for another writer as a
  // hold change does (kShortWrite).
  [[nodiscard]] virtual core::Result<std::vector<AdjustableComplaint>> ListAdjustableComplaints(
      const AdjustableFilter& filter) = 0;
  [[nodiscard]] virtual core::Status SubmitAdjustment(const StoredAdjustment& adjustment, const AuditEntry& audit) = 0;
  [[nodiscard]] virtual core::Status AttachAdjustmentReport(const std::string& complaint_id,
                                                            const AdjustmentReport& report,
                                                            const AuditEntry& audit) = 0;
  // The report of a complaint's adjustment; empty when there is none.
  [[nodiscard]] virtual core::Result<std::optional<AdjustmentReport>> ReadAdjustmentReport(
      const std::string& complaint_id) = 0;
  [[nodiscard]] virtual core::Result<StoredAdjustment> DecideAdjustment(const std::string& complaint_id,
                                                                        const AdjustmentDecision& decision,
                                                                        const BatchHeader& header) = 0;

  // Records a run; `run.summary.id` is ignored. Returns the new run's id.
  [[nodiscard]] virtual core::Result<RunId> PublishRun(const RunRecord& run) = 0;
  [[nodiscard]] virtual core::Result<std::vector<RunSummary>> ListRuns() = 0;
  // Every run, oldest first, without counting its results (`suppliers` and
  // `evaluated` are 0): a read of the runs alone, for choosing a run, where
  // ListRuns counts every run's results each time.
  [[nodiscard]] virtual core::Result<std::vector<RunSummary>> ListRunsUncounted() = 0;
  // kBadInput when there is no such run.
  [[nodiscard]] virtual core::Result<RunRecord> ReadRun(RunId id) = 0;

  // Calls `sink` with the net change of every row written by batches in
  // (after, up_to] whose state differs between the two: deliveries and
  // complaints inside `filter`'s dates only, and (when `suppliers` is not
  // empty) only rows of those suppliers or of no one supplier.
  [[nodiscard]] virtual core::Status ChangesBetween(BatchId after, BatchId up_to, const ChangeFilter& filter,
                                                    const std::vector<std::string>& suppliers,
                                                    const std::function<void(const RecordChange&)>& sink) = 0;
};

}  // namespace supeval::store
