// Threads and messages between a supplier and the staff, with read markers
// and the thread.reply notifications of each message.
#include "supeval/service/discussions.hpp"

#include <algorithm>
#include <set>

#include "stored_text.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::service {
namespace {

core::Error NotFound(const std::string& what) {
  return core::Failure(core::ErrorCode::kNotFound, what + " not found", "not-found");
}

core::Error Refused(const std::string& message, const std::string& pointer) {
  core::Error error = core::Failure(core::ErrorCode::kRefused, message, "rule-violation");
  error.location.field = pointer;
  return error;
}

// Who wrote or opened something, as `caller` may see it (API.md: a supplier
// user sees display names, never login names).
std::string Shown(const Caller& caller, const std::string& login, const std::string& display_name) {
  return ScopeOf(caller).only ? display_name : login;
}

ThreadView ViewOf(const Caller& caller, store::ThreadSummary summary) {
  ThreadView view;
  view.created_by = Shown(caller, summary.thread.created_by, summary.created_by_display_name);
  view.last_message_at = summary.last_message_at;
  view.unread = summary.unread;
  view.thread = std::move(summary.thread);
  return view;
}

MessageView ViewOf(const Caller& caller, store::MessageRow message) {
  return MessageView{message.id, message.thread_id, Shown(caller, message.author, message.author_display_name),
                     std::move(message.body), message.created_at};
}

// A positive id as given in a path, or nullopt (which names nothing).
std::optional<std::int64_t> PathId(std::string_view text) {
  auto id = ParseIntegerParameter("id", text, 1, INT64_MAX);
  if (!id.ok()) return std::nullopt;
  return *id;
}

// The thread `id` names, if the caller may see it.
core::Result<ThreadView> FindVisibleThread(store::Store& db, const Caller& caller, std::string_view id) {
  const std::optional<std::int64_t> number = PathId(id);
  if (!number) return NotFound("thread " + std::string(id));
  store::ThreadFilter filter;
  filter.reader = caller.user;
  filter.id = *number;
  auto found = db.discussions().ListThreads(filter);
  if (!found.ok()) return found.error();
  if (found->empty() || !ScopeOf(caller).Sees(found->front().thread.supplier_id)) {
    return NotFound("thread " + std::string(id));
  }
  return ViewOf(caller, std::move(found->front()));
}

core::Result<bool> RunExists(store::Store& db, std::int64_t run) {
  auto runs = db.ListRunsUncounted();
  if (!runs.ok()) return runs.error();
  return std::any_of(runs->begin(), runs->end(), [&](const store::RunSummary& summary) { return summary.id == run; });
}

// The filters of a ThreadsQuery, read and checked against the caller's scope.
core::Result<store::ThreadFilter> FilterOf(store::Store& db, const Caller& caller, const ThreadsQuery& query) {
  const SupplierScope scope = ScopeOf(caller);
  store::ThreadFilter filter;
  filter.reader = caller.user;
  if (query.run) {
    auto run = ParseIntegerParameter("run", *query.run, 1, INT64_MAX);
    if (!run.ok()) return run.error();
    filter.run = *run;
  }
  filter.supplier_id = query.supplier_id ? query.supplier_id : scope.only;
  if (filter.supplier_id) {
    if (!scope.Sees(*filter.supplier_id)) return NotFound("supplier '" + *filter.supplier_id + "'");
    auto exists = db.accounts().SupplierExists(*filter.supplier_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return NotFound("supplier '" + *filter.supplier_id + "'");
  }
  if (query.complaint_id) {
    auto owner = db.discussions().ComplaintSupplier(*query.complaint_id);
    if (!owner.ok()) return owner.error();
    if (!owner->has_value() || !scope.Sees(**owner)) return NotFound("complaint '" + *query.complaint_id + "'");
    filter.complaint_id = query.complaint_id;
  }
  if (filter.run) {
    auto known = scope.only ? db.discussions().RunHasResult(*filter.run, *scope.only) : RunExists(db, *filter.run);
    if (!known.ok()) return known.error();
    if (!*known) return NotFound("run " + *query.run);
  }
  if (query.settlement) {
    auto settlement = ParseIntegerParameter("settlement", *query.settlement, 1, INT64_MAX);
    if (!settlement.ok()) return settlement.error();
    auto shown = db.discussions().SettlementHasLines(*settlement, scope.only);
    if (!shown.ok()) return shown.error();
    if (!*shown) return NotFound("settlement " + *query.settlement);
    filter.settlement = *settlement;
  }
  return filter;
}

// The notifications of message `message_id` just posted by `caller` in
// `thread` (see discussions.hpp: earlier authors, and the supplier's users
// when staff writes; never the author).
core::Status NotifyMessage(store::Store& db, const Caller& caller, const store::ThreadRow& thread, Instant now) {
  auto authors = db.discussions().ThreadAuthors(thread.id);
  if (!authors.ok()) return authors.error();
  std::set<std::string> recipients(authors->begin(), authors->end());
  if (IsStaff(caller.role)) {
    auto supplier_users = SupplierRecipients(db, {thread.supplier_id});
    if (!supplier_users.ok()) return supplier_users.error();
    recipients.insert(supplier_users->begin(), supplier_users->end());
  }
  recipients.erase(caller.user);
  Notice notice;
  notice.kind = NotificationKind::kThreadReply;
  notice.text = caller.display_name + " wrote in \"" + thread.subject + "\".";
  notice.link = "/threads/" + std::to_string(thread.id);
  const std::vector<std::string> names(recipients.begin(), recipients.end());
  return Notify(db, names, notice, now);
}

// Writes a message of `caller` into `thread` with its read marker and
// notifications, inside the caller's transaction; returns its id.
core::Result<std::int64_t> WriteMessage(store::Store& db, const Caller& caller, const store::ThreadRow& thread,
                                        const std::string& body, Instant now) {
  store::MessageRow message;
  message.thread_id = thread.id;
  message.author = caller.user;
  message.body = body;
  message.created_at = now;
  auto id = db.discussions().InsertMessage(message);
  if (!id.ok()) return id.error();
  if (core::Status marked = db.discussions().MoveReadMarker(caller.user, thread.id, *id); !marked.ok())
    return marked.error();
  if (core::Status notified = NotifyMessage(db, caller, thread, now); !notified.ok()) return notified.error();
  return *id;
}

std::string LineName(const NewThread& thread) {
  return "line " + std::to_string(*thread.settlement_line) + " of settlement " + std::to_string(*thread.settlement);
}

std::string NoSuchLine(const NewThread& thread) { return "there is no " + LineName(thread) + " published"; }

// The supplier a new thread is about (see OpenThread for the errors).
core::Result<std::string> SupplierOf(store::Store& db, const Caller& caller, const NewThread& thread) {
  if (const auto& own = ScopeOf(caller).only) {
    if (thread.supplier_id && *thread.supplier_id != *own) return NotFound("supplier '" + *thread.supplier_id + "'");
    return *own;
  }
  if (!thread.supplier_id && thread.settlement) {
    auto owner = db.discussions().SettlementLineSupplier(*thread.settlement, *thread.settlement_line);
    if (!owner.ok()) return owner.error();
    if (!owner->has_value()) return Refused(NoSuchLine(thread), "/settlement_line");
    return **owner;
  }
  if (!thread.supplier_id) {
    auto owner = db.discussions().ComplaintSupplier(*thread.complaint_id);
    if (!owner.ok()) return owner.error();
    if (!owner->has_value()) return Refused("there is no complaint '" + *thread.complaint_id + "'", "/complaint_id");
    return **owner;
  }
  auto exists = db.accounts().SupplierExists(*thread.supplier_id);
  if (!exists.ok()) return exists.error();
  if (!*exists) return Refused("there is no supplier '" + *thread.supplier_id + "'", "/supplier_id");
  return *thread.supplier_id;
}

// Whether the complaint or run of a new thread belongs to `supplier_id`:
// a supplier user gets the not-found of another supplier's, staff a refusal.
core::Status CheckSubjectOf(store::Store& db, const Caller& caller, const NewThread& thread,
                            const std::string& supplier_id) {
  const bool staff = !ScopeOf(caller).only;
  if (thread.settlement) {
    auto owner = db.discussions().SettlementLineSupplier(*thread.settlement, *thread.settlement_line);
    if (!owner.ok()) return owner.error();
    if (owner->has_value() && **owner == supplier_id) return core::Ok{};
    if (!staff) return NotFound(LineName(thread));
    if (!owner->has_value()) return Refused(NoSuchLine(thread), "/settlement_line");
    return Refused(LineName(thread) + " is not of supplier '" + supplier_id + "'", "/settlement_line");
  }
  if (thread.complaint_id) {
    auto owner = db.discussions().ComplaintSupplier(*thread.complaint_id);
    if (!owner.ok()) return owner.error();
    if (owner->has_value() && **owner == supplier_id) return core::Ok{};
    if (!staff) return NotFound("complaint '" + *thread.complaint_id + "'");
    if (!owner->has_value()) return Refused("there is no complaint '" + *thread.complaint_id + "'", "/complaint_id");
    return Refused("complaint '" + *thread.complaint_id + "' is not of supplier '" + supplier_id + "'",
                   "/complaint_id");
  }
  auto has_result = db.discussions().RunHasResult(*thread.run, supplier_id);
  if (!has_result.ok()) return has_result.error();
  if (*has_result) return core::Ok{};
  const std::string run = std::to_string(*thread.run);
  if (!staff) return NotFound("run " + run);
  return Refused("run " + run + " is not a published run with a result of supplier '" + supplier_id + "'", "/run");
}

// The checks of a new thread on the request alone (400).
core::Status CheckNewThread(const Caller& caller, const NewThread& thread) {
  const int subjects = static_cast<int>(thread.complaint_id.has_value()) + static_cast<int>(thread.run.has_value()) +
                       static_cast<int>(thread.settlement.has_value());
  if (subjects != 1) {
    return core::BadInput("give exactly one of complaint_id, run and settlement", {"", 0, "/complaint_id"});
  }
  if (thread.settlement.has_value() != thread.settlement_line.has_value()) {
    return core::BadInput("'settlement' and 'settlement_line' go together", {"", 0, "/settlement_line"});
  }
  if (thread.run && !thread.supplier_id && !ScopeOf(caller).only) {
    return core::BadInput("'supplier_id' is required with 'run'", {"", 0, "/supplier_id"});
  }
  if (core::Status subject = CheckPlainText(thread.subject, kMaxSubjectCharacters, "/subject"); !subject.ok()) {
    return subject;
  }
  return CheckPlainText(thread.body, kMaxMessageCharacters, "/body");
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

}  // namespace

core::Status CheckPlainText(std::string_view text, std::size_t max_characters, const std::string& field) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return core::BadInput("must not be empty", {"", 0, field});
  }
  if (core::Status utf8 = CheckStoredText(text, field); !utf8.ok()) return utf8;
  if (CodePoints(text) > max_characters) {
    return core::BadInput("is longer than " + std::to_string(max_characters) + " characters", {"", 0, field});
  }
  return core::Ok{};
}

