// ModelBuilder: the private machinery of `analyze`. It fills a SemanticModel
// in phases, each in its own file:
//   declarations.cpp     entities, lowered names, module scopes (E0204, E0208),
//                        qualified-name lookup with did-you-mean (E0201)
//   type_resolution.cpp  TypeRef -> idl::LiteralType, struct schemas, interfaces
//   values.cpp           typing of expressions: literals in typed positions,
//                        references to parameters and node outputs
//   nodes.cpp            workflow nodes: calls, arguments, `after`, `return`
//   map_nodes.cpp        map nodes (§7 map table)
// It reports diagnostics and never changes the AST. Rule checks (rules.h) run
// after it on the finished model.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "typecheck/assignability.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Where an expression is evaluated: a parameter default or launch-plan value
/// (literals only), or inside a workflow (references allowed).
struct ValueScope {
  const Module* module = nullptr;
  WorkflowInfo* workflow = nullptr;      ///< null: literals only
  const NodeInfo* currentNode = nullptr; ///< for E0705 (use before definition)
  size_t nodeIndex = 0;                  ///< index of currentNode in source order
  std::vector<const NodeInfo*>* upstream = nullptr;  ///< collects data dependencies
};

/// What checking a value against a type concluded.
enum class ValueCheck { Ok, Reported };

class ModelBuilder {
 public:
  /// `threads` > 1: workflow bodies are built on that many threads when
  /// there are enough of them and no names are recorded (buildWorkflows).
  ModelBuilder(const ModuleGraph& program, DiagnosticEngine& diags, SemanticModel& model, unsigned threads = 1)
      : program_(program), diags_(&diags), model_(model), threads_(threads) {}

  /// Every phase in order.
  void run();

  // ---- declarations.cpp
  void declareEntities();
  void checkLoweredNames();
  /// Resolve a qualified name (`NAME` or `import.NAME`) as seen from `module`;
  /// reports E0201 with did-you-mean at `range` when `report` and not found.
  const Entity* resolveEntity(const Module& module, const std::vector<std::string>& path,
                              llvm::SMRange range, bool report);

  // ---- name_recording.cpp (SemanticModel::names; no-ops unless enabled)
  void declareNames();
  /// `NAME` / `import.NAME` written as identifiers or an expression names
  /// `target` (null: only the import qualifier resolved).
  void noteEntity(const Module& module, llvm::ArrayRef<ast::Ident> path, const Entity* target);
  void noteEntityExpr(const Module& module, const ast::Expr& written, const Entity* target);
  void noteImport(const Module& module, const ast::Ident& qualifier);
  void noteParam(llvm::SMRange range, const ast::Param* param);
  void noteNode(llvm::SMRange range, const ast::Node* node);
  void noteEnumMember(const ast::Ident& member, const Entity& enumEntity);

  // ---- type_resolution.cpp
  void resolveInterfaces();
  idl::LiteralType resolveType(const Module& module, const ast::TypeRef& ref);
  /// The fields of a struct type (by the type's name), or null.
  const Entity* structEntity(const idl::LiteralType& t) const;

  // ---- values.cpp
  /// Check `e` where a value of `expected` is needed; records its type.
  /// `what` names the slot for messages ("argument `x` of `square`").
  ValueCheck checkValue(const ast::Expr& e, const idl::LiteralType& expected, ValueScope& scope,
                        const std::string& what);
  /// The type of `e` when it is a reference (parameter, node output, field or
  /// element of one); nullopt after reporting, or when `e` is not a reference.
  std::optional<idl::LiteralType> typeOfReference(const ast::Expr& e, ValueScope& scope,
                                                   bool* isReference);
  // typeOfReference's cases (references.cpp).
  /// A workflow parameter or node named `name`: its type (a node's single
  /// output, or an unset type unless `wantsSingle`), unset inside after
  /// reporting; nullopt when there is none of that name.
  std::optional<std::optional<idl::LiteralType>> lookupLocal(ValueScope& scope, std::string_view name,
                                                             llvm::SMRange range, bool wantsSingle);
  /// E0201 for `name` in `wf`, with the closest parameter or node.
  void reportUnknownLocal(const WorkflowInfo& wf, std::string_view name, llvm::SMRange range);
  std::optional<idl::LiteralType> typeOfName(const ast::NameExpr& n, ValueScope& scope, bool* isReference);
  /// `NODE.OUT`, an enum member, or a field of a typed base.
  std::optional<idl::LiteralType> typeOfMember(const ast::MemberExpr& m, ValueScope& scope, bool* isReference);
  /// `NODE.OUT`, else a field of the node's single (struct) output.
  std::optional<idl::LiteralType> typeOfNodeOutput(const ast::MemberExpr& m, const NodeInfo& node,
                                                   const std::vector<std::string>& parts, ValueScope& scope);
  std::optional<idl::LiteralType> typeOfEnumMember(const ast::MemberExpr& m, const Entity& en, ValueScope& scope);
  /// `LIST[0]`, `DICT["k"]`: literal indices only.
  /// The type of the base of `a.b` or `a[i]`, which must be a parameter or
  /// a node output (else `misuse`, an E0306 saying what was tried, over
  /// `whole`); nullopt after an error or when the type is unknown.
  std::optional<idl::LiteralType> typeOfReferencedBase(const ast::Expr& base, llvm::SMRange whole,
                                                       DiagKind<0> misuse, ValueScope& scope);
  std::optional<idl::LiteralType> typeOfIndex(const ast::IndexExpr& ix, ValueScope& scope, bool* isReference);
  void checkDefaults();
  /// Launch-plan defaults and fixed values against the workflow inputs
  /// (rules/schedule_values.cpp; names are checked by rules/launch_plans.cpp).
  void checkLaunchPlanValues();
  /// A literal against `expected` (reports); checkValue's literal half.
  ValueCheck checkLiteral(const ast::Expr& e, const idl::LiteralType& expected, ValueScope& scope,
                          const std::string& what);
  /// Silent: does literal `e` fit `t`? (used to pick a union variant)
  bool literalFits(const ast::Expr& e, const idl::LiteralType& t);
  /// Reports the diagnostic for a non-Ok verdict of sourceAssign(from, to).
  void reportMismatch(const ast::Expr& e, const idl::LiteralType& from, const idl::LiteralType& to,
                      Assign verdict, const std::string& what);

