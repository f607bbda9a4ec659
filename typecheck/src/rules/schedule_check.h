// A launch plan's `schedule` (spec §10): `schedule = "CRON"`, or a dict (or
// block) `{ cron = "CRON", kickoff = INPUT }` / `{ rate = 10m, kickoff = INPUT }`.
// Reports invalid cron text exactly as robfig/cron ParseStandard, which
// flyteadmin uses, rejects it (E0801), a kickoff that is not a free
// `datetime` input (E0802), fixed rates that are not a positive whole number
// of minutes, hours or days (E0805), unknown schedule keys (E0806) and
// malformed values (E0807).
//
// It does not decide which inputs a scheduled launch plan leaves unbound
// (E0803): launch_plans.cpp does that with what this returns.
#pragma once

#include <set>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// What a `schedule` field turned out to be.
struct ScheduleInfo {
  bool present = false;  ///< a `schedule` was written (valid or not)
  std::string kickoff;   ///< the input `kickoff` names, if any (valid or not)
};

/// Checks the `schedule` field of a launch plan whose target is `workflow`
/// (null when the target did not resolve: only the shape is checked then);
/// `fixed` maps fixed input names to where they were fixed.
ScheduleInfo checkSchedule(const ast::Field& field, const Entity* workflow,
                           const std::map<std::string, llvm::SMRange, std::less<>>& fixed,
                           DiagnosticEngine& diags);

/// "an integer", "a string", "a list", ...: what a value is, for E0807.
std::string describeLaunchPlanValue(const ast::Expr& e);

}  // namespace flytec::tc
