// The engine's diagnostics whose wording depends on a reason its producers
// return as values: the executor broke mid-run (E1012, E1022), a node's
// input or a workflow's output has no value, a map node has no element count
// (E1007). The reason picks the catalogue's message; the values fill it.
// Not a public header.
#pragma once

#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "runtime/array_node.h"
#include "runtime/bindings.h"
#include "runtime/executor.h"

namespace flytec::rt {

/// E1012 (the bridge died) or E1022 (it lost its scheduler) for `failure`.
void reportExecutorFailure(DiagnosticEngine& diags, const std::string& path, const Executor::Failure& failure);

/// E1007 for node `node`, one of whose inputs has no value.
void reportNodeInputUnresolved(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                               const BindingProblem& problem);

/// E1007 for `node` (the workflow node, or the workflow's name at the top),
/// one of whose workflow's outputs has no value.
void reportWorkflowOutputUnresolved(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                                    const BindingProblem& problem);

/// E1007 for map node `node`, whose element count cannot be known.
void reportElementCountProblem(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                               const ElementCountProblem& problem);

}  // namespace flytec::rt