  // ---- nodes.cpp
  /// A WorkflowInfo per workflow, then each one's body.
  void buildWorkflows();
  /// Names (E0701), nodes, `after` and `return` of one workflow.
  void buildWorkflowBody(WorkflowInfo& wf);
  /// The bodies on threads_ threads, in shares of consecutive workflows; each
  /// share reports into an engine of its own, and the engines join diags() in
  /// source order, so the diagnostics are those of one thread.
  void buildBodiesInParallel(const std::vector<WorkflowInfo*>& bodies);
  void buildNode(WorkflowInfo& wf, NodeInfo& info, ValueScope& scope);
  void buildReturn(WorkflowInfo& wf, const ast::WorkflowDecl& decl);

  // ---- map_nodes.cpp
  /// E0410: a map whose inputs are all fixed by `partial` or defaults.
  void reportNothingMapped(const ast::CallExpr& call, const ast::MapExpr& map,
                           const std::vector<ast::Arg>* bound, const std::string& calleeText);
  void buildMapNode(WorkflowInfo& wf, NodeInfo& info, const ast::CallExpr& call,
                    const ast::MapExpr& map, ValueScope& scope);
  // buildMapNode's steps.
  /// The map's task and how the call names it (`qc.square`).
  struct MapTarget {
    const Entity& task;
    const std::string& calleeText;
  };
  /// A mapped argument given as a literal list (E0405 compares their lengths).
  struct MappedLiteralList {
    std::string name;
    size_t length;
    llvm::SMRange range;
  };
  /// The options (E0407): concurrency and the success criteria.
  MapSettings readMapOptions(const ast::MapExpr& map);
  /// The mapped task (E0401), with `bound` set to a `partial`'s arguments;
  /// null after reporting.
  const Entity* resolveMapTarget(const ast::MapExpr& map, ValueScope& scope, const std::vector<ast::Arg>*& bound,
                                 std::string& calleeText);
  /// One argument: bound (a default, an optional, a partial's: E0406 when
  /// none) or mapped (recorded in `settings`, then checked as a list).
  void checkMapArgument(NodeArg& a, const MapTarget& m, const ast::CallExpr& call, ValueScope& scope,
                        MapSettings& settings, std::vector<MappedLiteralList>& literalLists);
  /// A mapped argument written as a literal (E0403, W0409); false when it
  /// is not one.
  bool checkMappedLiteral(const NodeArg& a, const MapTarget& m, ValueScope& scope,
                          std::vector<MappedLiteralList>& literalLists);
  /// A mapped argument that refers to a value: a list of elements that fit (E0402, E0403, E0408).
  void checkMappedReference(const NodeArg& a, const MapTarget& m, ValueScope& scope);
  /// E0405: zipped literal lists of different lengths.
  void checkZippedLengths(const std::vector<MappedLiteralList>& literalLists);

  // shared helpers used across the files
  DiagnosticEngine& diags() { return *diags_; }
  SemanticModel& model() { return model_; }
  /// Matches a call's arguments to `target`'s inputs (E0303, E0205-E0207;
  /// `bound` are partial arguments, `isMap` relaxes E0207 to the map's
  /// E0406) and fills `info.args` in the target's input order.
  void matchArguments(NodeInfo& info, const Entity& target, const ast::CallExpr& call,
                      const std::vector<ast::Arg>* bound, const std::string& calleeText, bool isMap);
  /// The node whose output the last typed reference came from (E0408).
  const NodeInfo* lastNode_ = nullptr;

 private:
  const ModuleGraph& program_;
  DiagnosticEngine* diags_;  ///< a pointer: a helper of buildBodiesInParallel changes it per share
  SemanticModel& model_;
  unsigned threads_ = 1;
  std::set<const Entity*> resolving_;  ///< struct types being resolved (recursion guard)
  std::map<const ast::StructDecl*, bool> structDone_;
  std::map<std::string, const Entity*> structsByTypeName_;
  friend class SemanticModel;
  void resolveStruct(Entity& e);
  void resolveEntityInterface(Entity& e);
};

/// Joins a qualified name: {"qc","square"} -> "qc.square".
std::string joinPath(const std::vector<std::string>& parts);
/// The closest of `candidates` to `name` by edit distance (within a third of
/// the name's length, at least 1, at most 3), or "".
std::string closestName(std::string_view name, const std::vector<std::string>& candidates);
/// Flattens `a.b.c` (NameExpr and MemberExprs) to its parts; false otherwise.
bool flattenName(const ast::Expr& e, std::vector<std::string>& parts);

}  // namespace flytec::tc
