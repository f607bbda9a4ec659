// Expands command-line INPUTs into source files (spec §1): a `.flyte` file as
// is, a directory into every `.flyte` file below it (sorted, so output does
// not depend on directory order). Missing paths are E0001 (exit 2); a
// directory with no `.flyte` file is E0005.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"

namespace flytec::driver {

struct CollectedInputs {
  std::vector<std::string> sources;
  std::vector<std::string> packages;  ///< package archives, `.pb` files, package directories
  bool usageProblem = false;          ///< a missing/unreadable path: exit 2
};

CollectedInputs collectInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags);

}  // namespace flytec::driver
