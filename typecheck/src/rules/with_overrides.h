// `with { ... }` node overrides (spec §7): the keys `requests`, `limits`,
// `retries`, `timeout`, `interruptible`, `image`, checked like the task
// fields of the same names; unknown keys are E0321 with did-you-mean and
// repeated keys E0324. Resource values inside are checked by resources.cpp.
#pragma once

#include "diagnostics/diagnostic_engine.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Check every node's `with` block in every workflow of `model`.
void checkWithOverrides(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

}  // namespace flytec::tc
