// fork/exec with pipes for stdout and stderr, read with poll so neither fills.
#include "process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace supeval::testing {

namespace {

// In a forked child: becomes SUPEVAL_BINARY with `arguments`.
[[noreturn]] void ExecSupeval(const std::vector<std::string>& arguments) {
  std::string binary = SUPEVAL_BINARY;
  std::vector<std::string> copies = arguments;
  std::vector<char*> argv = {binary.data()};
  for (std::string& argument : copies) argv.push_back(argument.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

}  // namespace

ProcessResult RunSupeval(const std::vector<std::string>& arguments, const std::function<void()>& in_child) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (in_child) in_child();
    ExecSupeval(arguments);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ProcessResult RunSupevalAs(const UserIdentity& identity, const std::vector<std::string>& arguments) {
  return RunSupeval(arguments, [&identity] {
    if (setgroups(0, nullptr) != 0 || setgid(identity.group) != 0 || setuid(identity.user) != 0) _exit(126);
  });
}

RunningSupeval::RunningSupeval(const std::vector<std::string>& arguments, bool capture_output) {
  int err[2];
  int out[2] = {-1, -1};
  if (pipe(err) != 0 || (capture_output && pipe(out) != 0)) throw std::runtime_error("pipe failed");
  // A test reads a server's request log only when it needs to: a pipe of
  // the default 64 KiB would fill during a long walk of the API and block
  // the server mid-request. 1 MiB (Linux's default pipe-max-size) holds
  // every test's log; where the kernel refuses, the default stays.
  fcntl(err[1], F_SETPIPE_SZ, 1 << 20);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(capture_output ? out[1] : null, STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    for (const int descriptor : {err[0], err[1], out[0], out[1]}) {
      if (descriptor >= 0) close(descriptor);
    }
    ExecSupeval(arguments);
  }
  close(err[1]);
  err_ = fdopen(err[0], "r");
  if (capture_output) {
    close(out[1]);
    out_ = fdopen(out[0], "r");
  }
}

RunningSupeval::~RunningSupeval() {
  if (pid_ > 0 && !waited_) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (err_ != nullptr) fclose(err_);
  if (out_ != nullptr) fclose(out_);
}

bool RunningSupeval::ReadLine(std::string& line) {
  char buffer[4096];
  if (fgets(buffer, sizeof buffer, err_) == nullptr) return false;
  line = buffer;
  return true;
}

bool RunningSupeval::ReadUntil(std::string_view text, std::string& line) {
  while (ReadLine(line)) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

bool RunningSupeval::ReadOutputLine(std::string& line) {
  char buffer[4096];
  if (out_ == nullptr || fgets(buffer, sizeof buffer, out_) == nullptr) return false;
  line = buffer;
  return true;
}

void RunningSupeval::Signal(int signal) { kill(pid_, signal); }

void RunningSupeval::Kill() { kill(pid_, SIGKILL); }

int RunningSupeval::Wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  waited_ = true;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int RunningSupeval::WaitAtMost(std::chrono::seconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      Kill();
      return Wait();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  waited_ = true;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Shell(const std::string& command) {
  std::string output;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  pclose(pipe);
  return output;
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "supeval-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace supeval::testing
