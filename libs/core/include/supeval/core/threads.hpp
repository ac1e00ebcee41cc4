// Starting threads so that one the system refuses (a limit on processes, no
// address space left for its stack) ends the operation with ThreadRefused
// instead of std::terminate: threads already started are joined first, and
// the edge (the command line) reports it. It is the one exception supeval's
// libraries throw on purpose: a refusal can happen deep inside a parallel
// read, where threading an Error back out of every loop would cost more than
// it says.
// Thread-safe: free functions; each call owns the threads it starts.
#pragma once

#include <cstddef>
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

// Runs work(0), ..., work(count - 1) at the same time, work(0) on the calling
// thread and each other on a thread of its own, and returns when all have
// returned. Requires count >= 1. When the system refuses a thread, the ones
// started run to their end and ThreadRefused is thrown without work(0)
// having run: the calls must therefore never wait for one another.
template <class Work>
void RunInParallel(std::size_t count, const Work& work) {
  std::vector<std::jthread> helpers;
  helpers.reserve(count);
  for (std::size_t i = 1; i < count; ++i) helpers.push_back(StartThread([&work, i] { work(i); }));
  work(0);
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
