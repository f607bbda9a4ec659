// support/atomic_write.h: each kind of thing at an output path gets the
// documented treatment: a file is replaced (mode kept), a link is written
// through (and a dangling link's target created), a FIFO or socket is written
// into and stays what it was, a directory is refused. Character devices are
// covered by the lit tests (test/outputs/, mknod needs root).
#include "support/atomic_write.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using flytec::support::writeFileAtomically;

namespace {

class AtomicWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("flytec-atomic-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(root_), {})); }

  fs::path root_;
};

TEST_F(AtomicWriteTest, AbsentFileIsCreated) {
  std::string error;
  ASSERT_TRUE(writeFileAtomically((root_ / "out").string(), "data", error)) << error;
  EXPECT_EQ(read(root_ / "out"), "data");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWriteTest, FileIsReplacedKeepingItsMode) {
  std::ofstream(root_ / "out") << "old";
  fs::permissions(root_ / "out", fs::perms(0640));
  std::string error;
  ASSERT_TRUE(writeFileAtomically((root_ / "out").string(), "new", error)) << error;
  EXPECT_EQ(read(root_ / "out"), "new");
  EXPECT_EQ(fs::status(root_ / "out").permissions(), fs::perms(0640));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWriteTest, SymlinkIsWrittenThroughAndStays) {
  fs::create_directory(root_ / "d");
  std::ofstream(root_ / "d" / "target") << "old";
  fs::create_symlink("d/target", root_ / "link");
  std::string error;
  ASSERT_TRUE(writeFileAtomically((root_ / "link").string(), "new", error)) << error;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(root_ / "link")));
  EXPECT_EQ(fs::read_symlink(root_ / "link"), "d/target");
  EXPECT_EQ(read(root_ / "d" / "target"), "new");
}

TEST_F(AtomicWriteTest, DanglingSymlinkGetsItsTargetCreated) {
  fs::create_symlink("target", root_ / "link");
  std::string error;
  ASSERT_TRUE(writeFileAtomically((root_ / "link").string(), "new", error)) << error;
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(root_ / "link")));
  EXPECT_EQ(read(root_ / "target"), "new");
}

TEST_F(AtomicWriteTest, SymlinkLoopIsAnError) {
  fs::create_symlink("b", root_ / "a");
  fs::create_symlink("a", root_ / "b");
  std::string error;
  EXPECT_FALSE(writeFileAtomically((root_ / "a").string(), "x", error));
  EXPECT_EQ(error, "too many levels of symbolic links");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(root_ / "a")));
}

TEST_F(AtomicWriteTest, DirectoryIsRefused) {
  fs::create_directory(root_ / "d");
  std::string error;
  EXPECT_FALSE(writeFileAtomically((root_ / "d").string(), "x", error));
  EXPECT_EQ(error, "is a directory");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWriteTest, FifoWithReaderIsWrittenInto) {
  const fs::path fifo = root_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read(fifo); });
  std::string error;
  EXPECT_TRUE(writeFileAtomically(fifo.string(), "through the fifo", error)) << error;
  reader.join();
  EXPECT_EQ(got, "through the fifo");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicWriteTest, FifoWithoutReaderFailsInsteadOfHanging) {
  const fs::path fifo = root_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  std::string error;
  EXPECT_FALSE(writeFileAtomically(fifo.string(), "x", error));
  EXPECT_EQ(error, "is a FIFO with no reader");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(AtomicWriteTest, FifoReaderLeavingEarlyIsAnErrorNotSigpipe) {
  const fs::path fifo = root_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread reader([&] {
    int fd = ::open(fifo.c_str(), O_RDONLY);
    char byte;
    (void)::read(fd, &byte, 1);
    ::close(fd);
  });
  std::string error;
  // More than a pipe holds, so the writer is still writing when the reader leaves.
  EXPECT_FALSE(writeFileAtomically(fifo.string(), std::string(1 << 20, 'x'), error));
  reader.join();
  EXPECT_EQ(error, "broken pipe");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_F(AtomicWriteTest, ListeningSocketReceivesTheData) {
  const fs::path sock = root_ / "sock";
  int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(server, 1), 0);
  std::string got;
  std::thread reader([&] {
    int c = ::accept(server, nullptr, nullptr);
    char buf[256];
    for (ssize_t n; (n = ::read(c, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    ::close(c);
  });
  std::string error;
  EXPECT_TRUE(writeFileAtomically(sock.string(), "to the socket", error)) << error;
  reader.join();
  ::close(server);
  EXPECT_EQ(got, "to the socket");
  EXPECT_TRUE(fs::is_socket(fs::symlink_status(sock)));
}

}  // namespace
