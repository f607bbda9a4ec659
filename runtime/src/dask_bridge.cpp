// The embedded Dask bridge, its interpreter and the Dask-task wrapper (see
// dask_bridge.h).
#include "runtime/dask_bridge.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cmath>
#include <string_view>
#include <tuple>
#include <functional>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/input_layout.h"
#include "runtime/process.h"
#include "runtime/resource_text.h"
#include "support/atomic_write.h"

extern char** environ;

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

// The embedded files: runtime/CMakeLists.txt generates each .inc from
// runtime/python/flytec_dask_PART.py.
const char* const kBridgeSource =
#include "dask_bridge_source.inc"
    ;
const char* const kSessionSource =
#include "dask_session_source.inc"
    ;
const char* const kReportSource =
#include "dask_report_source.inc"
    ;
const char* const kWorkerSource =
#include "dask_worker_source.inc"
    ;
const char* const kSpawnSource =
#include "dask_spawn_source.inc"
    ;
const char* const kStageSource =
#include "dask_stage_source.inc"
    ;
const char* const kClusterSource =
#include "dask_cluster_source.inc"
    ;

}  // namespace

namespace {

/// Whether `python` finds the `distributed` package (output discarded).
/// Finding, not importing: importing Dask takes about a second, which every
/// `--dask` run would pay twice (the bridge imports it again). A package
/// that is found but broken makes the bridge exit, reported with its log.
bool canImportDistributed(const std::string& python) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const char* argv[] = {python.c_str(), "-c",
                        "import importlib.util, sys; sys.exit(importlib.util.find_spec('distributed') is None)",
                        nullptr};
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, python.c_str(), &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::optional<std::string> findDaskPython(const std::string& requested, DaskProblem& problem) {
  if (!requested.empty()) {
    if (canImportDistributed(requested)) return requested;
    problem = {DaskProblem::Reason::PythonCannotImport, requested};
    return std::nullopt;
  }
  const char* envPath = getenv("PATH");
  std::string path = envPath ? envPath : "/usr/local/bin:/usr/bin:/bin";
  std::string tried;
  for (std::string c : {"/usr/bin/python3", "python3", "python"}) {
    auto found = findExecutable(c, path);
    if (!found || access(found->c_str(), X_OK) != 0) continue;
    tried += (tried.empty() ? "" : " ") + *found;
    if (canImportDistributed(*found)) return *found;
  }
  if (tried.empty()) problem = {DaskProblem::Reason::NoPythonFound};
  else problem = {DaskProblem::Reason::NoPythonFoundTried, tried};
  return std::nullopt;
}

std::optional<DaskScripts> installDaskScripts(const fs::path& stateDir, DaskProblem& problem) {
  DaskScripts scripts;
  const std::tuple<fs::path*, const char*, std::string_view> files[] = {
      {&scripts.bridge, "bridge", kBridgeSource}, {&scripts.session, "session", kSessionSource},
      {&scripts.report, "report", kReportSource}, {&scripts.worker, "worker", kWorkerSource},
      {&scripts.spawn, "spawn", kSpawnSource},    {&scripts.stage, "stage", kStageSource},
      {&scripts.cluster, "cluster", kClusterSource}};
  // One hash over every file: a bridge always finds its own siblings.
  std::string all;
  for (const auto& [path, name, source] : files) (all += source) += '\0';
  char hash[17];
  snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(all));
  fs::path dir = stateDir / "dask";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    problem = {DaskProblem::Reason::ScriptsDirUncreatable, dir.string(), ec.message()};
    return std::nullopt;
  }
  for (const auto& [path, name, source] : files) {
    *path = dir / ("flytec_dask_" + std::string(name) + "-" + hash + ".py");
    if (fs::exists(*path, ec) && fs::file_size(*path, ec) == source.size()) continue;
    std::string error;
    if (!support::writeFileAtomically(path->string(), std::string(source), error)) {
      problem = {DaskProblem::Reason::ScriptUnwritable, path->string(), error};
      return std::nullopt;
    }
  }
  return scripts;
}

int declaredThreads(const DaskClusterSpec& spec) {
  return spec.workerLimits.cpu ? std::max(1, static_cast<int>(std::floor(*spec.workerLimits.cpu))) : 1;
}

std::optional<DaskClusterExcess> daskClusterExceeds(const DaskClusterSpec& spec, const HostCapacity& host) {
  const int workers = std::max(1, spec.workers);
  const double threads = static_cast<double>(workers) * declaredThreads(spec);  // over all workers
  const bool cpuOver = threads > host.cpus + 1e-9;
  const bool memOver = spec.workerLimits.memory && host.memory &&
                       static_cast<double>(*spec.workerLimits.memory) * workers > static_cast<double>(host.memory);
  if (!cpuOver && !memOver) return std::nullopt;
  const int perWorker = declaredThreads(spec);
  DaskClusterExcess excess;
  excess.workers = std::to_string(workers) + " worker" + (workers == 1 ? "" : "s");
  excess.threads = std::to_string(perWorker) + " thread" + (perWorker == 1 ? "" : "s");
  if (spec.workerLimits.memory) excess.memoryEach = formatBytes(*spec.workerLimits.memory);
  excess.hostCpus = formatCpus(host.cpus) + " CPU" + (host.cpus == 1 ? "" : "s");
  excess.hostMemory = formatBytes(host.memory);
  return excess;
}

std::string describe(const DaskClusterExcess& e) {
  if (e.memoryEach)
    return reasonText(reason::dask_cluster_memory_over_host, e.workers, e.threads, *e.memoryEach, e.hostCpus,
                      e.hostMemory);
  return reasonText(reason::dask_cluster_over_host, e.workers, e.threads, e.hostCpus, e.hostMemory);
}

DaskClusterSpec scaleDaskCluster(DaskClusterSpec spec, const HostCapacity& host) {
  const int workers = std::max(1, spec.workers);
  const int share = std::max(1, static_cast<int>(std::floor(host.cpus / workers)));
  if (declaredThreads(spec) > share) spec.hostThreads = share;
  if (spec.workerLimits.memory && host.memory && *spec.workerLimits.memory * workers > host.memory)
    spec.hostMemoryLimit = host.memory / workers;
  return spec;
}

std::vector<std::string> wrapInDaskCluster(const std::vector<std::string>& launcher, const DaskClusterSpec& spec,
                                           const std::vector<std::string>& command) {
  std::vector<std::string> argv = launcher;
  // A worker's cpu limit becomes its thread count and its `CPU` resource; its
  // memory limit Dask's memory limit and `MEMORY` resource.
  int threads = spec.hostThreads.value_or(declaredThreads(spec));
  argv.insert(argv.end(), {"cluster", "--workers", std::to_string(std::max(1, spec.workers)), "--threads",
                           std::to_string(threads)});
  std::string resources;
  if (spec.workerLimits.cpu) resources = "CPU=" + std::to_string(*spec.workerLimits.cpu);
  if (auto limit = spec.hostMemoryLimit ? spec.hostMemoryLimit : spec.workerLimits.memory)
    argv.insert(argv.end(), {"--memory-limit", std::to_string(*limit)});
  if (spec.workerLimits.memory)
    resources += (resources.empty() ? "" : ",") + std::string("MEMORY=") + std::to_string(*spec.workerLimits.memory);
  if (!resources.empty()) argv.insert(argv.end(), {"--resources", resources});
  argv.push_back("--");
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

}  // namespace flytec::rt
