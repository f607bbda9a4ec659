// The rule checks that run on a built SemanticModel, one file each under
// typecheck/src/rules/. `analyze` (analyze.cpp) calls them in this order after
// names and types resolved. A rule reads the model and the AST and only
// reports diagnostics; it never changes the model.
#pragma once

#include "diagnostics/diagnostic_engine.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// §6 task fields: `image` required, exactly one of command/script (E0313),
/// retries >= 0, timeout > 0, cache version, env, output types a Flyte
/// cluster cannot pass on (W0310), unknown task fields.
void checkTaskFields(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// §6 placeholders (E0309, E0311, W0312, E0315) and their map rules (E0411, W0413).
void checkPlaceholders(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// §6 resources on tasks, `with` overrides and Dask groups (E0501–E0506, W0507, W0508).
void checkResources(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// §8 Dask blocks (E0601, W0602, E0603).
void checkDask(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// §7 workflow graph: empty workflows (E0703), cycles through `after` (E0704),
/// unused node outputs (W0706).
void checkWorkflowGraph(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// What Flyte's data sidecar cannot carry: struct inputs/outputs of a task
/// with `file`/`dir` fields (E0317), a task's `dir` output bound to a `dir`
/// input (E0316). rules/cluster_data.cpp.
void checkClusterData(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// §10 launch plans and schedules (E0801–E0805, and E0301 on their inputs).
void checkLaunchPlans(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// Effective resources against the cluster profile (E1101, W1102, W1103);
/// nothing without CheckOptions::profile.
void checkClusterFit(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

/// Names Kubernetes validates and Flyte passes on unchanged: environment
/// variable names (E1104, W1105).
void checkKubeNames(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags);

}  // namespace flytec::tc
