// Atomic output: replaced whole on success, untouched on failure, and targets
// that are no regular files (pipes, devices) written in place, never replaced.
#include "supeval/io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace supeval::io {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  const fs::path dir = fs::temp_directory_path() / ("supeval_atomic_" + std::to_string(::getpid()) + "_" +
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFile, ReplacesARegularFileWhole) {
  const fs::path dir = TempDir();
  std::ofstream(dir / "out.csv") << "old";
  ASSERT_TRUE(WriteFileAtomically(dir / "out.csv", "new content").ok());
  EXPECT_EQ(Read(dir / "out.csv"), "new content");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(AtomicFile, AMissingFolderFailsAndLeavesNothing) {
  const fs::path dir = TempDir();
  EXPECT_FALSE(WriteFileAtomically(dir / "no" / "out.csv", "x").ok());
  EXPECT_FALSE(fs::exists(dir / "no"));
  fs::remove_all(dir);
}

TEST(AtomicFile, APipeIsWrittenInPlaceNotReplaced) {
  const fs::path dir = TempDir();
  const fs::path pipe = dir / "pipe";
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = Read(pipe); });
  const core::Status status = WriteFileAtomically(pipe, "through the pipe");
  reader.join();
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(pipe))) << "the pipe must not be replaced by a file";
  fs::remove_all(dir);
}

TEST(AtomicFile, ASymbolicLinkIsKeptAndItsFileReplaced) {
  const fs::path dir = TempDir();
  std::ofstream(dir / "real.csv") << "old";
  fs::create_symlink(dir / "real.csv", dir / "link.csv");
  ASSERT_TRUE(WriteFileAtomically(dir / "link.csv", "new").ok());
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link.csv")));
  EXPECT_EQ(Read(dir / "real.csv"), "new");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace supeval::io
