// Tests of the thread helpers: every share runs once, each on a thread of its
// own; one thread runs two pieces of work in turn; what work beside the
// caller throws reaches the caller. (A refused thread is
// tested on the real program under resource limits:
// tests/integration/cli_hardening_test.cpp.)
#include "supeval/core/threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
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

TEST(RunInParallel, RethrowsWhatAHelperThrewAfterAllReturned) {
  std::vector<int> runs(3, 0);
  EXPECT_THROW(RunInParallel(3,
                             [&](std::size_t share) {
                               ++runs[share];
                               if (share == 2) throw std::runtime_error("share 2 failed");
                             }),
               std::runtime_error);
  EXPECT_EQ(runs, std::vector<int>(3, 1));
}

TEST(RunInParallel, TheCallersOwnFailureWinsAndTheHelpersAreJoined) {
  std::atomic<int> finished = 0;
  try {
    RunInParallel(3, [&](std::size_t share) {
      if (share == 0) throw std::logic_error("caller's share");
      if (share == 1) throw std::runtime_error("helper's share");
      ++finished;
    });
    FAIL() << "no exception";
  } catch (const std::logic_error& error) {
    EXPECT_EQ(std::string(error.what()), "caller's share");
  }
  EXPECT_EQ(finished.load(), 1);  // share 2 ran to its end before the call returned
}

TEST(Beside, WaitRethrowsOnTheCallersThreadOnce) {
  Beside work([] { throw std::runtime_error("beside"); });
  EXPECT_THROW(work.Wait(), std::runtime_error);
  EXPECT_NO_THROW(work.Wait());
}

TEST(Beside, RunsOnAnotherThreadAndSurvivesAMove) {
  std::thread::id ran_on;
  Beside started([&] { ran_on = std::this_thread::get_id(); });
  std::vector<Beside> moved;
  moved.push_back(std::move(started));
  moved.front().Wait();
  EXPECT_NE(ran_on, std::thread::id());
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(Beside, TheDestructorWaitsAndDropsTheFailure) {
  std::atomic<bool> done = false;
  {
    const Beside work([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      done = true;
      throw std::runtime_error("dropped");
    });
  }
  EXPECT_TRUE(done.load());
}

TEST(ThreadRefused, SaysWhatTheSystemSaid) {
  const ThreadRefused refused(std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again)));
  EXPECT_EQ(std::string(refused.what()), std::make_error_code(std::errc::resource_unavailable_try_again).message());
}

}  // namespace
}  // namespace supeval::core
