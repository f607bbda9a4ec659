// The rule checks through a RuleCheckCache (rule_check_cache.h): the
// declarations whose results cannot be reused are checked, the others'
// diagnostics are taken from the cache, and the cache then holds exactly the
// results of this check.
#pragma once

#include <functional>

#include "typecheck/rule_check_cache.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Runs every rule check under `options` into an engine (analyze.cpp's list).
using RunRuleChecks = std::function<void(const CheckOptions&, DiagnosticEngine&)>;

class IncrementalRuleChecks {
 public:
  /// `options.ruleCache` must be set.
  static void run(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags,
                  const RunRuleChecks& runChecks);
};

}  // namespace flytec::tc
