// The .flyte syntax tree. Built from the ANTLR parse tree by ast_builder.cpp,
// one top-level declaration at a time; the parse tree is dropped afterwards.
// Every node carries its exact source range (llvm::SMRange into the buffer).
// Names and literal text are views (ast::Text), nearly always into the buffer
// itself; the few strings the source does not hold as they are (a literal
// with escapes decoded, a name the builder makes up) belong to the
// declaration (Decl::strings). The tree says what was written and nothing
// more: names are not resolved and nothing is type-checked here.
#pragma once

#include <cstdint>
#include <forward_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/doc_text.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

namespace llvm {
class MemoryBuffer;
}

namespace flytec::ast {

using llvm::SMRange;

/// Text a tree holds without owning it. A view into the parsed buffer lies
/// inside the range of the node that holds it and moves with that range
/// when a tree is re-anchored (ast_clone.h); any other view points into its
/// declaration's OwnedStrings (or is a literal of the builder's, such as
/// `o0`). A view never outlives the buffer and the declaration, which every
/// holder of a tree keeps alive already.
using Text = std::string_view;

/// The strings of one declaration's tree that are not in the buffer. A list,
/// so that a saved string never moves: a view of a short string points into
/// the string object itself. Empty for nearly every declaration.
class OwnedStrings {
 public:
  OwnedStrings() = default;
  OwnedStrings(OwnedStrings&&) = default;
  OwnedStrings& operator=(OwnedStrings&&) = default;
  OwnedStrings(const OwnedStrings&) = delete;
  OwnedStrings& operator=(const OwnedStrings&) = delete;

  /// Keeps `s` for as long as this object (or the one it is moved into).
  Text save(std::string s) { return list_.emplace_front(std::move(s)); }

 private:
  std::forward_list<std::string> list_;
};

/// A name as written, with its range.
struct Ident {
  Text name;
  SMRange range;
};

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  Name, Int, Float, String, Duration, Bool, None,  // primaries
  List, Dict, Tuple,                               // aggregates
  Call, Member, Index,                             // postfix
  Map, Partial,                                    // map(T, ...) / partial(T, ...)
  Unary, Binary,                                   // operators (rejected: E0306)
  Error,                                           // placeholder after a syntax error
};

struct Expr {
  explicit Expr(ExprKind k, SMRange r) : kind(k), range(r) {}
  virtual ~Expr() = default;
  const ExprKind kind;
  SMRange range;
};
using ExprPtr = std::unique_ptr<Expr>;

/// `name = expr` inside a call, map/partial options, a tuple or named outputs.
struct Arg {
  std::optional<Ident> name;  ///< empty for a positional argument (E0303)
  ExprPtr value;
  SMRange range;
};

template <ExprKind K>
struct ExprOf : Expr {
  explicit ExprOf(SMRange r) : Expr(K, r) {}
  static bool classof(const Expr* e) { return e->kind == K; }
};

struct NameExpr : ExprOf<ExprKind::Name> { using ExprOf::ExprOf; Text name; };
struct IntExpr : ExprOf<ExprKind::Int> { using ExprOf::ExprOf; int64_t value = 0; };
struct FloatExpr : ExprOf<ExprKind::Float> { using ExprOf::ExprOf; double value = 0; Text text; };
struct StringExpr : ExprOf<ExprKind::String> {
  using ExprOf::ExprOf;
  Text value;         ///< decoded
  bool raw = false;   ///< written as """..."""
  SMRange contentRange;  ///< the text between the quotes
};
struct DurationExpr : ExprOf<ExprKind::Duration> { using ExprOf::ExprOf; int64_t nanos = 0; Text text; };
struct BoolExpr : ExprOf<ExprKind::Bool> { using ExprOf::ExprOf; bool value = false; };
struct NoneExpr : ExprOf<ExprKind::None> { using ExprOf::ExprOf; };
struct ListExpr : ExprOf<ExprKind::List> { using ExprOf::ExprOf; std::vector<ExprPtr> elements; };

/// `{k = v}` or `{"k": v}`.
struct DictEntry {
  Ident key;          ///< for "k": v the decoded string and the string's range
  bool quoted = false;
  ExprPtr value;
  SMRange range;
};
struct DictExpr : ExprOf<ExprKind::Dict> { using ExprOf::ExprOf; std::vector<DictEntry> entries; };

/// `( ... )`: a tuple (E0302/E0403), or the named-outputs form after `return`.
struct TupleExpr : ExprOf<ExprKind::Tuple> { using ExprOf::ExprOf; std::vector<Arg> elements; };

struct CallExpr : ExprOf<ExprKind::Call> {
  using ExprOf::ExprOf;
  ExprPtr callee;
  std::vector<Arg> args;
  SMRange lparen, rparen;
};
struct MemberExpr : ExprOf<ExprKind::Member> { using ExprOf::ExprOf; ExprPtr base; Ident member; };
struct IndexExpr : ExprOf<ExprKind::Index> { using ExprOf::ExprOf; ExprPtr base; ExprPtr index; };

