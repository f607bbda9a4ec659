// The lowering implementation class behind lowerProgram (lower.h), private to
// backend/. One class, its methods spread over one file per concept:
//   lower_program.cpp      entity order, entry names, identifiers
//   lower_task.cpp         TaskSpec: metadata, interface, container, Dask
//   lower_values.cpp       literals and binding data from expressions
//   lower_workflow.cpp     WorkflowSpec: nodes, bindings, sub-workflows
//   lower_map.cpp          map variant tasks and ArrayNodes
//   lower_launch_plan.cpp  launch plans and schedules
// It reads the SemanticModel and the AST; it never reports source problems
// (the checker did), only internal inconsistencies.
#pragma once

#include <map>
#include <optional>
#include <variant>
#include <set>
#include <string>
#include <vector>

#include "backend/lower.h"
#include "flyteidl/admin/launch_plan.pb.h"
#include "flyteidl/admin/task.pb.h"
#include "flyteidl/admin/workflow.pb.h"
#include "flyteidl/core/literals.pb.h"

namespace flytec::backend {

/// Per-node settings from a task and a node's `with` block.
struct NodeSettings {
  std::optional<int64_t> retries;
  std::optional<int64_t> timeoutNanos;
  std::optional<bool> interruptible;
};

class Lowering {
 public:
  Lowering(const tc::SemanticModel& model, const LowerOptions& options, DiagnosticEngine& diags);
  std::optional<idl::Package> run();

  // --- identifiers (lower_program.cpp)
  flyteidl::core::Identifier identifier(flyteidl::core::ResourceType type, const std::string& name) const;

  // --- tasks (lower_task.cpp)
  /// The TaskSpec of `task`; for a map variant, `map` is set and `name` is the variant's.
  flyteidl::admin::TaskSpec lowerTask(const tc::Entity& task, const tc::MapSettings* map,
                                      const std::string& name) const;
  /// RuntimeMetadata, retries, timeout, interruptible and cache of `task`.
  void fillTaskMetadata(const tc::Entity& task, flyteidl::core::TaskMetadata& md) const;
  /// The task's own retries/timeout/interruptible, then `with` over them.
  NodeSettings taskSettings(const tc::Entity& task) const;
  static void applyWith(const ast::Block* with, NodeSettings& s);
  static void fillNodeMetadata(const std::string& name, const NodeSettings& s, flyteidl::core::NodeMetadata* md);
  /// `requests`/`limits`/`image` of a `with` block as TaskNodeOverrides.
  static void fillOverrides(const ast::Block* with, flyteidl::core::TaskNodeOverrides* o);
  /// `{cpu = "1", mem = "2Gi"}` (a dict expression or a block) into `out`.
  static void fillResourceEntries(const ast::Field* field,
                                  google::protobuf::RepeatedPtrField<flyteidl::core::Resources::ResourceEntry>* out);
  static void fillResources(const ast::Block* block, flyteidl::core::Resources* r);

  // --- values (lower_values.cpp)
  /// A literal expression of type `t` as a Flyte literal (ints in float
  /// positions as floats, structs as scalar.generic, enums as strings).
  flyteidl::core::Literal literal(const ast::Expr* e, const idl::LiteralType& t) const;
  /// An argument expression as binding data: promises, literals, collections, maps.
  flyteidl::core::BindingData binding(const ast::Expr* e, const idl::LiteralType& t,
                                      const tc::WorkflowInfo& wf) const;
  /// A node argument: its expression, else the default, else `none`.
  flyteidl::core::BindingData argBinding(const tc::NodeArg& arg, const tc::WorkflowInfo& wf) const;
  static flyteidl::core::Literal noneLiteral();

  // --- workflows (lower_workflow.cpp)
  flyteidl::admin::WorkflowSpec lowerWorkflow(const tc::WorkflowInfo& wf);
  const flyteidl::core::WorkflowTemplate& workflowTemplate(const tc::WorkflowInfo& wf);

  // --- maps (lower_map.cpp)
  /// `{prefix.}map_{task}_{h}-arraynode` (spec §10).
  static std::string mapVariantName(const tc::Entity& task, const tc::MapSettings& map);
  void lowerMapNode(const tc::NodeInfo& n, const tc::WorkflowInfo& wf, flyteidl::core::Node* out) const;

  // --- launch plans (lower_launch_plan.cpp)
  flyteidl::admin::LaunchPlan defaultLaunchPlan(const tc::Entity& workflow) const;
  flyteidl::admin::LaunchPlan declaredLaunchPlan(const tc::Entity& lp) const;
  flyteidl::admin::LaunchPlan declaredLaunchPlanFor(const std::string& name, const tc::Entity& wf,
                                                    const ast::LaunchPlanDecl* decl) const;

  const tc::SemanticModel& model() const { return model_; }
  const std::string& flytecVersion() const { return version_; }
  const tc::WorkflowInfo* workflowInfo(const tc::Entity& e) const;
  /// The node named `name` of `wf` (an index, since WorkflowInfo::findNode is a linear scan).
  const tc::NodeInfo* findNode(const tc::WorkflowInfo& wf, std::string_view name) const;

 private:
  // ordering (lower_program.cpp)
  void emitWorkflow(const tc::Entity& wf);
  void emitLaunchPlan(const tc::Entity& lp);
  void collectSubWorkflows(const tc::WorkflowInfo& wf, std::vector<const tc::WorkflowInfo*>& out,
                           std::set<const tc::WorkflowInfo*>& seen);

  struct Pending {
    std::string name;
    int kind;
    std::variant<flyteidl::admin::TaskSpec, flyteidl::admin::WorkflowSpec, flyteidl::admin::LaunchPlan> spec;
  };

  const tc::SemanticModel& model_;
  const LowerOptions& options_;
  DiagnosticEngine& diags_;
  std::string version_;
  std::vector<Pending> out_;
  std::set<std::string> emittedVariants_;
  std::set<const tc::Entity*> emitted_, inProgress_;
  std::map<const tc::WorkflowInfo*, flyteidl::core::WorkflowTemplate> templates_;
  mutable std::map<const tc::WorkflowInfo*, std::map<std::string, const tc::NodeInfo*, std::less<>>> nodeIndex_;
};

/// A field of a block: `key = expr` (returns the expr) or nullptr.
const ast::Expr* fieldExpr(const ast::Block* block, std::string_view key);
/// Seconds/nanos of a protobuf Duration from nanoseconds.
void setDuration(int64_t nanos, google::protobuf::Duration* d);
/// A doc comment as a spec description: first line short, all of it long.
void setDescription(const std::string& doc, flyteidl::admin::DescriptionEntity* d);

}  // namespace flytec::backend
