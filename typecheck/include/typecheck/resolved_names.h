// What the checker resolved, name by name: every declared name of the loaded
// files (entities, parameters, outputs, struct fields, enum members, nodes,
// imports) and every written use the checker resolved to one of them (task,
// workflow, launch plan, struct and enum references, import qualifiers,
// argument names, node and parameter references, `NODE.OUT`, fields, enum
// members, `after` lists, `return (NAME = ...)`). The language server's
// definition, references, hover and semantic tokens read this, so an editor
// names exactly what `flytec check` resolved. Recorded only when
// CheckOptions::recordNames asks (the LSP): `check` and `compile` pay nothing.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "frontend/module_graph.h"
#include "llvm/ADT/DenseMap.h"

namespace flytec::tc {

enum class NameKind {
  Task, Workflow, LaunchPlan, Struct, Enum, EnumMember,
  Input, Output, StructField, Node, Import,
};

/// One declared name. Its identity is its address (stable: the model owns it).
struct Declaration {
  NameKind kind;
  std::string_view name;  ///< views the AST (or a ResolvedImport), which outlive the model
  llvm::SMRange nameRange;             ///< the declaring identifier (an import's alias or path)
  const Module* module = nullptr;      ///< the file it is declared in
  const ast::Decl* decl = nullptr;     ///< the declaration, or the owner of a param/node/member
  const ast::Param* param = nullptr;   ///< Input / Output / StructField
  const ast::Node* node = nullptr;     ///< Node
  const ResolvedImport* import = nullptr;  ///< Import
};

/// One written name and the declaration it resolved to.
struct NameUse {
  llvm::SMRange range;
  const Declaration* declaration;
  bool isDeclaration;  ///< the declaring identifier itself
};

class ResolvedNames {
 public:
  bool enabled() const { return enabled_; }
  void enable() { enabled_ = true; }

  /// Adds a declaration keyed by `key` (its AST node); `written`: its name
  /// is a use of itself (not so for the output of `-> T`).
  const Declaration* declare(const void* key, Declaration d, bool written = true);
  /// Records that `range` names `d` (nothing when either is missing).
  void use(llvm::SMRange range, const Declaration* d);
  /// Sorts the uses by position; called once the checker is done.
  void finish();

  /// The declaration of an AST node (a Decl, Param, Node, enum member Ident,
  /// or ResolvedImport), or null.
  const Declaration* of(const void* key) const;
  /// The innermost use at `p` (a position just after a name counts).
  const NameUse* at(const char* p) const;
  /// Every use of `d`, the declaration first.
  std::vector<const NameUse*> usesOf(const Declaration* d) const;
  const std::vector<NameUse>& uses() const { return uses_; }
  const std::deque<Declaration>& declarations() const { return declarations_; }

 private:
  bool enabled_ = false;
  std::deque<Declaration> declarations_;
  std::vector<NameUse> uses_;  ///< sorted by start once finished
  llvm::DenseMap<const void*, const Declaration*> byKey_;
};

}  // namespace flytec::tc
