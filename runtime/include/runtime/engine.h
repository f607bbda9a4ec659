// The DAG engine: executes a workflow of a package (compiled specs, never the
// AST). Every node starts as soon as its inputs exist (and its
// `upstream_node_ids` finished); task nodes become executions; ArrayNodes
// expand into one execution per element, at most `parallelism` at once,
// judged by their success criteria; sub-workflow and launch-plan nodes run
// their workflow inside the same run. Each execution attempt gets
// `.flytec/runs/RUN/NODE[/INDEX]/attempt-N/{inputs,outputs,stdout,stderr}`,
// retries with backoff, the cache, progress and trace records. A failed node
// stops the run (running executions are cancelled). Where processes run is
// the Executor's business (executor.h).
#pragma once

#include <atomic>
#include <functional>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "flyteidl/core/literals.pb.h"
#include "runtime/dask_toolchain.h"
#include "runtime/executor.h"
#include "runtime/package_entities.h"
#include "runtime/progress.h"
#include "runtime/trace.h"

namespace flytec::rt {

/// How the engine runs.
struct EngineOptions {
  std::filesystem::path stateDir;  ///< `.flytec` (work_dirs.h)
  std::filesystem::path cwd;       ///< tasks' working directory
  bool useCache = true;            ///< false for `--no-cache`
  Progress* progress = nullptr;    ///< may be null
  TraceRecorder* trace = nullptr;  ///< may be null
  std::string diagPath;            ///< what diagnostics name (the package path)
  std::chrono::milliseconds retryBackoff{100};  ///< doubled per attempt, capped at 5 s
  /// `--host-fit`: a task or a Dask task's cluster larger than the host of a
  /// local run is scaled to it with a note (false), or refused (E1005).
  bool refuseOversized = false;
  /// The Python and bridge scripts that wrap a Dask task's command in its
  /// own cluster; asked when preflight meets the first Dask task. Null: Dask
  /// tasks are refused (E1004). Must outlive the engine.
  DaskToolchain* dask = nullptr;
};

/// How a run ended.
struct RunResult {
  enum class Status { Succeeded, Failed, Interrupted };
  Status status = Status::Failed;
  flyteidl::core::LiteralMap outputs;  ///< the workflow's outputs (Succeeded)
  std::filesystem::path runDir;
  /// Executions cancelled whose processes could not be told to stop (Dask,
  /// staged mode, a scheduler that did not take the cancellation): "node
  /// `ys` element 2", ..., and why (the first reason given).
  std::vector<std::string> notStopped;
  size_t notStoppedCount = 0;  ///< executions in notStopped
  std::string notStoppedWhy;
};

/// The environment every task starts from (documented in docs/runtime.md):
/// PATH=/usr/local/bin:/usr/bin:/bin, HOME, TMPDIR, LANG, USER from the host.
std::vector<std::pair<std::string, std::string>> minimalEnvironment();

class Engine {
 public:
  Engine(const PackageEntities& program, Executor& executor, EngineOptions options, DiagnosticEngine& diags);
  ~Engine();

  /// Checks everything `target` can reach before anything runs: tasks flytec
  /// cannot run (E1004), requests the executor can never satisfy (E1005),
  /// unsupported or dangling nodes (E1010). Prints the note about images.
  /// Returns false when something is refused.
  bool preflight(const RunTarget& target);

  /// Runs `target` with `inputs` (already complete: launch_plan.h's
  /// launchPlanInputs). Failures are reported (E1007, E1008).
  RunResult run(const RunTarget& target, const flyteidl::core::LiteralMap& inputs);

  /// Asks a running run to stop (from a signal-handling thread): every
  /// execution is killed and run() returns Interrupted.
  void interrupt();

  /// interrupt() for a signal handler (async-signal-safe: an atomic flag
  /// and the executor's wakeWaiter(), no condition variable). An engine
  /// waiting on its condition variable instead (an executor reporting from
  /// threads of its own, Dask) notices within that wait's 100 ms.
  void interruptFromSignal() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flytec::rt
