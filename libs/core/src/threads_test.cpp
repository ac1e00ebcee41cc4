// Tests of the thread helpers: every share runs once, each on a thread of its
// own, and one thread runs two pieces of work in turn. (A refused thread is
// tested on the real program under resource limits:
// tests/integration/cli_hardening_test.cpp.)
#include "supeval/core/threads.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace supeval::core {
namespace {

TEST(RunInParallel, RunsEveryShareOnceEachOnAThreadOfItsOwn) {
  constexpr std::size_t kShares = 5;
  std::vector<int> runs(kShares, 0);
  std::vector<std::thread::id> ids(kShares);
  RunInParallel(kShares, [&](std::size_t share) {
    ++runs[share];
    ids[share] = std::this_thread::get_id();
  });
  EXPECT_EQ(runs, std::vector<int>(kShares, 1));
  EXPECT_EQ(ids[0], std::this_thread::get_id());
  EXPECT_EQ(std::set<std::thread::id>(ids.begin(), ids.end()).size(), kShares);
}

TEST(RunSideBySide, OneThreadRunsBothInTurnOnTheCaller) {
  std::vector<int> order;
  RunSideBySide(
      1, [&] { order.push_back(1); }, [&] { order.push_back(2); });
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(RunSideBySide, TwoThreadsRunBoth) {
  std::mutex mutex;
  std::set<int> ran;
  RunSideBySide(
      2,
      [&] {
        const std::lock_guard lock(mutex);
        ran.insert(1);
      },
      [&] {
        const std::lock_guard lock(mutex);
        ran.insert(2);
      });
  EXPECT_EQ(ran, (std::set<int>{1, 2}));
}

TEST(ThreadRefused, SaysWhatTheSystemSaid) {
  const ThreadRefused refused(std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again)));
  EXPECT_EQ(std::string(refused.what()), std::make_error_code(std::errc::resource_unavailable_try_again).message());
}

}  // namespace
}  // namespace supeval::core
