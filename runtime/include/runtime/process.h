// Host processes for the local executor: start a command in a process group
// of its own (clone3 on x86-64 Linux, else posix_spawn; signals reset to
// default, stdout/stderr to files, a pidfd to wait on), signal the whole
// group, and reap it. It knows nothing about tasks, admission or timeouts
// (local_executor.cpp decides those).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flytec::rt {

/// A started child: the leader's pid (= its process group id) and a pidfd
/// that becomes readable when the leader exits.
struct ChildProcess {
  pid_t pid = -1;
  int pidfd = -1;
};

/// What to start.
struct SpawnRequest {
  std::vector<std::string> argv;
  std::vector<std::string> env;  ///< "K=V"; PATH in it is used to find argv[0]
  std::filesystem::path cwd;
  std::filesystem::path stdoutPath;
  std::filesystem::path stderrPath;
  /// Start it with posix_spawn even where clone3 is available (the path
  /// every other platform takes; tests run both).
  bool usePosixSpawn = false;
};

/// Starts `req` in a new process group (pgid = its pid) with default signal
/// dispositions and an empty signal mask, stdin from /dev/null. On failure
/// returns nullopt and sets `error` (e.g. "command not found: foo"). With
/// clone3 it returns before the child has exec'd: a command that then
/// cannot start (its stdout cannot be created, exec fails) is reported by
/// reapProcess.
std::optional<ChildProcess> spawnProcess(const SpawnRequest& req, std::string& error);

/// Sends `sig` to every process of the child's group.
void signalGroup(const ChildProcess& child, int sig);

/// Reaps the (exited) leader. Returns its wait status. Kills what is left of
/// its group first, as a container runtime does when the main process ends,
/// then closes the pidfd. If the child never got to run its command, sets
/// `*startError` ("cannot start `sh`: No such file or directory").
int reapProcess(ChildProcess& child, std::string* startError = nullptr);

/// Finds `name` on `path` (":"-separated) as execvp would; names with a '/'
/// are returned as they are.
std::optional<std::string> findExecutable(const std::string& name, const std::string& path);

}  // namespace flytec::rt