core::Result<ThreadsPage> ListThreads(store::Store& db, const Caller& caller, const ThreadsQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto unread = ParseBooleanParameter("unread", query.unread);
  if (!unread.ok()) return unread.error();
  auto filter = FilterOf(db, caller, query);
  if (!filter.ok()) return filter.error();
  auto threads = db.discussions().ListThreads(*filter);
  if (!threads.ok()) return threads.error();
  std::vector<ThreadView> kept;
  for (store::ThreadSummary& summary : *threads) {
    if (!*unread || (summary.unread > 0) == **unread) kept.push_back(ViewOf(caller, std::move(summary)));
  }
  ThreadsPage page;
  page.total_count = static_cast<std::int64_t>(kept.size());
  page.paging = *paging;
  page.rows = TakePage(std::move(kept), *paging);
  return page;
}

core::Result<ThreadView> ShowThread(store::Store& db, const Caller& caller, std::string_view id) {
  return FindVisibleThread(db, caller, id);
}

core::Result<MessagesPage> ListMessages(store::Store& db, const Caller& caller, std::string_view id,
                                        const std::optional<std::string>& limit,
                                        const std::optional<std::string>& offset) {
  auto paging = ParsePaging(limit, offset);
  if (!paging.ok()) return paging.error();
  auto thread = FindVisibleThread(db, caller, id);
  if (!thread.ok()) return thread.error();
  auto messages = db.discussions().ListMessages(thread->thread.id);
  if (!messages.ok()) return messages.error();
  MessagesPage page;
  page.total_count = static_cast<std::int64_t>(messages->size());
  page.paging = *paging;
  for (store::MessageRow& message : TakePage(*std::move(messages), *paging)) {
    page.rows.push_back(ViewOf(caller, std::move(message)));
  }
  return page;
}

