// Process spawning for the local executor (see process.h). posix_spawn with
// POSIX_SPAWN_SETPGROUP puts each task in its own group so that a timeout or
// an interrupt can kill its grandchildren too; a pidfd lets the executor wait
// for many children with one poll() and no SIGCHLD handler.
#include "runtime/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

}  // namespace

std::optional<std::string> findExecutable(const std::string& name, const std::string& path) {
  if (name.find('/') != std::string::npos) return name;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<ChildProcess> spawnProcess(const SpawnRequest& req, std::string& error) {
  if (req.argv.empty()) {
    error = "empty command";
    return std::nullopt;
  }
  auto exe = findExecutable(req.argv[0], envValue(req.env, "PATH"));
  if (!exe) {
    error = "command not found: " + req.argv[0];
    return std::nullopt;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, req.stdoutPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, req.stderrPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!req.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, req.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_USEVFORK);

  std::vector<char*> argv, envp;
  for (const auto& a : req.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : req.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, exe->c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    error = "cannot start `" + req.argv[0] + "`: " + std::strerror(rc);
    return std::nullopt;
  }
  ChildProcess child;
  child.pid = pid;
  child.pidfd = openPidfd(pid);
  if (child.pidfd < 0) {
    error = std::string("pidfd_open: ") + std::strerror(errno);
    kill(-pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    return std::nullopt;
  }
  fcntl(child.pidfd, F_SETFD, FD_CLOEXEC);
  return child;
}

void signalGroup(const ChildProcess& child, int sig) {
  if (child.pid > 0) kill(-child.pid, sig);
}

int reapProcess(ChildProcess& child) {
  int status = 0;
  if (child.pid > 0) {
    // The leader is a zombie until reaped, so its pid (the group id) cannot
    // be reused yet: killing the group now is safe.
    kill(-child.pid, SIGKILL);
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (child.pidfd >= 0) close(child.pidfd);
  child.pidfd = -1;
  child.pid = -1;
  return status;
}

}  // namespace flytec::rt
