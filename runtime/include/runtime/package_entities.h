// The runtime's view of a package: tasks, workflows and launch plans by name,
// and the choice of what `flytec run` executes (a workflow or a launch plan,
// by `--workflow` or as the only one). It also assembles a run's inputs from
// the launch plan's defaults and fixed inputs. It does not execute anything
// and does not check specs (typecheck's package checker does).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "flyteidl/admin/launch_plan.pb.h"
#include "flyteidl/admin/task.pb.h"
#include "flyteidl/admin/workflow.pb.h"
#include "idl/package.h"

namespace flytec::rt {

/// Entities of a package, by `id.name`. Pointers stay valid as long as the
/// package does.
class PackageEntities {
 public:
  explicit PackageEntities(const idl::Package& package);

  const flyteidl::core::TaskTemplate* task(const std::string& name) const;
  /// A workflow template: first among `scope`'s sub-workflows (when given),
  /// then the package's workflows.
  const flyteidl::core::WorkflowTemplate* workflow(const std::string& name,
                                                   const flyteidl::admin::WorkflowSpec* scope = nullptr) const;
  /// The WorkflowSpec that declares workflow `name` at top level, if any.
  const flyteidl::admin::WorkflowSpec* workflowSpec(const std::string& name) const;
  const flyteidl::admin::LaunchPlan* launchPlan(const std::string& name) const;

  const std::vector<std::string>& workflowNames() const { return workflowNames_; }
  const std::vector<std::string>& launchPlanNames() const { return launchPlanNames_; }

 private:
  std::map<std::string, const flyteidl::core::TaskTemplate*> tasks_;
  std::map<std::string, const flyteidl::admin::WorkflowSpec*> workflows_;
  std::map<std::string, const flyteidl::admin::LaunchPlan*> launchPlans_;
  std::vector<std::string> workflowNames_, launchPlanNames_;
};

/// What a run executes: a workflow, with the inputs its launch plan declares.
struct RunTarget {
  std::string name;  ///< what the user named (workflow or launch plan)
  const flyteidl::admin::WorkflowSpec* spec = nullptr;
  const flyteidl::core::WorkflowTemplate* workflow = nullptr;
  /// default_inputs of the launch plan, or the workflow's interface as
  /// required parameters when there is no launch plan.
  flyteidl::core::ParameterMap parameters;
  flyteidl::core::LiteralMap fixed;
  /// The input a scheduled launch plan's schedule fills with the time of
  /// each kickoff (kickoff_time_input_arg); empty without a schedule.
  std::string kickoffInput;
};

/// Chooses the target: `name` names a launch plan or a workflow (its default
/// launch plan, which has the same name, supplies defaults); an empty name
/// means the only workflow of the package. On failure reports E1006 about
/// `diagPath`.
std::optional<RunTarget> selectTarget(const PackageEntities& program, const std::string& name,
                                      DiagnosticEngine& diags, const std::string& diagPath);

/// Inputs of a launch-plan execution: `given` over defaults, plus fixed
/// inputs (which cannot be given). Missing required inputs are listed in
/// `missing`; a given input that the launch plan fixes is named in
/// `givenButFixed` (the last one, if several; empty if none).
flyteidl::core::LiteralMap launchPlanInputs(const flyteidl::core::ParameterMap& parameters,
                                            const flyteidl::core::LiteralMap& fixed,
                                            const flyteidl::core::LiteralMap& given,
                                            std::vector<std::string>& missing, std::string& givenButFixed);

}  // namespace flytec::rt
