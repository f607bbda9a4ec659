// The executor interface: what the engine hands to whatever runs a task
// process (local processes today, a Dask cluster next), and what comes back.
// The engine decides *what* runs (inputs laid out, argv substituted, env,
// resources, timeout); an executor decides *where and when*: admission
// against its capacity, starting, timing out, killing. Executors never read
// specs, literals or the work-dir layout beyond the paths they are given.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/resource_text.h"

namespace flytec::rt {

using Clock = std::chrono::steady_clock;

/// What an execution asks for (a container's `requests`, after node
/// overrides). Unset fields mean "no request": the execution takes one slot.
struct ResourceRequest {
  std::optional<double> cpu;        ///< cores (500m = 0.5)
  std::optional<uint64_t> memory;   ///< bytes
  bool operator==(const ResourceRequest&) const = default;
};

/// What the host that runs executions has: set for the local executor,
/// whose tasks and Dask task clusters share this machine.
struct HostCapacity {
  unsigned slots = 1;          ///< executions at once: -j N, else kMaxExecutionsByRequests
  double cpus = 1;             ///< online CPUs
  uint64_t memory = 0;         ///< available memory in bytes (MemAvailable)
  /// Without -j an execution without a cpu request counts as
  /// kCpuWithoutRequest; with -j N it takes a slot only (N bounds them).
  double cpuWithoutRequest = 0;
};

/// What an execution without a cpu request counts for in local admission by
/// requests (no -j): one CPU, so that a workflow with no requests at all
/// runs one execution per CPU.
inline constexpr double kCpuWithoutRequest = 1.0;

/// One attempt of one execution, ready to start.
struct ExecutionSpec {
  std::string label;                ///< "node[3] attempt 2", for messages
  std::vector<std::string> argv;    ///< argv[0] looked up on the env's PATH
  std::vector<std::string> env;     ///< complete environment, "K=V"
  std::filesystem::path cwd;        ///< working directory of the process
  std::filesystem::path stdoutPath; ///< created/truncated
  std::filesystem::path stderrPath; ///< created/truncated
  ResourceRequest requests;
  std::optional<std::chrono::milliseconds> timeout;
  /// The attempt's directory: everything the engine laid out for the
  /// command (`inputs/`, an empty `outputs/`) is below it, and the engine
  /// reads what the command leaves there. An executor that runs the command
  /// where this path does not exist (Dask's staged mode) carries it over
  /// and brings `outputs/`, stdout and stderr back.
  std::filesystem::path workDir;
  /// Files and directories of the host the command names outside workDir
  /// (`{{.inputs.f}}` of a file or dir input: its path), for the same.
  std::vector<std::filesystem::path> namedPaths;
};

/// How an attempt ended.
struct ExecutionOutcome {
  enum class Kind {
    Exited,      ///< exitCode is the status (0 = success)
    Signaled,    ///< killed by `signal` (not by us)
    TimedOut,    ///< we killed the group at the timeout
    Cancelled,   ///< we killed the group because the run stops
    SpawnFailed  ///< could not start; `error` says why
  };
  Kind kind = Kind::Exited;
  int exitCode = 0;
  int signal = 0;
  std::string error;
  Clock::time_point start, end;
  std::string where;  ///< who ran it (a Dask worker's address); empty for local processes
  /// Earlier tries of this same attempt that the executor started again by
  /// itself (Dask reruns a job whose worker died): where each ran and when
  /// it started. Each shows in the trace as an event of its own.
  struct EarlierTry {
    std::string where;
    Clock::time_point start;
  };
  std::vector<EarlierTry> earlierTries;
  /// Cancelled, but its process could not be told to stop (a Dask job whose
  /// scheduler did not take the cancellation, on a worker that cannot see
  /// the cancel marker): it may run on until its worker hears of it.
  /// `error` says why.
  bool notStopped = false;

  bool succeeded() const { return kind == Kind::Exited && exitCode == 0; }
  /// "exit code 3", "killed by signal 9", "timed out after 2s", ...
  std::string describe() const;
};

/// Runs executions. Every method but wakeWaiter() is called from the
/// engine's thread; `done` callbacks may arrive on any thread, exactly once
/// per started execution.
class Executor {
 public:
  virtual ~Executor() = default;

