// `supeval users` through the real binary, against SQLite and PostgreSQL:
// users are added with a final password read from standard input, listed
// without any hash or secret, disabled and enabled, logged out, given a new
// password; every change is in the audit log as the OS user with no
// address; refusals (the password rule, the supplier rule, an unknown user,
// the last admin) exit with 2 and change nothing. On a terminal the password
// is asked for twice, without echo.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "database_cli_test.hpp"
#include "process.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/sessions.hpp"
#include "supeval/store/accounts.hpp"
#include "supeval/store/store.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPassword = "a long passphrase";

std::string OsUser() { return getpwuid(geteuid())->pw_name; }

// `supeval ARGS` on a pseudo-terminal, typing each of `lines` once the
// output so far holds its prompt.
struct TerminalRun {
  int exit_status = -1;
  std::string output;  // everything the terminal showed
};

// Reads the terminal until its output holds `text`; false when the program
// ends (or shows nothing for a minute: a hang, not a timing).
bool ReadUntil(int terminal, std::string& output, std::string_view text) {
  while (output.find(text) == std::string::npos) {
    pollfd ready{terminal, POLLIN, 0};
    if (poll(&ready, 1, 60'000) <= 0) return false;
    char buffer[256];
    const ssize_t got = read(terminal, buffer, sizeof buffer);
    if (got <= 0) return false;
    output.append(buffer, static_cast<std::size_t>(got));
  }
  return true;
}

TerminalRun RunOnTerminal(const std::vector<std::string>& arguments,
                          const std::vector<std::pair<std::string, std::string>>& prompts_and_lines) {
  std::vector<char*> argv;
  std::string binary = SUPEVAL_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = arguments;
  for (std::string& argument : copies) argv.push_back(argument.data());
  argv.push_back(nullptr);
  int terminal = -1;
  const pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid == 0) {
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  TerminalRun run;
  for (const auto& [prompt, line] : prompts_and_lines) {
    if (!ReadUntil(terminal, run.output, prompt)) break;
    const std::string typed = line + "\n";
    if (write(terminal, typed.data(), typed.size()) != static_cast<ssize_t>(typed.size())) break;
  }
  ReadUntil(terminal, run.output, "\x04never shown");  // the rest, to the end
  close(terminal);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

class UsersCli : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (scratch_.empty()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 60).string(), "--progress", "none"});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
  }

  // `supeval users ARGS --db DB` with `input` as its standard input (a file,
  // never a terminal).
  ProcessResult Users(std::vector<std::string> arguments, const std::string& input = "") {
    const fs::path stdin_file = fs::path(scratch_) / "stdin";
    std::ofstream(stdin_file, std::ios::binary | std::ios::trunc) << input;
    arguments.insert(arguments.begin(), "users");
    arguments.push_back("--db");
    arguments.push_back(db());
    return RunSupeval(arguments, [&] {
      const int file = open(stdin_file.c_str(), O_RDONLY);
      dup2(file, STDIN_FILENO);
    });
  }

  ProcessResult Add(const std::string& name, const std::string& role, std::vector<std::string> more = {},
                    const std::string& password = std::string(kPassword)) {
    std::vector<std::string> arguments = {"add", name, "--role", role, "--password-stdin"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return Users(arguments, password + "\n");
  }

  // The database opened in this process, as the server would.
  std::unique_ptr<store::Store> Open() {
    auto opened = store::OpenStore(db());
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    return opened.ok() ? *std::move(opened) : nullptr;
  }

  static service::SessionOptions Cheap() {
    service::SessionOptions options;
    options.cost = service::PasswordCost::Cheapest();
    return options;
  }

  static service::Instant Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

  service::LoginOutcome LogIn(store::Store& database, const std::string& name, std::string_view password) {
    service::Sessions sessions(database.accounts(), Cheap());
    return sessions.Login({name, std::string(password), std::nullopt, "192.0.2.1", "test", std::nullopt}, Now());
  }
};

