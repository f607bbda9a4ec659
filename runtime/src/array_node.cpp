// ArrayNode rules (see array_node.h).
#include "runtime/array_node.h"

#include <cmath>

#include "runtime/literal_parse.h"

namespace flytec::rt {

using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;

size_t minSuccessesForRatio(float ratio, size_t n) {
  // propeller: uint32(math.Ceil(float64(minSuccessRatio) * float64(size)));
  // the ratio is a float32 in the spec, widened exactly.
  double need = std::ceil(static_cast<double>(ratio) * static_cast<double>(n));
  if (need < 0) return 0;
  return std::min(n, static_cast<size_t>(need));
}

size_t minSuccesses(const flyteidl::core::ArrayNode& node, size_t n) {
  switch (node.success_criteria_case()) {
    case flyteidl::core::ArrayNode::kMinSuccesses: return std::min<size_t>(n, node.min_successes());
    case flyteidl::core::ArrayNode::kMinSuccessRatio: return minSuccessesForRatio(node.min_success_ratio(), n);
    default: return n;
  }
}

std::set<std::string> mappedInputs(const flyteidl::core::ArrayNode& node, const LiteralMap& inputs) {
  std::set<std::string> bound(node.bound_inputs().begin(), node.bound_inputs().end());
  std::set<std::string> mapped;
  for (const auto& [name, v] : inputs.literals())
    if (!bound.count(name) && v.has_collection()) mapped.insert(name);
  return mapped;
}

std::optional<size_t> elementCount(const LiteralMap& inputs, const std::set<std::string>& mapped,
                                   ElementCountProblem& problem) {
  std::optional<size_t> n;
  std::string first;
  for (const auto& name : mapped) {
    size_t len = static_cast<size_t>(inputs.literals().at(name).collection().literals_size());
    if (!n) {
      n = len;
      first = name;
    } else if (*n != len) {
      problem = {first, name, *n, len};
      return std::nullopt;
    }
  }
  if (!n) {
    problem = {};
    return std::nullopt;
  }
  return n;
}

LiteralMap elementInputs(const LiteralMap& inputs, const std::set<std::string>& mapped, size_t i) {
  LiteralMap out;
  auto& lits = *out.mutable_literals();
  for (const auto& [name, v] : inputs.literals())
    lits[name] = mapped.count(name) ? v.collection().literals(static_cast<int>(i)) : v;
  return out;
}

LiteralMap assembleOutputs(const flyteidl::core::VariableMap& outputs,
                           const std::vector<std::optional<LiteralMap>>& elements) {
  LiteralMap out;
  for (const auto& [name, _] : outputs.variables()) {
    Literal list;
    auto* coll = list.mutable_collection();
    for (const auto& e : elements) {
      if (e && e->literals().count(name)) *coll->add_literals() = e->literals().at(name);
      else *coll->add_literals() = noneLiteral();
    }
    (*out.mutable_literals())[name] = std::move(list);
  }
  return out;
}

}  // namespace flytec::rt
