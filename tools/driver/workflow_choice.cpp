// Reports a failed workflow choice as E1006 (see workflow_choice.h).
#include "workflow_choice.h"

namespace flytec::driver {

std::optional<rt::RunTarget> chooseWorkflow(const rt::PackageEntities& program, const std::string& wanted,
                                            const std::string& input, DiagnosticEngine& diags) {
  std::string error;
  std::optional<rt::RunTarget> target = rt::selectTarget(program, wanted, error);
  if (!target) diags.reportAtPath(diag::err_run_no_workflow_chosen, input, error);
  return target;
}

}  // namespace flytec::driver