TEST_P(UsersCli, AddListAndLogInWithTheFinalPassword) {
  const ProcessResult added = Add("ann", "quality", {"--display-name", "Ann Lee"});
  ASSERT_EQ(added.exit_status, 0) << added.err;
  EXPECT_EQ(added.out, "added user ann (quality)\n");
  // A password read without --password-stdin from what is no terminal: its first line.
  const ProcessResult sam =
      Users({"add", "sam", "--role", "supplier", "--supplier", "S00003"}, std::string(kPassword) + "\r\nignored\n");
  ASSERT_EQ(sam.exit_status, 0) << sam.err;

  const ProcessResult table = Users({"list"});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_NE(table.out.find("Ann Lee"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("S00003"), std::string::npos) << table.out;
  const ProcessResult json = Users({"list", "--format", "json"});
  ASSERT_EQ(json.exit_status, 0) << json.err;
  EXPECT_NE(json.out.find(R"("display_name": "Ann Lee")"), std::string::npos) << json.out;
  for (const std::string& text : {table.out, json.out}) {
    EXPECT_EQ(text.find("argon2"), std::string::npos);
    EXPECT_EQ(text.find(kPassword), std::string::npos);
  }

  auto database = Open();
  ASSERT_TRUE(database);
  service::LoginOutcome login = LogIn(*database, "sam", kPassword);
  ASSERT_TRUE(login.ok()) << login.error.ToString();
  EXPECT_FALSE(login.session->session.required_action) << "a password set with `users` is final";
  EXPECT_EQ(login.session->session.supplier_id, "S00003");

  store::AuditFilter creations;
  creations.action = "user.create";
  auto audit = database->accounts().ListAudit(creations);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2U);
  for (const store::AuditEntry& entry : *audit) {
    EXPECT_EQ(entry.action, "user.create");
    EXPECT_EQ(entry.user, OsUser());
    EXPECT_FALSE(entry.address);
  }
}

TEST_P(UsersCli, DisableLogoutAndPasswdEndSessions) {
  ASSERT_EQ(Add("ann", "quality").exit_status, 0);
  auto database = Open();
  ASSERT_TRUE(database);
  service::Sessions sessions(database->accounts(), Cheap());
  const service::LoginOutcome first = LogIn(*database, "ann", kPassword);
  ASSERT_TRUE(first.ok());

  const ProcessResult logout = Users({"logout", "ann"});
  ASSERT_EQ(logout.exit_status, 0) << logout.err;
  EXPECT_EQ(logout.out, "ended 1 session of ann\n");
  EXPECT_EQ(sessions.Authenticate(first.session->session_id, Now()).error().problem, "session-expired");

  const ProcessResult disabled = Users({"disable", "ann"});
  ASSERT_EQ(disabled.exit_status, 0) << disabled.err;
  EXPECT_FALSE(LogIn(*database, "ann", kPassword).ok());
  ASSERT_EQ(Users({"enable", "ann"}).exit_status, 0);
  const service::LoginOutcome second = LogIn(*database, "ann", kPassword);
  ASSERT_TRUE(second.ok());

  const ProcessResult passwd = Users({"passwd", "ann", "--password-stdin"}, "another passphrase\n");
  ASSERT_EQ(passwd.exit_status, 0) << passwd.err;
  EXPECT_EQ(sessions.Authenticate(second.session->session_id, Now()).error().problem, "session-expired");
  EXPECT_FALSE(LogIn(*database, "ann", kPassword).ok());
  EXPECT_TRUE(LogIn(*database, "ann", "another passphrase").ok());
  ASSERT_EQ(Users({"reset-totp", "ann"}).exit_status, 0);

  auto audit = database->accounts().ListAudit({});
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> actions;
  for (auto entry = audit->rbegin(); entry != audit->rend(); ++entry) {
    if (entry->action != "import") actions.push_back(entry->action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"user.create", "user.logout", "user.update", "user.update",
                                               "user.update", "user.update"}));
  for (const store::AuditEntry& entry : *audit) {
    for (const auto& json : {entry.before, entry.after}) {
      if (!json) continue;
      EXPECT_EQ(json->find("argon2"), std::string::npos) << *json;
      EXPECT_EQ(json->find("passphrase"), std::string::npos) << *json;
    }
  }
}