core::Result<MessageView> ShowMessage(store::Store& db, const Caller& caller, std::string_view id,
                                      std::string_view message) {
  auto thread = FindVisibleThread(db, caller, id);
  if (!thread.ok()) return thread.error();
  const std::optional<std::int64_t> number = PathId(message);
  const auto not_found = [&] { return NotFound("message " + std::string(message) + " of thread " + std::string(id)); };
  if (!number) return not_found();
  auto found = db.discussions().FindMessage(*number);
  if (!found.ok()) return found.error();
  if (!found->has_value() || (*found)->thread_id != thread->thread.id) return not_found();
  return ViewOf(caller, **std::move(found));
}

core::Result<ThreadView> OpenThread(store::Store& db, const Caller& caller, const NewThread& thread, Instant now) {
  if (core::Status checked = CheckNewThread(caller, thread); !checked.ok()) return checked.error();
  auto supplier_id = SupplierOf(db, caller, thread);
  if (!supplier_id.ok()) return supplier_id.error();
  if (core::Status about = CheckSubjectOf(db, caller, thread, *supplier_id); !about.ok()) return about.error();
  store::ThreadRow row;
  row.supplier_id = *supplier_id;
  row.complaint_id = thread.complaint_id;
  row.run = thread.run;
  row.settlement = thread.settlement;
  row.settlement_line = thread.settlement_line;
  row.subject = thread.subject;
  row.created_by = caller.user;
  row.created_at = now;
  core::Status written = db.accounts().InTransaction([&]() -> core::Status {
    auto id = db.discussions().InsertThread(row);
    if (!id.ok()) return id.error();
    row.id = *id;
    auto message = WriteMessage(db, caller, row, thread.body, now);
    if (!message.ok()) return message.error();
    return core::Ok{};
  });
  if (!written.ok()) return written.error();
  return FindVisibleThread(db, caller, std::to_string(row.id));
}

