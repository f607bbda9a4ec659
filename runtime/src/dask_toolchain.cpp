// See dask_toolchain.h.
#include "runtime/dask_toolchain.h"

namespace flytec::rt {

DaskToolchain::DaskToolchain(std::string requestedPython, std::filesystem::path stateDir)
    : requestedPython_(std::move(requestedPython)), stateDir_(std::move(stateDir)) {}

bool DaskToolchain::available(DaskProblem& why) {
  if (!lookedUp_) {
    lookedUp_ = true;
    if (auto python = findDaskPython(requestedPython_, problem_)) {
      python_ = *python;
      scripts_ = installDaskScripts(stateDir_, problem_);
    }
  }
  if (!scripts_) why = problem_;
  return scripts_.has_value();
}

std::vector<std::string> DaskToolchain::clusterLauncher() const {
  return {python_, "-u", scripts_->cluster.string()};
}

}  // namespace flytec::rt