TEST_P(UsersCli, RefusalsExitWithTwoAndChangeNothing) {
  ASSERT_EQ(Add("boss", "admin").exit_status, 0);
  struct Refusal {
    std::vector<std::string> arguments;
    std::string input;
    std::string message;
  };
  const std::vector<Refusal> refusals = {
      {{"add", "ann", "--role", "quality"}, "password1\n", "3,000 most common"},
      {{"add", "ann", "--role", "quality"}, "seven77\n", "too short"},
      {{"add", "ann", "--role", "quality"}, "", "no password on standard input"},
      {{"add", "ann", "--role", "supplier"}, "a long passphrase\n", "needs a supplier_id"},
      {{"add", "ann", "--role", "supplier", "--supplier", "S99999"}, "a long passphrase\n", "no supplier 'S99999'"},
      {{"add", "ann", "--role", "quality", "--supplier", "S00001"}, "a long passphrase\n", "only a supplier user"},
      {{"add", "ann lee", "--role", "quality"}, "a long passphrase\n", "a user name is"},
      {{"add", "boss", "--role", "quality"}, "a long passphrase\n", "exists already"},
      {{"add", "ann", "--role", "boss"}, "a long passphrase\n", "boss not in"},
      {{"disable", "nobody"}, "", "there is no user 'nobody'"},
      {{"passwd", "nobody"}, "a long passphrase\n", "there is no user 'nobody'"},
      {{"disable", "boss"}, "", "last enabled admin"},
  };
  for (const Refusal& refusal : refusals) {
    const ProcessResult refused = Users(refusal.arguments, refusal.input);
    EXPECT_EQ(refused.exit_status, 2) << refusal.message << ": " << refused.err;
    EXPECT_NE(refused.err.find(refusal.message), std::string::npos) << refused.err;
    EXPECT_EQ(refused.err.find("argon2"), std::string::npos);
  }
  auto database = Open();
  ASSERT_TRUE(database);
  auto users = database->accounts().ListUsers({});
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1U);
  EXPECT_FALSE(users->front().disabled);
  EXPECT_EQ(*database->accounts().CountAudit({}), 2) << "the import and the admin";
}

TEST_P(UsersCli, OnATerminalThePasswordIsAskedTwiceWithoutEcho) {
  const TerminalRun added =
      RunOnTerminal({"users", "add", "ann", "--role", "quality", "--db", db()},
                    {{"New password for ann: ", "a secret phrase"}, {"Repeat it: ", "a secret phrase"}});
  EXPECT_EQ(added.exit_status, 0) << added.output;
  EXPECT_NE(added.output.find("added user ann"), std::string::npos) << added.output;
  EXPECT_EQ(added.output.find("a secret phrase"), std::string::npos) << "echoed: " << added.output;

  const TerminalRun differ =
      RunOnTerminal({"users", "passwd", "ann", "--db", db()},
                    {{"New password for ann: ", "one phrase here"}, {"Repeat it: ", "another phrase"}});
  EXPECT_EQ(differ.exit_status, 2) << differ.output;
  EXPECT_NE(differ.output.find("the two passwords differ"), std::string::npos) << differ.output;
  auto database = Open();
  ASSERT_TRUE(database);
  EXPECT_TRUE(LogIn(*database, "ann", "a secret phrase").ok()) << "unchanged";
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersCli, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const auto& param_info) { return store::testing::BackendName(param_info.param); });

}  // namespace
}  // namespace supeval::testing
