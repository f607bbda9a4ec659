// Every named thing in an Analysis and every place it is written: the
// declarations (tasks, workflows, launch plans, structs, enums and their
// members, parameters, outputs, struct fields, nodes, imports) and the
// references to them (calls, argument names, `node.output`, `after` lists,
// type names, `alias.name`, launch-plan targets). Names are resolved from the
// AST with the import scoping of spec §4, so go-to-definition, references,
// hover and semantic tokens keep working in a file whose types do not check.
// It does not type anything: types come from the SemanticModel in hover.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis.h"
#include "frontend/ast.h"

namespace flytec::lsp {

enum class SymKind {
  Task, Workflow, LaunchPlan, Struct, Enum, EnumMember,
  Input, Output, StructField, Node, Import,
};

/// One declared thing. Identity is `nameRange.Start` (unique in a SourceMgr).
struct Symbol {
  SymKind kind;
  std::string name;
  llvm::SMRange nameRange;             ///< the declaring identifier (or import string)
  const Module* module = nullptr;      ///< module it is declared in
  const ast::Decl* decl = nullptr;     ///< the declaration, or the owner of a param/node/member
  const ast::Param* param = nullptr;   ///< Input / Output / StructField
  const ast::Node* node = nullptr;     ///< Node
  const ast::Import* import = nullptr; ///< Import
  const Module* importTarget = nullptr;
};

/// One written name and what it names.
struct Occurrence {
  llvm::SMRange range;
  const Symbol* symbol;
  bool isDeclaration;
};

class SymbolIndex {
 public:
  /// Index every module of `a` (the document and what it imports).
  explicit SymbolIndex(const Analysis& a);
  SymbolIndex(const SymbolIndex&) = delete;

  /// The occurrence under `loc` (a cursor just after a name counts).
  const Occurrence* at(llvm::SMLoc loc) const;
  /// Every occurrence of `sym`, declaration first.
  std::vector<const Occurrence*> occurrencesOf(const Symbol* sym) const;
  const std::vector<Occurrence>& occurrences() const { return occurrences_; }
  const std::vector<std::unique_ptr<Symbol>>& symbols() const { return symbols_; }

  /// The entity `qualified` (`name` or `alias.name`) names as seen from `m`.
  const Symbol* lookup(const Module* m, std::string_view qualified) const;
  /// The declaration symbol of `decl`.
  const Symbol* symbolOf(const ast::Decl* decl) const;
  /// The task/workflow/launch plan a call-like expression targets.
  const Symbol* calleeOf(const Module* m, const ast::Expr* callee) const;
  /// Inputs / outputs of a task, workflow (and a launch plan's workflow).
  std::vector<const ast::Param*> inputsOf(const Symbol* entity) const;
  /// The workflow a launch-plan symbol targets, if it resolves to one.
  const Symbol* launchPlanWorkflow(const Symbol* lpSymbol) const;
  std::vector<const ast::Param*> outputsOf(const Symbol* entity) const;

 private:
  class Builder;
  std::vector<std::unique_ptr<Symbol>> symbols_;
  std::vector<Occurrence> occurrences_;  ///< sorted by start pointer
  std::map<const ast::Decl*, const Symbol*> byDecl_;
  std::map<const Module*, std::map<std::string, const Symbol*, std::less<>>> scopes_;
  std::map<const Module*, std::map<std::string, const Module*, std::less<>>> imports_;
};

}  // namespace flytec::lsp
