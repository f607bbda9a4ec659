// The checked program: every entity (task, workflow, launch plan, struct,
// enum) with its lowered name and resolved interface, and for every workflow
// its nodes with their targets, arguments, map settings and output types.
// Built by `analyze` (names and types; diagnostics for what fails to
// resolve), read by the rule checks (resources, Dask, placeholders, graph,
// launch plans), by lowering (backend/) and by the LSP. It never changes the
// AST, and it does not lower anything.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "frontend/module_graph.h"
#include "idl/literal_type.h"
#include "typecheck/cluster_profile.h"
#include "typecheck/resolved_names.h"

namespace flytec::tc {

enum class EntityKind { Task, Workflow, LaunchPlan, Struct, Enum };

class RuleCheckCache;

/// "task", "workflow", "launch plan", "struct", "enum": for messages.
const char* entityKindName(EntityKind k);

/// One input or output of a task, workflow or launch plan.
struct Variable {
  std::string name;
  idl::LiteralType type;
  const ast::Param* param = nullptr;           ///< declaration (null for synthesised ones)
  const ast::Expr* defaultValue = nullptr;     ///< parameter default, if any
  bool optional = false;                       ///< `T?`: may be omitted, bound to none
  /// The doc comment, else the name (spec §10). Derived rather than stored:
  /// a copy per variable (and per node output) adds up in a large file.
  const std::string& description() const { return param && !param->doc.empty() ? param->doc.str() : name; }
};

struct Entity {
  EntityKind kind;
  const ast::Decl* decl = nullptr;
  const Module* module = nullptr;
  std::string name;         ///< as declared
  std::string loweredName;  ///< Flyte name (spec §4): package prefix / stem prefix / bare
  std::vector<Variable> inputs;   ///< for Struct: its fields (with defaults, optional)
  std::vector<Variable> outputs;
  idl::LiteralType type;    ///< for Struct and Enum: the type values of it have
  const Entity* target = nullptr;  ///< for LaunchPlan: its workflow
};

/// `map(T, concurrency = N, min_success_ratio = R | min_successes = K)`.
struct MapSettings {
  std::optional<int64_t> concurrency;
  std::optional<double> minSuccessRatio;
  std::optional<int64_t> minSuccesses;
  const ast::Arg* ratioArg = nullptr;  ///< where the ratio/min_successes was set (E0408 note)
  std::vector<std::string> mappedInputs;  ///< names of inputs fed a list per element
  std::vector<std::string> boundInputs;   ///< partial args, defaults and omitted optionals (sorted)
  /// The map node's outputs: the target's, each wrapped in a list (what
  /// NodeInfo::outputs views for a map node).
  std::vector<Variable> outputs;
  /// Outputs are `list[T?]` rather than `list[T]`.
  bool optionalElements() const { return (minSuccessRatio && *minSuccessRatio < 1) || minSuccesses.has_value(); }
};

/// One argument of a node after resolution.
struct NodeArg {
  const ast::Expr* value = nullptr; ///< null when bound by default / omitted optional
  const Variable* input = nullptr;  ///< the target's input (always set)
  /// The target's input name (read through `input`, not copied per node).
  const std::string& name() const { return input->name; }
  bool fromPartial = false;
  bool mapped = false;              ///< a map node feeding one element per execution
};

enum class NodeKind { Task, Workflow, LaunchPlan, Map, Invalid };

struct NodeInfo {
  const ast::Node* node = nullptr;
  NodeKind kind = NodeKind::Invalid;
  const Entity* target = nullptr;   ///< the called task/workflow/launch plan (the mapped task for a map)
  std::vector<NodeArg> args;        ///< every input of the target, in the target's order
  /// Set for a map node. Boxed: inline it took 112 of a node's 208 bytes,
  /// and few nodes are maps.
  std::unique_ptr<const MapSettings> map;
  /// The node's outputs: a view of the target's (not a copy per node), or
  /// of `map->outputs` (list-wrapped) for a map node. Both live as long as
  /// the model.
  llvm::ArrayRef<Variable> outputs;
  std::vector<const NodeInfo*> upstream;  ///< from data and `after`, no duplicates, source order
  /// A call that was meant as a map (E0404): what the user meant its outputs
  /// to be is unknown, so a value taken from them is not checked again (one
  /// mistake, one error).
  bool outputsUnknown = false;
};

/// A workflow output: `return x` -> o0, or `return (a = x, b = y)`.
struct OutputBinding {
  std::string name;
  const ast::Expr* value = nullptr;
};

struct WorkflowInfo {
  const Entity* entity = nullptr;
  std::vector<std::unique_ptr<NodeInfo>> nodes;  ///< source order
  std::vector<OutputBinding> outputs;
  /// The node named `name` (the first, if several), in O(log n) (a scan up
  /// to 16 nodes).
  const NodeInfo* findNode(std::string_view name) const;
  /// The source-order index of that node, or nullopt; same rule and cost.
  std::optional<size_t> findNodeIndex(std::string_view name) const;
  /// Indexes every node now: after this, findNode changes nothing, so the
  /// rule checks may call it from several threads.
  void completeIndex() const { findNodeIndex({}); }

