// Process spawning for the local executor (see process.h). Each task starts
// in a process group of its own so that a timeout or an interrupt can kill
// its grandchildren too; a pidfd lets the executor wait for many children
// with one poll() and no SIGCHLD handler.
//
// On x86-64 Linux (5.5 or later) a child is started with clone3(CLONE_VM |
// CLONE_CLEAR_SIGHAND | CLONE_PIDFD) on a stack of its own: the kernel
// resets every handled signal and returns the pidfd, so the child only
// resets the signals flytec inherited as ignored (looked up once per
// process) before it execs, with raw system calls. posix_spawn's child
// instead asks about and resets all 64 signals, one rt_sigaction each, and
// its CLONE_VFORK keeps the calling thread asleep until the exec. Here the
// caller goes on at once; what the child reads is kept until it is reaped,
// which is also when an exec that failed is reported. Elsewhere, or when
// the kernel refuses clone3, posix_spawn does it.
//
// A clone3 child also asks for SIGKILL when flytec dies (PR_SET_PDEATHSIG),
// before it execs. posix_spawn has no such attribute: a posix_spawn child
// (and any child's own children, which do not inherit the request) is
// killed by the guardian instead (process_lifetime.h).
#include "runtime/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

namespace {

int openPidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
  errno = ENOSYS;
  return -1;
#endif
}

std::string envValue(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& kv : env)
    if (kv.size() > key.size() && kv.compare(0, key.size(), key) == 0 && kv[key.size()] == '=')
      return kv.substr(key.size() + 1);
  return "";
}

/// argv/envp arrays over the request's strings (they must outlive the spawn).
struct CArgs {
  std::vector<char*> argv, envp;
  explicit CArgs(const SpawnRequest& req) {
    argv.reserve(req.argv.size() + 1);
    for (const auto& a : req.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    envp.reserve(req.env.size() + 1);
    for (const auto& e : req.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
  }
};

std::optional<ChildProcess> posixSpawn(const SpawnRequest& req, const std::string& exe, std::string& error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, req.stdoutPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, req.stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!req.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, req.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                      POSIX_SPAWN_USEVFORK);

  CArgs args(req);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, exe.c_str(), &actions, &attr, args.argv.data(), args.envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    error = reasonText(reason::cannot_start, req.argv[0], std::strerror(rc));
    return std::nullopt;
  }
  ChildProcess child;
  child.pid = pid;
  child.pidfd = openPidfd(pid);
  if (child.pidfd < 0) {
    error = reasonText(reason::cannot_watch_process, std::strerror(errno));
    kill(-pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    return std::nullopt;
  }
  fcntl(child.pidfd, F_SETFD, FD_CLOEXEC);
  return child;
}

#if defined(__x86_64__) && defined(__linux__)
#define FLYTEC_CLONE3_SPAWN 1

/// The kernel's struct clone_args, version 0 (linux/sched.h).
struct CloneArgs {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};
constexpr uint64_t kCloneVm = 0x100, kCloneVfork = 0x4000, kClonePidfd = 0x1000;
constexpr uint64_t kCloneClearSighand = 0x100000000ULL;

}  // namespace
}  // namespace flytec::rt

/// clone3(args, size); the child runs fn(arg) on args->stack and exits with
/// its result. Returns the child's pid, or -errno. (glibc 2.36 exports no
/// clone3 wrapper; this is its x86-64 one.)
extern "C" long flytec_clone3(void* args, unsigned long size, int (*fn)(void*), void* arg);
asm(R"(
  .text
  .p2align 4
  .globl flytec_clone3
  .hidden flytec_clone3
  .type flytec_clone3,@function
flytec_clone3:
  .cfi_startproc
  mov %rcx, %r8
  mov $435, %eax
  syscall
  test %rax, %rax
  jz 1f
  ret
1:
  .cfi_undefined rip
  xor %ebp, %ebp
  and $-16, %rsp
  mov %r8, %rdi
  call *%rdx
  mov %eax, %edi
  mov $60, %eax
  syscall
  hlt
  .cfi_endproc
  .size flytec_clone3, .-flytec_clone3
)");

