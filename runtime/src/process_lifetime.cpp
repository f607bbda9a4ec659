// Process lifetime (see process_lifetime.h): the environment tag, the /proc
// scan that kills tagged processes, and the guardian process.
//
// Why a tag and not the process group, a cgroup or a subreaper: a task that
// calls setsid (or a daemon that double-forks) leaves its process group,
// and once its parent exits it is re-parented away from flytec (to init
// when flytec itself was killed), so neither the group nor the process tree
// finds it; the environment goes with it. A cgroup would (cgroup.kill), but
// needs a writable cgroup v2 hierarchy, which an unprivileged user or a
// container rarely has. The guardian is forked once per run, so a map's
// elements pay nothing for it; the /proc scan runs only after a timeout or
// a cancel, and when the run is over.
#include "runtime/process_lifetime.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

namespace flytec::rt {

const std::string& runToken() {
  static const std::string token = [] {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    return "r" + std::to_string(getpid()) + "-" + std::to_string(ns);
  }();
  return token;
}

std::string newExecutionTag() {
  static std::atomic<uint64_t> next{1};
  return runToken() + "." + std::to_string(next.fetch_add(1));
}

void addProcessTag(std::vector<std::string>& env, const std::string& tag) {
  std::string kv = std::string(kProcessTagVariable) + "=";
  if (const char* outer = getenv(kProcessTagVariable); outer && *outer) kv += std::string(outer) + " ";
  kv += runToken();
  if (!tag.empty()) kv += " " + tag;
  env.push_back(std::move(kv));
}

namespace {

/// Reads all of `fd` into `out` (false when the first read fails: the
/// process is gone or not ours to read).
bool readAll(int fd, std::string& out) {
  out.clear();
  char buf[16384];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

/// Whether an environment block (NUL-separated "K=V") tags `tag`.
bool environHasTag(const std::string& env, const std::string& tag) {
  const std::string key = std::string(kProcessTagVariable) + "=";
  size_t pos = 0;
  while (pos < env.size()) {
    size_t end = env.find('\0', pos);
    if (end == std::string::npos) end = env.size();
    if (env.compare(pos, key.size(), key) == 0) {
      size_t word = pos + key.size();
      while (word < end) {
        size_t stop = env.find(' ', word);
        if (stop == std::string::npos || stop > end) stop = end;
        if (stop - word == tag.size() && env.compare(word, tag.size(), tag) == 0) return true;
        word = stop + 1;
      }
    }
    pos = end + 1;
  }
  return false;
}

/// The environment of the process whose /proc directory is `dir`.
bool readEnviron(int dir, std::string& out) {
  int fd = openat(dir, "environ", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = readAll(fd, out);
  close(fd);
  return ok;
}

/// SIGKILL through a pidfd, after checking that `dir` (opened before the
/// environment was read) still names a live process: then the pidfd cannot
/// name a process that reused its pid.
void killProcess(pid_t pid, int dir) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    std::string again;
    if (readEnviron(dir, again)) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
    close(pidfd);
    return;
  }
#endif
  (void)dir;
  kill(pid, SIGKILL);
}

/// One pass over /proc; returns how many tagged processes it signalled.
/// Directory entries come from getdents64 directly (opendir would also
/// fstat the directory).
unsigned killRound(const std::string& tag) {
  int procFd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (procFd < 0) return 0;
  const pid_t self = getpid();
  unsigned found = 0;
  std::string env;
  alignas(8) char buf[16384];
  for (;;) {
    long n = syscall(SYS_getdents64, procFd, buf, sizeof buf);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      char* endp = nullptr;
      long pid = std::strtol(d->d_name, &endp, 10);
      if (pid <= 0 || *endp != '\0' || pid == self) continue;
      int dir = openat(procFd, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir < 0) continue;
      if (readEnviron(dir, env) && environHasTag(env, tag)) {
        killProcess(static_cast<pid_t>(pid), dir);
        ++found;
      }
      close(dir);
    }
  }
  close(procFd);
  return found;
}

}  // namespace

unsigned killTagged(const std::string& tag) {
  unsigned killed = 0;
  // A killed process may still be listed (and readable) for a moment, and
  // may have forked just before: scan again until a pass finds none.
  for (int round = 0; round < 200; ++round) {
    unsigned n = killRound(tag);
    if (n == 0) break;
    killed += n;
    if (round >= 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return killed;
}

namespace {

std::mutex guardianMu;
int guardianFd = -1;  ///< flytec's end of the guardian's pipe (-1: none)

/// Reads "+PATH" / "-PATH" lines from `fd` until end-of-file; returns the
/// paths registered and not released.
std::set<std::string> readRegistrations(int fd) {
  std::set<std::string> paths;
  std::string pending;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (line.size() < 2) continue;
      if (line[0] == '+') paths.insert(line.substr(1));
      else if (line[0] == '-') paths.erase(line.substr(1));
    }
  }
  return paths;
}

/// The guardian's life: detached from flytec's descriptors, signals and
/// directory, it waits for end-of-file on the pipe, then cleans up.
[[noreturn]] void guardianMain(int readFd) {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) signal(sig, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  setpgid(0, 0);
  prctl(PR_SET_NAME, "flytec-guardian", 0, 0, 0);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3; ++fd)
    if (null >= 0 && fd != readFd) dup2(null, fd);
  for (int fd = 3; fd < 1024; ++fd)
    if (fd != readFd) close(fd);
  if (chdir("/") != 0) {
  }
  std::set<std::string> cancelFiles = readRegistrations(readFd);
  for (const auto& path : cancelFiles) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      (void)!write(fd, "cancel\n", 7);
      close(fd);
    }
  }
  killTagged(runToken());
  _exit(0);
}

void tellGuardian(char op, const std::string& path) {
  std::lock_guard<std::mutex> lock(guardianMu);
  if (guardianFd < 0) return;
  std::string line = op + path + "\n";
  (void)!write(guardianFd, line.data(), line.size());
}

}  // namespace

void startGuardian() {
  std::lock_guard<std::mutex> lock(guardianMu);
  if (guardianFd >= 0) return;
  runToken();  // made before the fork, so both sides share it
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[1]);
    guardianMain(fds[0]);
  }
  close(fds[0]);
  if (pid < 0) {
    close(fds[1]);
    return;
  }
  guardianFd = fds[1];
  // The guardian is not waited for: it outlives flytec by design, and init
  // (or the subreaper above flytec) reaps it. Its pid is not reused for a
  // process flytec starts while it is a zombie, since it is not reaped here;
  // a run is short, and its exit status says nothing.
}

void guardOnDeath(const std::string& path) { tellGuardian('+', path); }
void releaseOnDeath(const std::string& path) { tellGuardian('-', path); }

}  // namespace flytec::rt
