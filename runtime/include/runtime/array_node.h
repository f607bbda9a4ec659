// ArrayNode semantics at run time: which inputs are mapped, how many
// elements there are, each element's own input values, the success criteria
// (Flyte's rounding: ceil(float64(float32 ratio) * n), so 0.1 of 10 needs 2),
// and the node's outputs assembled from its elements (failed elements become
// `none` when the criteria allow failures). It does not schedule elements
// (engine.cpp does, honouring `parallelism`).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "flyteidl/core/interface.pb.h"
#include "flyteidl/core/literals.pb.h"
#include "flyteidl/core/workflow.pb.h"

namespace flytec::rt {

/// How many elements must succeed out of `n`: `min_successes` when set,
/// else ceil(ratio * n) computed as Flyte does, else all of them.
size_t minSuccesses(const flyteidl::core::ArrayNode& node, size_t n);

/// The same rule on plain numbers (ratio as the float32 the spec holds).
size_t minSuccessesForRatio(float ratio, size_t n);

/// The mapped inputs of an ArrayNode given its resolved inputs: every
/// collection-valued input not listed in `bound_inputs`.
std::set<std::string> mappedInputs(const flyteidl::core::ArrayNode& node,
                                   const flyteidl::core::LiteralMap& inputs);

/// Why an ArrayNode has no element count (E1007 words it): two mapped
/// inputs whose lengths differ, or none (`first` empty) when no input is a list.
struct ElementCountProblem {
  std::string first, other;
  size_t firstLength = 0, otherLength = 0;
};

/// The number of elements (the common length of the mapped lists); nullopt
/// with `problem` set when the lengths differ or nothing is mapped.
std::optional<size_t> elementCount(const flyteidl::core::LiteralMap& inputs, const std::set<std::string>& mapped,
                                   ElementCountProblem& problem);

/// Element `i`'s inputs: each mapped list replaced by its i-th value.
flyteidl::core::LiteralMap elementInputs(const flyteidl::core::LiteralMap& inputs,
                                         const std::set<std::string>& mapped, size_t i);

/// The ArrayNode's outputs: for each output of `outputs` (list types), the
/// list of the elements' values; `none` for elements without outputs.
flyteidl::core::LiteralMap assembleOutputs(const flyteidl::core::VariableMap& outputs,
                                           const std::vector<std::optional<flyteidl::core::LiteralMap>>& elements);

}  // namespace flytec::rt