 private:
  mutable size_t indexed_ = 0;
  mutable std::map<std::string_view, size_t> byName_;
};

/// What the platform allows (spec §6 platform caps); unset = no cap.
struct PlatformCaps {
  std::optional<std::string> cpu, mem, gpu, ephemeralStorage;
};

struct CheckOptions {
  PlatformCaps caps;
  /// The cluster profile (docs/cluster-profile.md); null: no profile checks.
  std::shared_ptr<const ClusterProfile> profile;
  /// Polled between phases (the LSP sets it when a newer version of the
  /// document arrives): once set, analyze returns what it has; the model and
  /// diagnostics are incomplete and must be discarded.
  const std::atomic<bool>* cancel = nullptr;
  /// Record every resolved name in SemanticModel::names (the language server).
  bool recordNames = false;
  /// Run the rule checks on the declarations of the root files only. A rule
  /// check of a declaration reports inside that declaration's file: it reads
  /// what the file imports, never a file that imports it (an import cycle
  /// stops the checks). So this drops exactly the rule diagnostics located
  /// in imported files; the editor, which shows a document's own
  /// diagnostics alone, sets it. Names and types are resolved everywhere.
  bool rootDeclarationsOnly = false;
  /// When set, the rule checks run on these declarations only (the
  /// incremental checks of rule_check_cache.h set it to the declarations
  /// whose results they cannot reuse).
  const llvm::DenseSet<const ast::Decl*>* onlyDeclarations = nullptr;
  /// Whether the rule checks report on entity `e` (null: an entity-less
  /// report, made only when no declaration filter is set).
  bool checks(const Entity* e) const {
    if (!e) return !onlyDeclarations;
    if (rootDeclarationsOnly && e->module && !e->module->isRoot) return false;
    return !onlyDeclarations || onlyDeclarations->contains(e->decl);
  }
  /// Rule-check results kept from the previous check of the same document
  /// (rule_check_cache.h); null: every declaration is checked. Used only
  /// when names are recorded (they give the dependencies) and the
  /// diagnostics have no error limit.
  RuleCheckCache* ruleCache = nullptr;
  /// What else the rule checks read besides the sources: the caps, the
  /// cluster profile's text, the diagnostic options. A cache whose results
  /// were made under another configuration is emptied.
  uint64_t configurationKey = 0;
  /// Threads for the rule checks: each check reports into an engine of its
  /// own, merged in the fixed order of the checks, so the diagnostics are the
  /// same whatever the number. 1: on the calling thread.
  unsigned threads = 1;
};

class SemanticModel {
 public:
  std::vector<std::unique_ptr<Entity>> entities;  ///< declaration order, roots' imports first
  std::map<const ast::WorkflowDecl*, std::unique_ptr<WorkflowInfo>> workflows;
  /// Declarations and the uses resolved to them (empty unless CheckOptions::recordNames).
  ResolvedNames names;
  /// A struct contains itself (E0301): the types inside the cycle depend on
  /// which of its structs was resolved first, so on declarations that the
  /// users of the cycle do not name (the incremental checks check everything).
  bool structCycle = false;

  const Entity* entityFor(const ast::Decl* decl) const;
  /// The nodes of a workflow (null for a declaration that is not a workflow).
  const WorkflowInfo* workflowFor(const ast::WorkflowDecl* decl) const;
  /// Resolve `name` or `alias.name` as seen from `module` (imports are not transitive).
  const Entity* lookup(const Module& module, std::string_view qualifiedName) const;

 private:
  friend class ModelBuilder;
  /// A hash map: a tree node per declaration cost 64 bytes, a bucket is 16.
  llvm::DenseMap<const ast::Decl*, Entity*> byDecl_;
  /// Names declared in each module; keys view Entity::name (entities never move).
  std::map<const Module*, std::map<std::string_view, const Entity*>> scopes_;
};

/// Resolve names and types of `program`, reporting E02xx/E03xx/E04xx/E07xx
/// diagnostics into `diags`, then run every rule check (check_registry.h).
std::unique_ptr<SemanticModel> analyze(const ModuleGraph& program, DiagnosticEngine& diags,
                                       const CheckOptions& options);

}  // namespace flytec::tc
