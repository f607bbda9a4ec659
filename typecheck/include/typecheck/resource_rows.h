// Effective resources of a checked program, one row per task and one per
// workflow node that calls a task (directly or through `map`): what each
// declares and what it gets on the profile's cluster (effective_resources.h).
// The profile checks (rules/cluster_fit.cpp), `flytec check --show-resources`
// (table and JSON), the editor's hover and `flytec graph` labels read the
// same rows. Dask tasks are left out: their pods are built by the Dask
// plugin from the scheduler's and workers' groups, not by this path.
#pragma once

#include <string>
#include <vector>

#include "typecheck/effective_resources.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

struct ResourceRow {
  const Entity* task = nullptr;          ///< the task whose container this is
  const Entity* workflow = nullptr;      ///< null for the task's own row
  const NodeInfo* node = nullptr;        ///< null for the task's own row
  DeclaredResources declared;            ///< the task's requests and limits
  bool hasOverride = false;              ///< the node's `with` sets requests or limits
  DeclaredResources override;            ///< the node's `with` requests and limits
  EffectiveResources effective;
  /// Where to report about the row: the task's `requests` (else `limits`,
  /// else its name), or the node's `with` group.
  llvm::SMRange range;
};

/// The declared resources of a block's `requests`/`limits` (values that do
/// not parse as quantities are skipped: the resource rules report them).
DeclaredResources declaredResourcesOf(const ast::Block& block);

/// One row per non-Dask task, then one per node calling one with an
/// override (a node without override runs exactly the task's row).
std::vector<ResourceRow> resourceRows(const SemanticModel& model, const ClusterProfile& profile);

/// `cpu=2/2 mem=200Mi/200Mi` (request/limit per kind set): for tables and labels.
std::string formatEffective(const EffectiveResources& e);

}  // namespace flytec::tc