/// `map(target, concurrency = N, ...)`; the call that follows is a CallExpr
/// whose callee is this.
struct MapExpr : ExprOf<ExprKind::Map> {
  using ExprOf::ExprOf;
  ExprPtr target;
  std::vector<Arg> options;
  SMRange keyword;
};
/// `partial(target, k = v, ...)`.
struct PartialExpr : ExprOf<ExprKind::Partial> {
  using ExprOf::ExprOf;
  ExprPtr target;
  std::vector<Arg> bound;
  SMRange keyword;
};
struct UnaryExpr : ExprOf<ExprKind::Unary> { using ExprOf::ExprOf; Text op; SMRange opRange; ExprPtr operand; };
struct BinaryExpr : ExprOf<ExprKind::Binary> {
  using ExprOf::ExprOf;
  Text op;
  SMRange opRange;
  ExprPtr lhs, rhs;
};
struct ErrorExpr : ExprOf<ExprKind::Error> { using ExprOf::ExprOf; };

// ---------------------------------------------------------------------- types

/// `qualname[args]?` as written: `int`, `list[int]`, `dict[str, T]`, `qc.Sample?`.
struct TypeRef {
  /// Qualified name parts; `none` is {"none"}. Nearly always one part, kept
  /// inline rather than in a heap block of its own.
  llvm::SmallVector<Ident, 1> path;
  std::vector<TypeRef> args;
  bool optional = false;
  SMRange range;
  std::string spelling() const;  ///< "list[int]?" as written, normalised spacing
};

// ------------------------------------------------------------------ blocks

struct Block;
/// `key = expr` or `key { ... }` inside a task body, `with`, `dask`, a launch plan.
struct Field {
  Ident key;
  ExprPtr value;                 ///< set for `key = expr`
  std::unique_ptr<Block> block;  ///< set for `key { ... }`
  SMRange range;
};
struct Block {
  std::vector<Field> fields;
  SMRange range;
  const Field* find(std::string_view key) const;
};

// ------------------------------------------------------------- declarations

struct Param {
  Ident name;
  TypeRef type;
  ExprPtr defaultValue;
  DocText doc;  ///< `##` comment text, joined lines
  SMRange range;
};

/// `-> T` (one output `o0`) or `-> (a: T, b: U)`.
struct Outputs {
  bool named = false;
  std::vector<Param> params;  ///< one param "o0" for the single-type form
  SMRange range;
};

enum class DeclKind { Enum, Struct, Task, Workflow, LaunchPlan };

struct Decl {
  Decl(DeclKind k) : kind(k) {}
  virtual ~Decl() = default;
  const DeclKind kind;
  Ident name;
  DocText doc;
  SMRange range;
  SMRange keyword;
  OwnedStrings strings;  ///< what the tree's views hold that the buffer does not
};
/// Shared, not unique: the language server's parse cache and the snapshot
/// that parsed a declaration hold the same tree (parse_cache.h). A
/// declaration is never changed once the parser has built it.
using DeclPtr = std::shared_ptr<Decl>;

template <DeclKind K>
struct DeclOf : Decl {
  DeclOf() : Decl(K) {}
  static bool classof(const Decl* d) { return d->kind == K; }
};

struct EnumDecl : DeclOf<DeclKind::Enum> { std::vector<Ident> members; };
struct StructDecl : DeclOf<DeclKind::Struct> { std::vector<Param> fields; };
struct TaskDecl : DeclOf<DeclKind::Task> {
  std::vector<Param> params;
  std::optional<Outputs> outputs;
  Block body;
  SMRange paramsRange;
};

/// `name = expr [after a, b] [with { ... }]`.
struct Node {
  Ident name;
  ExprPtr value;
  std::vector<Ident> after;
  std::unique_ptr<Block> with;
  SMRange range;
};

struct WorkflowDecl : DeclOf<DeclKind::Workflow> {
  std::vector<Param> params;
  std::optional<Outputs> outputs;
  std::vector<Node> nodes;
  ExprPtr returnValue;
  SMRange returnKeyword;
  SMRange paramsRange;
};

struct LaunchPlanDecl : DeclOf<DeclKind::LaunchPlan> {
  std::vector<Ident> target;  ///< qualified workflow name
  std::vector<Arg> defaults;  ///< the call's arguments
  std::unique_ptr<Block> body;
  SMRange targetRange;
};

struct Import {
  std::string path;  ///< decoded string
  SMRange pathRange;
  std::optional<Ident> alias;
  SMRange range;
};

/// One parsed source file.
struct File {
  std::string path;        ///< as opened (buffer identifier)
  unsigned bufferId = 0;   ///< in the SourceMgr
  /// The bytes the ranges point into when a parse cache shares them with
  /// the SourceMgr, which then only views them (parse_cache.h); null when
  /// the SourceMgr owns them.
  std::shared_ptr<const llvm::MemoryBuffer> sharedText;
  std::optional<std::vector<Ident>> package;
  SMRange packageRange;
  std::vector<Import> imports;
  std::vector<DeclPtr> decls;
};

}  // namespace flytec::ast