  /// Short name for progress and notes ("local (-j 2)").
  virtual std::string describe() const = 0;

  /// Checked for every task before the run starts: why this executor could
  /// never run an execution with these requests (e.g. more CPUs than the
  /// host has), or nullopt when it can.
  virtual std::optional<ResourceRefusal> refuse(const ResourceRequest& r) const = 0;

  /// The host executions run on, when they all share this machine (local
  /// runs): what a task or a Dask task's cluster larger than the host is
  /// scaled to under `--host-fit=scale`. Remote executors have none.
  virtual std::optional<HostCapacity> host() const { return std::nullopt; }

  /// Whether an execution with these requests may start now.
  virtual bool canStart(const ResourceRequest& r) const = 0;

  /// Whether no execution at all may start now (every slot busy); lets the
  /// engine stop scanning its queue early.
  virtual bool saturated() const = 0;

  /// Starts `spec` (reserving its resources until it ends) and calls `done`
  /// once it ended. Never blocks on the process.
  virtual void start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) = 0;

  /// Called after the engine started a round of executions: an executor
  /// that batches submissions (Dask) sends what it holds now.
  virtual void flush() {}
  /// Stops every running execution (each reported as Cancelled) and returns
  /// once none is left running.
  virtual void cancelAll() = 0;

  /// Waits in the calling (engine's) thread, at most `max`, for executions
  /// to end, calling their `done` callbacks in this thread. An executor that
  /// can wait this way saves a thread wake-up per execution (its own thread
  /// would otherwise reap and then wake the engine's). False when it cannot:
  /// the engine then waits for callbacks from the executor's threads.
  virtual bool waitHere(std::chrono::milliseconds /*max*/) { return false; }
  /// Makes a waitHere() in progress return soon; callable from any thread
  /// and from a signal handler (Engine::interruptFromSignal).
  virtual void wakeWaiter() {}

  /// How an executor broke mid-run (see failure()), as values: E1012 and
  /// E1022 word them.
  struct Failure {
    enum class Kind { BridgeDied, SchedulerLost } kind = Kind::BridgeDied;
    /// How the bridge ended (BridgeDied).
    enum class Ending {
      ExitStatus,  ///< `status`: its exit status
      Signal,      ///< `status`: the signal; `signalName`: its description
      Exited,      ///< gone, how unknown
      ClosedPipe,  ///< still running, its pipe closed
    } ending = Ending::Exited;
    int pid = 0;
    std::string python;      ///< the bridge's interpreter
    int status = 0;
    std::string signalName;  ///< "Killed"
    std::string lastWords;   ///< the end of its log, when it exited by itself ("" if none)
    std::string address;     ///< the scheduler's (SchedulerLost)
    std::string clientStatus;  ///< distributed.Client's status when it lost it (SchedulerLost)
    size_t inFlight = 0;     ///< executions in flight
    std::string log;         ///< the bridge's log
  };
  /// Set once the executor itself broke mid-run (the Dask bridge died, or it
  /// lost its scheduler), and before the outcomes of the executions it took
  /// down are delivered: no retry can help, so the engine stops the run with
  /// it (E1012 / E1022) instead of failing each execution.
  virtual std::optional<Failure> failure() const { return std::nullopt; }

  /// A scheduler that has not answered for a while, with executions in
  /// flight (W1023 words it).
  struct Stall {
    std::string address;  ///< the scheduler's
    double waited = 0;    ///< seconds without an answer
    int64_t inFlight = 0;
  };
  /// Stalls since the last call (the Dask scheduler stopped answering); the
  /// engine shows each at once and reports it with the run's diagnostics.
  virtual std::vector<Stall> takeStalls() { return {}; }
  /// Notes since the last call (the Dask scheduler answers again), shown at
  /// once.
  virtual std::vector<std::string> takeNotes() { return {}; }
};

}  // namespace flytec::rt
