// Shared state of the package checker: the index of every entity in the
// package (tasks, workflows, launch plans by identifier), the entry each one
// came from, and the helpers that report a diagnostic about an entry. Each
// part of the checker (tasks, workflows, launch plans) is one .cpp file that
// reads this index; none of them reads the package twice or prints.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "flyteidl/admin/launch_plan.pb.h"
#include "flyteidl/admin/task.pb.h"
#include "flyteidl/admin/workflow.pb.h"
#include "flyteidl/core/literals.pb.h"
#include "idl/literal_type.h"
#include "idl/package.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc::pkg {

namespace core = flyteidl::core;
namespace admin = flyteidl::admin;

/// Identifier key as Flyte's index uses it, without the resource type (task,
/// workflow and launch plan tables are separate) and without `org`.
std::string idKey(const core::Identifier& id);

/// The package, indexed.
struct PackageIndex {
  std::string path;          ///< display name of the package
  bool isDirectory = false;
  std::map<std::string, const idl::PackageEntry*> tasks;      ///< by idKey
  std::map<std::string, const idl::PackageEntry*> workflows;  ///< by idKey
  std::map<std::string, const idl::PackageEntry*> launchPlans;
  PlatformCaps caps;
  /// The cluster profile the checks of package_profile.cpp apply (null: none).
  const ClusterProfile* profile = nullptr;
  /// Tasks some ArrayNode runs as its sub-node (map variants), by idKey.
  std::set<std::string> mapVariants;

  /// Where diagnostics about `entry` point: `pkg.tgz:entry.pb`.
  std::string locate(const idl::PackageEntry& entry) const;

  const core::TaskTemplate* task(const core::Identifier& id) const;
  const admin::WorkflowSpec* workflow(const core::Identifier& id) const;
  const admin::LaunchPlan* launchPlan(const core::Identifier& id) const;
};

/// Flyte's LiteralTypeForLiteral / literalTypeForScalar (validators/utils.go),
/// as a flytec LiteralType; nullopt where Flyte's is nil (a blob without
/// metadata, an unset value).
std::optional<idl::LiteralType> flyteTypeOfScalar(const core::Scalar& scalar);
std::optional<idl::LiteralType> flyteTypeOfLiteral(const core::Literal& literal);

/// A type for a message: `int`, `list[str]` (LiteralType::str()).
std::string typeName(const core::LiteralType& t);

/// True for Flyte's IsOptionalType: a union with a `none` variant.
bool isOptionalType(const core::LiteralType& t);

/// Adds the task of every ArrayNode sub-node in `wf` to `out` (idKey).
void collectMapVariants(const core::WorkflowTemplate& wf, std::set<std::string>& out);

/// The checks, one per entity kind. Each reports into `diags`.
void checkTask(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags);
void checkWorkflow(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags);
void checkLaunchPlan(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags);
/// The cluster profile's checks on a task or workflow entry (nothing without a profile).
void checkProfile(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags);

/// flyteadmin's expected inputs of a launch plan
/// (checkAndFetchExpectedInputForLaunchPlan), ignoring its errors: the
/// launch plan's default inputs plus the workflow inputs it neither defaults
/// nor fixes (required).
core::ParameterMap expectedLaunchPlanInputs(const core::VariableMap& workflowInputs,
                                            const admin::LaunchPlanSpec& spec);

/// Resource rules on one `core.Resources` (task container, Dask groups,
/// node overrides). `registered` says whether flyteadmin checks these
/// resources at registration (a task's container): then its rules are
/// errors, else everything is W0910.
void checkResources(const PackageIndex& index, const std::string& where, const std::string& owner,
                    const core::Resources& resources, bool registered, DiagnosticEngine& diags);

}  // namespace flytec::tc::pkg
