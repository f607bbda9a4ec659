// The Python half of flytec's Dask support (runtime/python/
// flytec_dask_{bridge,session,report,worker,spawn,stage,cluster}.py), embedded in
// the binary at build time: finding an interpreter that can import
// `distributed`, writing the scripts under the state directory (the bridge
// runs there; workers get theirs through Dask, never by path), and the argv
// that wraps a Dask task's command in its own short-lived cluster. It does
// not talk to Dask (dask_executor.h does).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runtime/dask_problem.h"
#include "runtime/executor.h"

namespace flytec::rt {

/// `requested` when it can import `distributed`, else (when `requested` is
/// empty) the first of /usr/bin/python3, python3, python on PATH that can.
/// On failure returns nullopt with `problem` naming what was tried.
std::optional<std::string> findDaskPython(const std::string& requested, DaskProblem& problem);

/// Where the scripts were written.
struct DaskScripts {
  std::filesystem::path bridge;   ///< the client side (the bridge process)
  std::filesystem::path session;  ///< the bridge's serving of the engine's jobs
  std::filesystem::path report;   ///< the bridge's result reporting
  std::filesystem::path worker;   ///< what jobs run on workers (sent to them through Dask)
  std::filesystem::path spawn;    ///< how the worker side starts and stops a job's process
  std::filesystem::path stage;    ///< staged mode, both sides
  std::filesystem::path cluster;  ///< Dask tasks' cluster launcher (and `--dask local:N`'s)
};

/// Writes the scripts to `stateDir/dask/flytec_dask_PART-HASH.py` (once;
/// atomically; one hash over all of them) and returns their paths.
std::optional<DaskScripts> installDaskScripts(const std::filesystem::path& stateDir, DaskProblem& problem);

/// A Dask task's cluster (flyteidl.plugins.DaskJob): `workers` workers with
/// `workerLimits` each.
struct DaskClusterSpec {
  int workers = 1;
  ResourceRequest workerLimits;
  /// Set when the cluster was scaled down to the host (--host-fit=scale):
  /// threads per worker and Dask's memory limit per worker actually used;
  /// the workers still advertise their declared `CPU`/`MEMORY` resources.
  std::optional<int> hostThreads;
  std::optional<uint64_t> hostMemoryLimit;
};

/// Threads per worker of `spec` as declared: its cpu limit, at least 1.
int declaredThreads(const DaskClusterSpec& spec);

/// How a Dask task's cluster exceeds the host, as messages show the
/// amounts. E1005 words the diagnostic; `describe` the note of a run that
/// scales the cluster down instead.
struct DaskClusterExcess {
  std::string workers;                    ///< "4 workers"
  std::string threads;                    ///< "2 threads", per worker
  std::optional<std::string> memoryEach;  ///< "256MiB", when the workers declare memory
  std::string hostCpus;                   ///< "8 CPUs"
  std::string hostMemory;                 ///< what the host has available
};

/// How `spec` does not fit `host` (threads over all workers above its CPUs,
/// or memory limits above its available memory), or nullopt.
std::optional<DaskClusterExcess> daskClusterExceeds(const DaskClusterSpec& spec, const HostCapacity& host);

/// "brings up a Dask cluster of 4 workers x 2 threads, more than this
/// host's 4 CPUs and 3.2GiB available".
std::string describe(const DaskClusterExcess& excess);

/// `spec` scaled to `host`: threads per worker cut to a share of the host's
/// CPUs (at least 1), memory limit per worker to a share of its memory.
DaskClusterSpec scaleDaskCluster(DaskClusterSpec spec, const HostCapacity& host);

/// `launcher` (python + cluster script path) + `cluster ... --` + `command`: runs
/// `command` with DASK_SCHEDULER_ADDRESS pointing at a scheduler and
/// `spec.workers` workers on 127.0.0.1 that exist only for that long.
std::vector<std::string> wrapInDaskCluster(const std::vector<std::string>& launcher, const DaskClusterSpec& spec,
                                           const std::vector<std::string>& command);

}  // namespace flytec::rt
