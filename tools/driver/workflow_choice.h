// The workflow `flytec run` runs and `flytec graph` draws: the one
// `--workflow` names (a workflow or a launch plan, by lowered or source name)
// or the package's only workflow. Both commands choose through this one
// function, so the same mistake is the same E1006 with the same words. The
// choice itself is rt::selectTarget; this only reports it.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "runtime/package_entities.h"

namespace flytec::driver {

/// The target `wanted` names in `program` (empty: its only workflow), or
/// nullopt after reporting E1006 at `input`.
std::optional<rt::RunTarget> chooseWorkflow(const rt::PackageEntities& program, const std::string& wanted,
                                            const std::string& input, DiagnosticEngine& diags);

}  // namespace flytec::driver
