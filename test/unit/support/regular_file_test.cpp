// support::openForReading / readToEnd / readInChunks: a FIFO is opened
// without waiting for a writer and shows as a FIFO, a `/proc` file (size 0)
// is read in full, the byte limit is exact, and a sink can stop a read.
#include "support/regular_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace flytec::support {
namespace {

std::string tempPath(const char* name) { return ::testing::TempDir() + "regular_file_test_" + name; }

std::string writeFile(const char* name, const std::string& text) {
  std::string path = tempPath(name);
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  return path;
}

TEST(RegularFile, FifoOpensWithoutAWriterAndIsNotRegular) {
  std::string path = tempPath("fifo");
  ::unlink(path.c_str());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  struct stat st {};
  UniqueFd fd = openForReading(path, true, st);  // would block without O_NONBLOCK
  ASSERT_TRUE(fd.valid());
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  ::unlink(path.c_str());
}

TEST(RegularFile, ProcFileIsReadPastItsReportedSize) {
  struct stat st {};
  UniqueFd fd = openForReading("/proc/self/status", true, st);
  ASSERT_TRUE(fd.valid());
  EXPECT_EQ(st.st_size, 0);
  std::string text;
  EXPECT_EQ(readToEnd(fd.get(), 1 << 20, 0, text), ReadEnd::Eof);
  EXPECT_NE(text.find("Name:"), std::string::npos);
}

TEST(RegularFile, LimitIsExact) {
  std::string path = writeFile("limit", std::string(1000, 'x'));
  for (std::size_t limit : {999u, 1000u}) {
    struct stat st {};
    UniqueFd fd = openForReading(path, true, st);
    std::string text;
    ReadEnd end = readToEnd(fd.get(), limit, static_cast<std::size_t>(st.st_size), text);
    EXPECT_EQ(end, limit == 1000 ? ReadEnd::Eof : ReadEnd::TooLarge) << limit;
    if (end == ReadEnd::Eof) {
      EXPECT_EQ(text.size(), 1000u);
    }
  }
  ::unlink(path.c_str());
}

TEST(RegularFile, LinkRefusedUnlessFollowed) {
  std::string target = writeFile("target", "data");
  std::string link = tempPath("link");
  ::unlink(link.c_str());
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  struct stat st {};
  EXPECT_FALSE(openForReading(link, false, st).valid());
  EXPECT_EQ(errno, ELOOP);
  EXPECT_TRUE(openForReading(link, true, st).valid());
  ::unlink(link.c_str());
  ::unlink(target.c_str());
}

TEST(RegularFile, SinkStopsTheRead) {
  std::string path = writeFile("chunks", std::string(10, 'y'));
  struct stat st {};
  UniqueFd fd = openForReading(path, true, st);
  std::size_t pieces = 0;
  EXPECT_EQ(readInChunks(fd.get(), 3, [&](std::string_view) { return ++pieces < 2; }), ReadEnd::Stopped);
  EXPECT_EQ(pieces, 2u);
  ::unlink(path.c_str());
}

}  // namespace
}  // namespace flytec::support
