// What a task process gets from spawnProcess (process.h), on both ways of
// starting it: clone3 (x86-64 Linux) and posix_spawn (everywhere else, and
// the fallback). Real processes, no mocks: each test runs `sh -c` and reads
// what the child saw from its stdout file.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "runtime/process.h"

using namespace flytec::rt;
namespace fs = std::filesystem;

namespace {

// Before main, so that the spawner's once-per-process look-up sees it: an
// ignored signal (as `nohup` or `&` in a script leave behind) and a handled
// one (as run_command.cpp's SIGINT/SIGTERM watcher installs).
const bool kDispositionsSet = [] {
  signal(SIGUSR1, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  struct sigaction sa {};
  sa.sa_handler = [](int) {};
  sigaction(SIGTERM, &sa, nullptr);
  return true;
}();

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Spawn : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kDispositionsSet);
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = fs::temp_directory_path() / ("flytec-process-test-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  SpawnRequest request(const std::string& script) {
    SpawnRequest req;
    req.argv = {"sh", "-c", script};
    req.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "ONLY=this"};
    req.cwd = dir_;
    req.stdoutPath = dir_ / "stdout";
    req.stderrPath = dir_ / "stderr";
    req.usePosixSpawn = GetParam();
    return req;
  }

  /// Runs `script` to its end; returns its wait status.
  int run(const std::string& script) {
    std::string error;
    auto child = spawnProcess(request(script), error);
    EXPECT_TRUE(child) << error;
    if (!child) return -1;
    pollfd pfd{child->pidfd, POLLIN, 0};
    EXPECT_EQ(poll(&pfd, 1, 10000), 1);
    return reapProcess(*child);
  }

  std::string out() { return slurp(dir_ / "stdout"); }

  fs::path dir_;
};

TEST_P(Spawn, OwnProcessGroupAndIds) {
  int status = run("echo $$; cut -d' ' -f5 /proc/$$/stat");
  ASSERT_TRUE(WIFEXITED(status));
  std::istringstream lines(out());
  std::string pid, pgid;
  lines >> pid >> pgid;
  EXPECT_EQ(pid, pgid);
}

TEST_P(Spawn, DefaultSignalsAndEmptyMask) {
  // The test thread blocks a signal too: the child must not inherit it.
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  run("exec cat /proc/self/status");
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  std::map<std::string, uint64_t> masks;
  std::istringstream lines(out());
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("Sig", 0) == 0 && line.find(":\t") == 6)
      masks[line.substr(0, 6)] = std::stoull(line.substr(8), nullptr, 16);
  // posix_spawn leaves glibc's two internal signals (32, 33) ignored.
  const uint64_t glibcInternal = 3ULL << 31;
  EXPECT_EQ(masks["SigBlk"], 0u);
  EXPECT_EQ(masks["SigIgn"] & ~glibcInternal, 0u);
  EXPECT_EQ(masks["SigCgt"], 0u);
}

TEST_P(Spawn, StdioCwdAndEnvironment) {
  std::ofstream(dir_ / "stdout") << "left over from an earlier attempt, longer than the output\n";
  int status = run("readlink /proc/self/fd/0; pwd; env | sort; echo err >&2; exit 3");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  // dash exports PWD itself.
  EXPECT_EQ(out(), "/dev/null\n" + dir_.string() + "\nONLY=this\nPATH=/usr/local/bin:/usr/bin:/bin\nPWD=" +
                       dir_.string() + "\n");
  EXPECT_EQ(slurp(dir_ / "stderr"), "err\n");
}

TEST_P(Spawn, NoDescriptorLeaksIntoTheNextChild) {
  std::string error;
  auto first = spawnProcess(request("sleep 5"), error);
  ASSERT_TRUE(first) << error;
  run("ls /proc/$$/fd");
  std::istringstream fds(out());
  for (std::string fd; fds >> fd;) EXPECT_NE(fd, std::to_string(first->pidfd));
  signalGroup(*first, SIGKILL);
  int status = reapProcess(*first);
  EXPECT_TRUE(WIFSIGNALED(status));
}

TEST_P(Spawn, ReapKillsWhatIsLeftOfTheGroup) {
  run("sleep 300 & echo $!");
  pid_t grandchild = std::stoi(out());
  // Reparented to init (or a subreaper) and killed: gone, or a zombie.
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
    std::string pid, comm, state;
    gone = !(stat >> pid >> comm >> state) || state == "Z";
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone);
}

TEST_P(Spawn, Failures) {
  // Why `req` cannot start: at once (posix_spawn, or no such command), or
  // when the child that could not exec is reaped (clone3).
  auto whyNot = [](const SpawnRequest& req) {
    std::string error;
    auto child = spawnProcess(req, error);
    if (!child) return error;
    pollfd pfd{child->pidfd, POLLIN, 0};
    EXPECT_EQ(poll(&pfd, 1, 10000), 1);
    int status = reapProcess(*child, &error);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 127);
    return error;
  };
  auto req = request("true");
  req.argv = {"no-such-command-flytec"};
  EXPECT_EQ(whyNot(req), "command not found: no-such-command-flytec");

  std::ofstream(dir_ / "script") << "#!/bin/sh\n";
  req.argv = {(dir_ / "script").string()};  // not executable
  EXPECT_EQ(whyNot(req), "cannot start `" + req.argv[0] + "`: Permission denied");

  req = request("true");
  req.stdoutPath = dir_ / "missing" / "stdout";
  EXPECT_EQ(whyNot(req), "cannot start `sh`: No such file or directory");

  // A child that ran its command has nothing to report.
  std::string error;
  auto ok = spawnProcess(request("exit 127"), error);
  ASSERT_TRUE(ok) << error;
  pollfd pfd{ok->pidfd, POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  reapProcess(*ok, &error);
  EXPECT_EQ(error, "");

  // Nothing is left to reap.
  int status;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST_P(Spawn, GroupSignalledRightAfterStart) {
  // signalGroup() straight after spawnProcess() reaches the child even if
  // it has not exec'd yet (its group already exists).
  std::string error;
  auto child = spawnProcess(request("sleep 300"), error);
  ASSERT_TRUE(child) << error;
  signalGroup(*child, SIGTERM);
  pollfd pfd{child->pidfd, POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 10000), 1);
  int status = reapProcess(*child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

TEST_P(Spawn, DroppedWithoutReapingStillRunsItsCommand) {
  // A clone3 child reads its argv and paths from this process's memory until
  // it execs: dropping the ChildProcess at once, then reusing freed memory,
  // must not change what it runs.
  std::string error;
  pid_t pid;
  {
    auto child = spawnProcess(request("echo ok"), error);
    ASSERT_TRUE(child) << error;
    pid = child->pid;
    close(child->pidfd);
  }
  std::vector<std::string> junk;
  for (int i = 0; i < 2000; ++i) junk.emplace_back(64 + i % 512, '#');
  int status;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(out(), "ok\n");
}

INSTANTIATE_TEST_SUITE_P(Process, Spawn, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "posix_spawn" : "default"; });

}  // namespace
