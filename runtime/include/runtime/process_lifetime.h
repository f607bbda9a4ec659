// Process lifetime: no process a run starts outlives flytec. Every task
// process carries a tag in its environment (FLYTEC_PROCESS_TAG: this flytec's
// run token and the execution's own tag, plus the tags it inherited from an
// enclosing run), which its children inherit whatever process group or
// session they move to. killTagged() finds such processes in /proc and kills
// them (after a timeout or a cancel); the guardian, a small process forked
// once per run, kills everything with the run token when flytec exits,
// however it ends (SIGKILL included). It knows nothing of tasks, groups or
// timeouts (local_executor.cpp and process.cpp use it); docs/runtime.md,
// "Process lifetime", states the guarantee and its limits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flytec::rt {

/// The environment variable that carries the tags.
inline constexpr const char* kProcessTagVariable = "FLYTEC_PROCESS_TAG";

/// This flytec process's run token ("r<pid>-<nanoseconds>"), made once.
const std::string& runToken();

/// A new tag for one execution ("<run token>.<n>").
std::string newExecutionTag();

/// Appends FLYTEC_PROCESS_TAG to `env`: the tags flytec itself inherited
/// (a run inside a task of another run), the run token and `tag` (if not
/// empty), separated by spaces. `env` must not have the variable yet.
void addProcessTag(std::vector<std::string>& env, const std::string& tag);

/// Sends SIGKILL to every process (but this one) whose environment holds the
/// tag `tag`, again until none is found (what they fork meanwhile inherits
/// it), at most a bounded number of rounds. Processes whose environment
/// this user may not read are not seen. Returns how many it killed.
unsigned killTagged(const std::string& tag);

/// Forks the guardian (once per process; later calls do nothing): it waits
/// until flytec exits, however it ends, then kills every process with the
/// run token (killTagged) and writes "cancel" into each file registered
/// with guardOnDeath() and not released since. It holds no descriptor of
/// flytec's but a pipe, ignores the terminal's signals and lives in a
/// process group of its own. Call it before any thread starts.
void startGuardian();

/// The guardian writes "cancel\n" into `path` if flytec dies before
/// releaseOnDeath(path) (a Dask run's cancel marker, which remote jobs poll).
void guardOnDeath(const std::string& path);
void releaseOnDeath(const std::string& path);

}  // namespace flytec::rt
