// Binding resolution: the value a node input (or a workflow output) gets from
// its core.BindingData — a literal scalar, a collection or map of bindings, or
// a promise on a node's output (an empty node id, or `start-node`, is a
// workflow input) followed by its `attr_path` (list index, dict key or struct
// field). It does not schedule nodes (engine.cpp) or know about maps.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "flyteidl/core/literals.pb.h"

namespace flytec::rt {

/// The value of `var` of node `nodeId` ("" = the workflow's inputs), or
/// nullptr when it does not exist (yet).
using OutputLookup =
    std::function<const flyteidl::core::Literal*(const std::string& nodeId, const std::string& var)>;

/// Why a binding has no value, as values (E1007 words each reason).
struct BindingProblem {
  enum class Reason {
    NoWorkflowInput,   ///< `value`: the workflow input
    NoNodeOutput,      ///< `value`: the node; `detail`: its output
    IndexNotList,      ///< `value`: the index
    IndexOutOfRange,   ///< `value`: the index; `detail`: the list's length
    KeyNotInDict,      ///< `value`: the key
    FieldNotInStruct,  ///< `value`: the field
    KeyOnScalar,       ///< `value`: the key or field
    UnsupportedKind,   ///< a binding of another kind
  };
  BindingProblem() = default;
  /// A reason with its values, in the order the reason's comment names them.
  BindingProblem(Reason r, std::string value = {}, std::string detail = {})
      : reason(r), value(std::move(value)), detail(std::move(detail)) {}

  Reason reason = Reason::UnsupportedKind;
  std::string value, detail;
  std::string var;  ///< the binding's variable (resolveBindings)
};

/// Resolves `binding`. On failure returns nullopt with `problem` set.
std::optional<flyteidl::core::Literal> resolveBinding(const flyteidl::core::BindingData& binding,
                                                      const OutputLookup& lookup, BindingProblem& problem);

/// Resolves every binding of `bindings` into a LiteralMap keyed by `var`;
/// false with `problem` (and its `var`) set for the first that fails.
bool resolveBindings(const google::protobuf::RepeatedPtrField<flyteidl::core::Binding>& bindings,
                     const OutputLookup& lookup, flyteidl::core::LiteralMap& out, BindingProblem& problem);

/// Applies one promise attribute path to a value.
std::optional<flyteidl::core::Literal> applyAttrPath(
    const flyteidl::core::Literal& value,
    const google::protobuf::RepeatedPtrField<flyteidl::core::PromiseAttribute>& path, BindingProblem& problem);

/// The node a promise refers to, with `start-node` normalised to "".
std::string promiseNode(const flyteidl::core::OutputReference& ref);

}  // namespace flytec::rt
