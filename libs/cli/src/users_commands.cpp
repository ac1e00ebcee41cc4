// `supeval users ...`: the account use cases of supeval::service, called
// with the OS user as an administrator.
#include "users_commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <istream>
#include <string>

#include "os_user.hpp"
#include "output.hpp"
#include "supeval/cli/cli.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/store/accounts.hpp"
#include "supeval/store/store.hpp"

namespace supeval::cli {
namespace {

// The clock and the user are read here, at the edge, and passed in.
service::Instant Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// Turns the terminal's echo off for as long as it lives.
class EchoOff {
 public:
  EchoOff() : active_(tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!active_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  ~EchoOff() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }

 private:
  termios saved_{};
  bool active_;
};

core::Error NoPassword(std::string message) { return core::BadInput(std::move(message), {"", 0, "--password-stdin"}); }

// One line of `in` without its line end; an error at the end of the input.
core::Result<std::string> ReadLine(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return NoPassword("no password on standard input (give it as its first line)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: prompted for twice on a terminal, else one line of `in`.
core::Result<std::string> ReadNewPassword(std::istream& in, std::ostream& err, bool from_stdin,
                                          const std::string& user) {
  if (from_stdin || isatty(STDIN_FILENO) != 1) return ReadLine(in);
  std::string first;
  std::string second;
  {
    const EchoOff quiet;
    err << "New password for " << user << ": " << std::flush;
    auto typed = ReadLine(in);
    err << "\n";
    if (!typed.ok()) return typed.error();
    first = *typed;
    err << "Repeat it: " << std::flush;
    auto repeated = ReadLine(in);
    err << "\n";
    if (!repeated.ok()) return repeated.error();
    second = *repeated;
  }
  if (first != second) return NoPassword("the two passwords differ; nothing was changed");
  return first;
}

struct UsersArgs {
  std::string db{store::kDefaultDatabaseUrl};
  std::string name;
  std::string role;
  std::string supplier;
  std::string display_name;
  bool password_stdin = false;
  std::string format = "table";
};

// Runs `work` on the accounts of the database; returns the exit status.
int WithAccounts(const UsersArgs& args, std::ostream& err,
                 const std::function<core::Status(service::Accounts&)>& work) {
  auto db = store::OpenStore(args.db);
  if (!db.ok()) return Report(db.error(), err);
  service::Accounts accounts((*db)->accounts());
  if (core::Status done = work(accounts); !done.ok()) return Report(done.error(), err);
  return kExitOk;
}

}  // namespace

struct UsersCommands::Impl {
  UsersArgs args;
  CLI::App* add = nullptr;
  CLI::App* passwd = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* enable = nullptr;
  CLI::App* logout = nullptr;
  CLI::App* reset_totp = nullptr;
  CLI::App* list = nullptr;

  explicit Impl(CLI::App& app) {
    CLI::App* users = app.add_subcommand("users", "User accounts of the server: add, passwd, disable, list, ...");
    users->require_subcommand(1);
    add = users->add_subcommand("add", "Add a user with a password (prompted for, or read from standard input)");
    passwd = users->add_subcommand("passwd", "Set a user's password; its sessions end");
    disable = users->add_subcommand("disable", "Disable a user: its sessions end and its API tokens are revoked");
    enable = users->add_subcommand("enable", "Enable a disabled user again");
    logout = users->add_subcommand("logout", "End all sessions of a user");
    reset_totp = users->add_subcommand("reset-totp", "Remove a user's TOTP enrolment; its sessions end");
    list = users->add_subcommand("list", "List the users (never a password or secret)");
    for (CLI::App* command : {add, passwd, disable, enable, logout, reset_totp, list}) {
      command->add_option("--db", args.db, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB")
          ->capture_default_str();
    }
    for (CLI::App* command : {add, passwd, disable, enable, logout, reset_totp}) {
      command->add_option("NAME", args.name, "Login name")->required();
    }
    add->add_option("--role", args.role, "admin, quality, purchasing or supplier")
        ->required()
        ->check(CLI::IsMember({"admin", "quality", "purchasing", "supplier"}));
    add->add_option("--supplier", args.supplier, "The supplier_id of a supplier user");
    add->add_option("--display-name", args.display_name, "The name others see (default: NAME)");
    for (CLI::App* command : {add, passwd}) {
      command->add_flag("--password-stdin", args.password_stdin,
                        "Read the password from the first line of standard input");
    }
    list->add_option("--format", args.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  }

  int Add(std::istream& in, std::ostream& out, std::ostream& err) {
    auto password = ReadNewPassword(in, err, args.password_stdin, args.name);
    if (!password.ok()) return Report(password.error(), err);
    service::NewUser user;
    user.name = args.name;
    user.display_name = args.display_name;
    user.role = *service::ParseRole(args.role);
    if (!args.supplier.empty()) user.supplier_id = args.supplier;
    user.password = *password;
    return WithAccounts(args, err, [&](service::Accounts& accounts) -> core::Status {
      auto created = accounts.CreateUser(OsCaller(), user, Now());
      if (!created.ok()) return created.error();
      out << "added user " << created->user.name << " (" << service::RoleName(created->user.role)
          << (created->user.supplier_id ? " of supplier " + *created->user.supplier_id : std::string()) << ")\n";
      return core::Ok{};
    });
  }

  int Passwd(std::istream& in, std::ostream& out, std::ostream& err) {
    auto password = ReadNewPassword(in, err, args.password_stdin, args.name);
    if (!password.ok()) return Report(password.error(), err);
    return WithAccounts(args, err, [&](service::Accounts& accounts) -> core::Status {
      auto user = accounts.SetPassword(OsCaller(), args.name, *password, Now());
      if (!user.ok()) return user.error();
      out << "set the password of " << user->name << "; its sessions ended\n";
      return core::Ok{};
    });
  }

  int Patch(const service::UserPatch& patch, const std::string& done, std::ostream& out, std::ostream& err) {
    return WithAccounts(args, err, [&](service::Accounts& accounts) -> core::Status {
      auto user = accounts.UpdateUser(OsCaller(), args.name, patch, std::nullopt, Now());
      if (!user.ok()) return user.error();
      out << done << " " << user->user.name << "\n";
      return core::Ok{};
    });
  }

  int Logout(std::ostream& out, std::ostream& err) {
    return WithAccounts(args, err, [&](service::Accounts& accounts) -> core::Status {
      auto ended = accounts.EndSessions(OsCaller(), args.name, Now());
      if (!ended.ok()) return ended.error();
      out << "ended " << *ended << (*ended == 1 ? " session" : " sessions") << " of " << args.name << "\n";
      return core::Ok{};
    });
  }

  int List(std::ostream& out, std::ostream& err) {
    return WithAccounts(args, err, [&](service::Accounts& accounts) -> core::Status {
      auto users = accounts.ListUsers(OsCaller(), {});
      if (!users.ok()) return users.error();
      out << (args.format == "json" ? service::WriteUsersJson(*users) : service::WriteUsersTable(*users));
      return core::Ok{};
    });
  }

  std::optional<int> Run(std::istream& in, std::ostream& out, std::ostream& err) {
    if (add->parsed()) return Add(in, out, err);
    if (passwd->parsed()) return Passwd(in, out, err);
    if (disable->parsed() || enable->parsed()) {
      service::UserPatch patch;
      patch.disabled = disable->parsed();
      return Patch(patch, disable->parsed() ? "disabled" : "enabled", out, err);
    }
    if (reset_totp->parsed()) {
      service::UserPatch patch;
      patch.reset_totp = true;
      return Patch(patch, "removed the TOTP enrolment of", out, err);
    }
    if (logout->parsed()) return Logout(out, err);
    if (list->parsed()) return List(out, err);
    return std::nullopt;
  }
};

UsersCommands::UsersCommands(CLI::App& app) : impl_(std::make_unique<Impl>(app)) {}
UsersCommands::~UsersCommands() = default;

std::optional<int> UsersCommands::Run(std::istream& in, std::ostream& out, std::ostream& err) {
  return impl_->Run(in, out, err);
}

}  // namespace supeval::cli
