// Running work beside the caller, the one way supeval does it (Beside,
// RunInParallel, RunSideBySide):
// - what work on another thread throws is rethrown on the caller's thread
//   when it waits, never std::terminate;
// - a thread the system refuses (a limit on processes, no address space left
//   for its stack) ends the operation with ThreadRefused, threads already
//   started joined first, and the edge (the command line) reports it. That is
//   the one exception supeval's libraries throw on purpose: a refusal can
//   happen deep inside a parallel read, where threading an Error back out of
//   every loop would cost more than it says.
// Thread-safe: each call and each Beside owns the threads it starts.
#pragma once

#include <concepts>
#include <cstddef>
#include <exception>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace supeval::core {

// A thread the system would not start; what() says why ("Resource
// temporarily unavailable").
class ThreadRefused : public std::runtime_error {
 public:
  explicit ThreadRefused(const std::system_error& refusal) : std::runtime_error(refusal.code().message()) {}
};

// Starts `function` on a new thread, joined when the returned jthread goes.
// Throws ThreadRefused when the system refuses the thread.
template <class Function>
[[nodiscard]] std::jthread StartThread(Function&& function) {
  try {
    return std::jthread(std::forward<Function>(function));
  } catch (const std::system_error& refusal) {
    throw ThreadRefused(refusal);
  }
}

// A piece of work running beside the caller on a thread of its own, started
// when constructed (throws ThreadRefused when the system refuses the thread).
// Wait() waits for it and rethrows on the caller's thread what the work
// threw. The destructor waits too, and drops such an exception: the caller is
// leaving already, by an early return or by unwinding from its own failure.
// Move-constructible (into a container); never assigned.
class Beside {
 public:
  template <class Work>
  requires std::invocable<Work&>
  explicit Beside(Work&& work)
      : failure_(std::make_unique<std::exception_ptr>()),
        thread_(StartThread([failure = failure_.get(), work = std::forward<Work>(work)]() mutable {
          try {
            work();
          } catch (...) {
            *failure = std::current_exception();
          }
        })) {}
  Beside(Beside&&) noexcept = default;
  Beside& operator=(Beside&&) = delete;
  Beside(const Beside&) = delete;
  Beside& operator=(const Beside&) = delete;
  ~Beside() = default;  // thread_ goes first: joined before failure_ is freed

  // Waits for the work; rethrows what it threw (once).
  void Wait() {
    if (thread_.joinable()) thread_.join();
    if (failure_ && *failure_) std::rethrow_exception(std::exchange(*failure_, nullptr));
  }

 private:
  // On the heap, so that a move leaves the running thread's target in place.
  std::unique_ptr<std::exception_ptr> failure_;
  std::jthread thread_;
};

// Runs work(0), ..., work(count - 1) at the same time, work(0) on the calling
// thread and each other on a thread of its own, and returns when all have
// returned; rethrows the first (by index) exception a call threw, after all
// have returned. Requires count >= 1. When the system refuses a thread, the
// ones started run to their end and ThreadRefused is thrown without work(0)
// having run: the calls must therefore never wait for one another.
template <class Work>
void RunInParallel(std::size_t count, const Work& work) {
  std::vector<Beside> helpers;
  helpers.reserve(count);
  for (std::size_t i = 1; i < count; ++i) helpers.emplace_back([&work, i] { work(i); });
  work(0);
  for (Beside& helper : helpers) helper.Wait();
}

// Runs `first` and `second` at the same time, on two threads, or in turn on
// this one when threads < 2. Refusal: as RunInParallel.
template <class First, class Second>
void RunSideBySide(std::size_t threads, const First& first, const Second& second) {
  if (threads < 2) {
    first();
    second();
    return;
  }
  RunInParallel(2, [&](std::size_t which) {
    if (which == 0) {
      first();
    } else {
      second();
    }
  });
}

}  // namespace supeval::core
