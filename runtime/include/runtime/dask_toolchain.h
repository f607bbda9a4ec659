// What a run needs on this host to use Dask: the Python interpreter that can
// import `distributed` and the bridge scripts installed under the state
// directory (dask_bridge.h). Looked up once, the first time something asks:
// `--dask`'s executor before the run, or preflight when it meets the first
// Dask task, so a run without Dask never starts a Python. It does not talk
// to Dask. Not thread-safe: both askers run on the run's own thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runtime/dask_bridge.h"

namespace flytec::rt {

class DaskToolchain {
 public:
  /// `requestedPython`: `--dask-python` ("" = the first that works);
  /// `stateDir`: where the scripts are installed (`.flytec`).
  DaskToolchain(std::string requestedPython, std::filesystem::path stateDir);

  /// True when the interpreter and the scripts are there; else `why` says
  /// what was tried. The lookup happens on the first call only.
  bool available(DaskProblem& why);
  /// The interpreter and the scripts' paths; only after available() is true.
  const std::string& python() const { return python_; }
  const DaskScripts& scripts() const { return *scripts_; }
  /// `python -u cluster.py`: the argv prefix that wraps a Dask task's command
  /// in its own cluster (wrapInDaskCluster); only after available() is true.
  std::vector<std::string> clusterLauncher() const;

 private:
  std::string requestedPython_;
  std::filesystem::path stateDir_;
  bool lookedUp_ = false;
  std::string python_;
  std::optional<DaskScripts> scripts_;
  DaskProblem problem_;
};

}  // namespace flytec::rt
