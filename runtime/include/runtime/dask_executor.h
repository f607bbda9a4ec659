// The Dask executor (`flytec run --dask`): every execution, map elements
// included, is submitted to a Dask cluster through the bridge
// (dask_bridge.h), a Python child process that talks JSON lines over a pipe
// and uses distributed.Client. `tcp://HOST:PORT` uses an existing
// scheduler; `local:N` has the bridge start one scheduler and N workers on
// 127.0.0.1 (random free ports) for the run and tear them down afterwards.
// The engine keeps every Flyte semantic (layout, argv, outputs, retries,
// cache); this class only ships argv/env/cwd/timeout and brings back how
// each attempt ended and which worker ran it. Shared mode: the workers see
// the host's paths (stdout, stderr and outputs are files in the run's work
// directory). Staged mode (workers that do not share the file system, found
// at connect or asked for): the bridge carries each attempt's directory to
// the worker and its outputs back (flytec_dask_stage.py).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "runtime/executor.h"
#include "runtime/dask_bridge.h"
#include "runtime/dask_problem.h"

namespace flytec::rt {

/// How to reach Dask.
struct DaskOptions {
  std::string python;                  ///< interpreter that can import distributed
  DaskScripts scripts;                 ///< the installed bridge scripts (dask_bridge.h)
  std::string stage = "auto";          ///< --dask-stage: auto, always or never
  std::string storage;                 ///< --dask-storage: fsspec URL for large staged outputs
  uint64_t storageThreshold = 8u << 20;  ///< outputs from this size go through `storage`
  double stallWarning = 30;            ///< seconds without an answer from the scheduler before W1023
  std::string scheduler;               ///< tcp://HOST:PORT, or empty with localWorkers
  unsigned localWorkers = 0;           ///< local:N
  unsigned jobs = 0;                   ///< executions in flight at once (0: no limit of ours)
  std::chrono::milliseconds connectTimeout{10000};
  std::filesystem::path scratch;       ///< where the bridge's log and cancel marker live
};

class DaskExecutor final : public Executor {
 public:
  /// Starts the bridge and waits for it to connect (bounded by the connect
  /// timeout; starting a local cluster gets another minute). On failure
  /// returns null with `problem` saying why.
  static std::unique_ptr<DaskExecutor> connect(DaskOptions options, DaskProblem& problem);
  ~DaskExecutor() override;

  std::string describe() const override;
  std::optional<ResourceRefusal> refuse(const ResourceRequest& r) const override;
  bool canStart(const ResourceRequest& r) const override;
  bool saturated() const override;
  void start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) override;
  void cancelAll() override;
  void flush() override;
  std::optional<Failure> failure() const override;
  std::vector<Stall> takeStalls() override;
  std::vector<std::string> takeNotes() override;

  /// The scheduler's address and how many workers it had at connect time.
  const std::string& address() const { return address_; }
  unsigned workers() const { return workers_; }
  /// Whether jobs carry their files (staged mode) rather than use the host's paths.
  bool staged() const { return staged_; }

 private:
  explicit DaskExecutor(DaskOptions options) : options_(std::move(options)) {}
  // connect()'s steps, in order.
  /// The scratch directory's files for run `tag`: the bridge's log, the
  /// cancel marker (removed) and the results channel (created, or none).
  void prepareScratch(const std::string& tag);
  /// Spawns the bridge in a process group of its own, on a socket pair.
  bool startBridge(const std::string& tag, DaskProblem& problem);
  /// The bridge's first line (`hello` or `error`), bounded by the connect
  /// timeout; null with `problem` set when none comes.
  std::optional<std::string> awaitHello(DaskProblem& problem);
  /// Takes the cluster's address, size, resources and mode from `hello`;
  /// false with the bridge's `error` (or what was wrong) in `problem` otherwise.
  bool acceptHello(const std::string& line, DaskProblem& problem);
  /// A problem met while waiting for the bridge, naming what it was to reach.
  DaskProblem connectProblem(DaskProblem::Reason reason, std::string value = "", std::string detail = "") const;
  bool send(const std::string& line);
  void readLoop();
  void bridgeDied();
  /// The bridge reported an execution that Dask cancelled unasked (the
  /// client lost its scheduler): sets the failure() the engine reports.
  void schedulerLost(const std::string& why);
  /// How the bridge ended (its ending, status and signal name set in
  /// `death`), waiting up to `wait` for it to finish exiting; it stays a
  /// zombie for the destructor to reap.
  void bridgeStatus(std::chrono::milliseconds wait, Failure& death) const;

  DaskOptions options_;
  std::string address_;
  unsigned workers_ = 0, threads_ = 0;
  bool staged_ = false;
  std::map<std::string, double> resources_;  ///< declared worker resources (max per worker)
  pid_t pid_ = -1;
  int toBridge_ = -1, fromBridge_ = -1;
  std::string buffered_;  ///< read but not yet split into lines
  std::string outgoing_;  ///< submissions not yet sent (engine thread only)
  size_t outgoingJobs_ = 0;
  std::filesystem::path log_, cancelFile_;
  std::filesystem::path channel_;  ///< the results channel's directory (empty: none)

  mutable std::mutex mu_;
  std::condition_variable idle_;
  uint64_t nextId_ = 1;
  std::map<uint64_t, std::function<void(ExecutionOutcome)>> inFlight_;
  bool dead_ = false;
  std::optional<Failure> death_;  ///< set when the bridge died mid-run (E1012)
  std::optional<Failure> lost_;   ///< set when the scheduler dropped executions (E1022)
  std::vector<Stall> stalls_;          ///< from the bridge, not yet taken
  std::vector<std::string> notes_;     ///< from the bridge, not yet taken
  /// A cancellation the scheduler did not take (shared mode): the cancel
  /// marker stays for the jobs still running to see.
  bool keepCancelMarker_ = false;
  bool cancelling_ = false;  ///< cancelAll() was called: cancellations are ours
  std::thread reader_;
};

/// Parses `--dask`: `local:N` (N >= 1) or a scheduler address. Returns false
/// with `problem` for anything else.
bool parseDaskTarget(const std::string& text, std::string& scheduler, unsigned& localWorkers, DaskProblem& problem);

}  // namespace flytec::rt
