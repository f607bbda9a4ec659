// What each declaration's rule checks may read, from the names the checker
// resolved: the declarations it uses, the ones that use it, and everything
// those use, transitively (rule_check_cache.h says why each). Computed on a
// finished model whose names were recorded; it reads nothing else.
#pragma once

#include <cstdint>
#include <vector>

#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Above this many declarations in one set the sets are not computed: a
/// file where one declaration reaches thousands would cost quadratic time,
/// and a full check is cheaper.
constexpr size_t kMaxRuleInputs = 512;

struct RuleInputs {
  /// For each entity of the model (by index) that the rule checks report on:
  /// the indexes of the entities they may read, itself among them, in model
  /// order. Empty for entities the checks skip.
  std::vector<std::vector<uint32_t>> of;
  /// Where each entity's own index lies in its set.
  std::vector<uint32_t> selfAt;
  /// False: the sets could not be computed (no recorded names, an entity
  /// without a declaration, a set above kMaxRuleInputs).
  bool complete = false;
};

/// The text of entity `e`'s declaration, as it lies in its buffer.
llvm::StringRef declarationText(const Entity& e);

/// The index of the entity whose declaration's text holds `p`, or -1.
class EntityAtLocation {
 public:
  explicit EntityAtLocation(const SemanticModel& model);
  int64_t operator()(const char* p) const;

 private:
  struct Span {
    const char* begin;
    const char* end;
    uint32_t entity;
  };
  std::vector<Span> spans_;  ///< by begin (declarations never overlap)
};

RuleInputs ruleInputs(const SemanticModel& model, const CheckOptions& options, const EntityAtLocation& entityAt);

}  // namespace flytec::tc