core::Result<MessageView> PostMessage(store::Store& db, const Caller& caller, std::string_view id,
                                      const std::string& body, Instant now) {
  auto thread = FindVisibleThread(db, caller, id);
  if (!thread.ok()) return thread.error();
  if (core::Status text = CheckPlainText(body, kMaxMessageCharacters, "/body"); !text.ok()) return text.error();
  std::int64_t message_id = 0;
  core::Status written = db.accounts().InTransaction([&]() -> core::Status {
    auto message = WriteMessage(db, caller, thread->thread, body, now);
    if (!message.ok()) return message.error();
    message_id = *message;
    return core::Ok{};
  });
  if (!written.ok()) return written.error();
  return ShowMessage(db, caller, id, std::to_string(message_id));
}

core::Status MarkThreadRead(store::Store& db, const Caller& caller, std::string_view id, std::int64_t up_to) {
  auto thread = FindVisibleThread(db, caller, id);
  if (!thread.ok()) return thread.error();
  auto message = db.discussions().FindMessage(up_to);
  if (!message.ok()) return message.error();
  if (!message->has_value() || (*message)->thread_id != thread->thread.id) {
    return Refused("message " + std::to_string(up_to) + " is not in thread " + std::string(id), "/up_to");
  }
  return db.discussions().MoveReadMarker(caller.user, thread->thread.id, up_to);
}

}  // namespace supeval::service