namespace flytec::rt {
namespace {

/// Signals this process ignores, 0-terminated: a child inherits them as
/// ignored (CLONE_CLEAR_SIGHAND resets only handled ones), so it resets them
/// itself. Looked up once: flytec never ignores a signal, so only what it
/// inherited (e.g. `nohup`, or `&` in a script for SIGINT/SIGQUIT) is here.
const int* inheritedIgnored() {
  static const std::vector<int> list = [] {
    std::vector<int> l;
    for (int sig = 1; sig < NSIG; ++sig) {
      struct sigaction sa;
      if (sigaction(sig, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN) l.push_back(sig);
    }
    l.push_back(0);
    return l;
  }();
  return list.data();
}

/// What a clone3 child runs from: the child shares the parent's memory and
/// runs alongside it until it execs, so all of this (its stack too) lives
/// until the child is reaped (in `spawned`, by pid: a ChildProcess dropped
/// without reaping leaks it rather than leave the child reading freed
/// memory), and the child allocates nothing.
struct SpawnState {
  std::string exe, argv0, cwd, stdoutPath, stderrPath;
  std::vector<std::string> argvStore, envStore;
  std::vector<char*> argv, envp;
  // What the child reads, as plain pointers into the above: it calls no
  // function but system calls (none of libstdc++'s, sanitized or not).
  const char *exePtr = nullptr, *stdoutPtr = nullptr, *stderrPtr = nullptr, *cwdPtr = nullptr;
  char* const* argvPtr = nullptr;
  char* const* envpPtr = nullptr;
  const int* ignored = nullptr;
  int devNull = -1;
  long parent = 0;  ///< flytec's pid: the child checks it is still its parent
  int error = 0;  ///< errno, set by the child when it cannot exec (read after reaping)
  alignas(64) char stack[16 * 1024];
};

std::mutex spawnedMu;
std::map<pid_t, std::unique_ptr<SpawnState>> spawned;

/// The child uses raw system calls only: no libc state, nothing a sanitizer
/// intercepts or instruments (its shadow memory is the parent's).
#define FLYTEC_CHILD_CODE __attribute__((no_sanitize("address", "undefined")))

/// A system call without libc: the result, or -errno (glibc's syscall()
/// would store errno in the parent thread's TLS, which the child shares).
FLYTEC_CHILD_CODE inline long sys(long n, long a = 0, long b = 0, long c = 0, long d = 0) {
  register long r10 asm("r10") = d;
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return ret;
}

/// Opens `path` as descriptor `fd` (a negative errno on failure): closed
/// first, so the lowest free descriptor is `fd` unless a lower one is free.
FLYTEC_CHILD_CODE long openAs(int fd, const char* path, int flags) {
  sys(SYS_close, fd);
  long got = sys(SYS_openat, AT_FDCWD, reinterpret_cast<long>(path), flags, 0644);
  if (got < 0 || got == fd) return got;
  long r = sys(SYS_dup2, got, fd);
  sys(SYS_close, got);
  return r;
}

/// /dev/null, opened once (close-on-exec) for every child's stdin.
int devNull() {
  static const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd;
}

/// Runs in the child, between clone3 and execve.
FLYTEC_CHILD_CODE int childMain(void* p) {
  auto* st = static_cast<SpawnState*>(p);
  long r = sys(SYS_setpgid, 0, 0);
  // Dies with flytec (SIGKILL when the thread that spawned it ends: the
  // engine's, which lives as long as the run). flytec may have died before
  // this took effect: then the parent is no longer flytec, and it stops.
  if (r >= 0) r = sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
  if (r >= 0 && sys(SYS_getppid) != st->parent) return 127;
  if (r >= 0) r = st->devNull >= 0 ? sys(SYS_dup2, st->devNull, 0) : openAs(0, "/dev/null", O_RDONLY);
  if (r >= 0) r = openAs(1, st->stdoutPtr, O_WRONLY | O_CREAT | O_TRUNC);
  if (r >= 0) r = openAs(2, st->stderrPtr, O_WRONLY | O_CREAT | O_TRUNC);
  if (r >= 0 && st->cwdPtr) r = sys(SYS_chdir, reinterpret_cast<long>(st->cwdPtr));
  if (r < 0) {
    st->error = static_cast<int>(-r);
    return 127;
  }
  struct {
    unsigned long handler = 0, flags = 0, restorer = 0, mask = 0;  // SIG_DFL
  } dfl;
  for (const int* sig = st->ignored; *sig; ++sig) sys(SYS_rt_sigaction, *sig, reinterpret_cast<long>(&dfl), 0, 8);
  uint64_t none = 0;
  sys(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&none), 0, 8);
  r = sys(SYS_execve, reinterpret_cast<long>(st->exePtr), reinterpret_cast<long>(st->argvPtr),
          reinterpret_cast<long>(st->envpPtr));
  st->error = static_cast<int>(-r);
  return 127;
}

std::atomic<bool> clone3Refused{false};

/// nullopt with `error` empty: the kernel refused clone3 (use posix_spawn).
std::optional<ChildProcess> cloneSpawn(const SpawnRequest& req, const std::string& exe, std::string& error) {
  auto st = std::make_unique<SpawnState>();
  st->exe = exe;
  st->argv0 = req.argv[0];
  st->cwd = req.cwd.string();
  st->stdoutPath = req.stdoutPath.string();
  st->stderrPath = req.stderrPath.string();
  st->argvStore = req.argv;
  st->envStore = req.env;
  for (auto& a : st->argvStore) st->argv.push_back(a.data());
  st->argv.push_back(nullptr);
  for (auto& e : st->envStore) st->envp.push_back(e.data());
  st->envp.push_back(nullptr);
  st->exePtr = st->exe.c_str();
  st->stdoutPtr = st->stdoutPath.c_str();
  st->stderrPtr = st->stderrPath.c_str();
  st->cwdPtr = st->cwd.empty() ? nullptr : st->cwd.c_str();
  st->argvPtr = st->argv.data();
  st->envpPtr = st->envp.data();
  st->ignored = inheritedIgnored();
  st->devNull = devNull();
  static const pid_t self = getpid();  // (a system call: once, not per child)
  st->parent = self;
  // No CLONE_VFORK: this thread goes on while the child execs. (With it,
  // this thread slept until the exec and often woke only after the child
  // had ended, queued behind it on the same CPU: a map's children then ran
  // one at a time.) So the child's stack and data are in `st`, kept until
  // it is reaped, and an exec that fails is reported then (reapProcess).
  int pidfd = -1;
  CloneArgs ca{};
  ca.flags = kCloneVm | kClonePidfd | kCloneClearSighand;
  ca.pidfd = reinterpret_cast<uint64_t>(&pidfd);
  ca.exit_signal = SIGCHLD;
  ca.stack = reinterpret_cast<uint64_t>(st->stack);
  ca.stack_size = sizeof st->stack;
  long rc = flytec_clone3(&ca, sizeof ca, childMain, st.get());
  if (rc < 0) {
    // ENOSYS: before Linux 5.3; EINVAL: CLONE_CLEAR_SIGHAND before 5.5;
    // EPERM: a seccomp filter that only allows clone.
    if (rc == -ENOSYS || rc == -EINVAL || rc == -EPERM) {
      clone3Refused = true;
      return std::nullopt;
    }
    error = reasonText(reason::cannot_start, req.argv[0], std::strerror(static_cast<int>(-rc)));
    return std::nullopt;
  }
  auto pid = static_cast<pid_t>(rc);
  // The child makes its own process group; doing it here too means the
  // group exists when this returns, so a signalGroup() right away cannot
  // miss a child that has not got that far (EACCES once it has exec'd, by
  // when it has).
  setpgid(pid, pid);
  {
    std::lock_guard<std::mutex> lock(spawnedMu);
    spawned[pid] = std::move(st);
  }
  ChildProcess child;
  child.pid = pid;
  child.pidfd = pidfd;  // CLONE_PIDFD's descriptor is close-on-exec
  return child;
}
#endif

}  // namespace

std::optional<std::string> findExecutable(const std::string& name, const std::string& path) {
  if (name.find('/') != std::string::npos) return name;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    // An empty entry is the current directory. (Built by appending: g++ 12
    // warns, -Wrestrict, on assigning "." to the substring once inlined.)
    std::string candidate = end == start ? std::string(".") : path.substr(start, end - start);
    candidate.append("/").append(name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

namespace {

/// findExecutable, remembering what it found: a map's elements all run the
/// same command, and each lookup is an access(2) per PATH entry tried. A
/// command that disappears mid-run then fails at exec ("cannot start").
std::optional<std::string> lookUpCommand(const std::string& name, const std::string& path) {
  if (name.find('/') != std::string::npos) return name;
  static std::mutex mu;
  static std::map<std::pair<std::string, std::string>, std::string> found;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(path, name);
  if (auto it = found.find(key); it != found.end()) return it->second;
  auto exe = findExecutable(name, path);
  if (exe && !exe->empty() && (*exe)[0] == '/') found.emplace(key, *exe);  // not "./x": relative to the cwd
  return exe;
}

}  // namespace

std::optional<ChildProcess> spawnProcess(const SpawnRequest& req, std::string& error) {
  if (req.argv.empty()) {
    error = reasonText(reason::empty_command);
    return std::nullopt;
  }
  auto exe = lookUpCommand(req.argv[0], envValue(req.env, "PATH"));
  if (!exe) {
    error = reasonText(reason::command_not_found, req.argv[0]);
    return std::nullopt;
  }
#ifdef FLYTEC_CLONE3_SPAWN
  if (!clone3Refused && !req.usePosixSpawn) {
    error.clear();
    auto child = cloneSpawn(req, *exe, error);
    if (child || !error.empty()) return child;
  }
#endif
  return posixSpawn(req, *exe, error);
}

void signalGroup(const ChildProcess& child, int sig) {
  if (child.pid > 0) kill(-child.pid, sig);
}

int reapProcess(ChildProcess& child, std::string* startError) {
  int status = 0;
  if (child.pid > 0) {
    // The leader is a zombie until reaped, so its pid (the group id) cannot
    // be reused yet: killing the group now is safe.
    kill(-child.pid, SIGKILL);
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (child.pidfd >= 0) close(child.pidfd);
#ifdef FLYTEC_CLONE3_SPAWN
  if (child.pid > 0) {
    std::unique_ptr<SpawnState> st;
    {
      std::lock_guard<std::mutex> lock(spawnedMu);
      if (auto it = spawned.find(child.pid); it != spawned.end()) {
        st = std::move(it->second);
        spawned.erase(it);
      }
    }
    if (st && st->error != 0 && startError)
      *startError = reasonText(reason::cannot_start, st->argv0, std::strerror(st->error));
  }
#endif
  child.pidfd = -1;
  child.pid = -1;
  return status;
}

}  // namespace flytec::rt
