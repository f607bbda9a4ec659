// `flytec check --show-resources`: the effective resources of every task and
// of every node whose `with` overrides them (typecheck/resource_rows.h), as
// a table on stdout after the diagnostics. Without a cluster profile it uses
// Flyte's built-in `task_resources` (a default install) and says so.
#pragma once

#include <memory>

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include "typecheck/cluster_profile.h"
#include "typecheck/semantic_model.h"

namespace flytec::driver {

/// The same rows for `--format=json`: [{"task", "workflow", "node",
/// "declared": {"requests": {..}, "limits": {..}}, "effective": {..}}], with
/// the quantities as strings keyed `cpu`, `mem`, `gpu`, `ephemeral_storage`.
llvm::json::Array resourceJson(const tc::SemanticModel& model,
                               const std::shared_ptr<const tc::ClusterProfile>& profile);

void printResourceTable(const tc::SemanticModel& model, const std::shared_ptr<const tc::ClusterProfile>& profile,
                        llvm::raw_ostream& os);

}  // namespace flytec::driver
