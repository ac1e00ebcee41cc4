// Discussions (API.md, "The ppm adjustment, discussions and notifications"):
// threads between a supplier and the staff about one complaint or about the
// supplier's result in one published run, their messages, and each user's
// read marker. Staff (admin, quality, purchasing) see and post in every
// thread; a supplier user only in its own supplier's, and any id of another
// supplier's thread, complaint or run result answers the kNotFound of one
// that does not exist. To a supplier user, people appear by display name
// only (`created_by`, `author`); staff see login names.
//
// Who is notified (thread.reply) of a message, opening message included:
// every earlier author of the thread, and — when staff writes — every
// enabled user of the thread's supplier; never the author. So a supplier's
// users hear of every staff message in their threads, and staff hear of the
// threads they took part in; a thread a supplier opens reaches staff as an
// unread thread (GET /api/v1/threads?unread=true), not as a notification.
//
// Read markers: posting moves the author's marker to its message; a marker
// only moves forward (an older `up_to` is accepted and changes nothing);
// a thread's `unread` counts the messages after the reader's marker that
// others wrote.
//
// Thread-safety: the functions share no state; a Store is used from the
// calling thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// API.md: a message is plain text of at most 10,000 characters (Unicode
// code points); a subject at most 200. Neither may be blank.
inline constexpr std::size_t kMaxMessageCharacters = 10'000;
inline constexpr std::size_t kMaxSubjectCharacters = 200;

struct ThreadView {
  store::ThreadRow thread;
  std::string created_by;  // login name for staff, display name for a supplier user
  std::optional<Instant> last_message_at;
  std::int64_t unread = 0;  // messages others wrote after the caller's marker
};

struct MessageView {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::string author;  // login name for staff, display name for a supplier user
  std::string body;
  Instant created_at;
};

// GET /api/v1/threads: the filters as given in the query. kBadInput naming
// the parameter for a bad run, unread ("true"/"false"), limit or offset;
// kNotFound for a supplier, complaint or run that names nothing or — for a
// supplier user — not its own (another supplier, or a run without its
// result). Newest activity first, then by id.
struct ThreadsQuery {
  std::optional<std::string> supplier_id;
  std::optional<std::string> complaint_id;
  std::optional<std::string> run;
  std::optional<std::string> unread;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
  // A published settlement (docs/contracts-api.md): kNotFound when it has
  // no line — for a supplier user, none of its own.
  std::optional<std::string> settlement = std::nullopt;
};
struct ThreadsPage {
  std::vector<ThreadView> rows;
  std::int64_t total_count = 0;
  Paging paging;
};
[[nodiscard]] core::Result<ThreadsPage> ListThreads(store::Store& db, const Caller& caller, const ThreadsQuery& query);

// GET /api/v1/threads/{id}: kNotFound when `id` (as given in the path)
// names no thread the caller may see.
[[nodiscard]] core::Result<ThreadView> ShowThread(store::Store& db, const Caller& caller, std::string_view id);

// GET /api/v1/threads/{id}/messages: oldest first, paged. Errors as ShowThread.
struct MessagesPage {
  std::vector<MessageView> rows;
  std::int64_t total_count = 0;
  Paging paging;
};
[[nodiscard]] core::Result<MessagesPage> ListMessages(store::Store& db, const Caller& caller, std::string_view id,
                                                      const std::optional<std::string>& limit,
                                                      const std::optional<std::string>& offset);
// GET /api/v1/threads/{id}/messages/{m}: kNotFound also when `message`
// names no message of that thread.
[[nodiscard]] core::Result<MessageView> ShowMessage(store::Store& db, const Caller& caller, std::string_view id,
                                                    std::string_view message);

// POST /api/v1/threads. `supplier_id` may be left out by a supplier user
// (its own) and by staff with a complaint (the complaint's supplier).
// Errors, in this order: kBadInput (field the member's pointer) for both or
// neither of complaint_id and run, no supplier_id with a run from staff, a
// blank or too long subject or body; kNotFound for a supplier user naming
// another supplier, another supplier's complaint, or a run without its
// result; kRefused ("rule-violation", field the pointer) for staff naming
// an unknown supplier or complaint, a complaint of another supplier, or a
// run that is not published or has no result of the supplier.
//
// Or about a line of a published settlement (docs/contracts-api.md):
// `settlement` with `settlement_line` (kBadInput "/settlement_line" when
// one comes without the other); staff may leave out supplier_id (the
// line's supplier). A line of another supplier is the supplier user's
// kNotFound and staff's kRefused, as a complaint's.
struct NewThread {
  std::optional<std::string> supplier_id;
  std::optional<std::string> complaint_id;
  std::optional<std::int64_t> run;
  std::string subject;
  std::string body;
  std::optional<std::int64_t> settlement = std::nullopt;
  std::optional<std::int64_t> settlement_line = std::nullopt;
};
[[nodiscard]] core::Result<ThreadView> OpenThread(store::Store& db, const Caller& caller, const NewThread& thread,
                                                  Instant now);

// POST /api/v1/threads/{id}/messages: errors as ShowThread, then kBadInput
// "/body" for a blank or too long body.
[[nodiscard]] core::Result<MessageView> PostMessage(store::Store& db, const Caller& caller, std::string_view id,
                                                    const std::string& body, Instant now);

// PUT /api/v1/threads/{id}/read: errors as ShowThread, then kRefused
// ("/up_to") when `up_to` is no message of that thread.
[[nodiscard]] core::Status MarkThreadRead(store::Store& db, const Caller& caller, std::string_view id,
                                          std::int64_t up_to);

// kBadInput naming `field` when `text` is blank, not UTF-8 text, or longer
// than `max_characters` code points.
[[nodiscard]] core::Status CheckPlainText(std::string_view text, std::size_t max_characters, const std::string& field);

}  // namespace supeval::service
