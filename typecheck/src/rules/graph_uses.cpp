// Walks expressions for the names they read (see graph_uses.h). Iteration is
// recursive: expression nesting is bounded by the parser's limit (256).
#include "rules/graph_uses.h"

#include "llvm/Support/Casting.h"

namespace flytec::tc {

using namespace ast;

namespace {

void walk(const Expr* e, const std::function<void(const NameRead&)>& fn);

/// The callee of a call, or the target of map/partial: names a task or a
/// workflow, so only the values bound inside it are reads.
void walkTarget(const Expr* e, const std::function<void(const NameRead&)>& fn) {
  if (!e) return;
  if (auto* m = llvm::dyn_cast<MapExpr>(e)) {
    walkTarget(m->target.get(), fn);
    for (const Arg& a : m->options) walk(a.value.get(), fn);
  } else if (auto* p = llvm::dyn_cast<PartialExpr>(e)) {
    walkTarget(p->target.get(), fn);
    for (const Arg& a : p->bound) walk(a.value.get(), fn);
  }
  // A name or `alias.name`: an entity, not a value.
}

void walk(const Expr* e, const std::function<void(const NameRead&)>& fn) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::Name:
      fn({llvm::cast<NameExpr>(e), nullptr});
      return;
    case ExprKind::Member: {
      auto* m = llvm::cast<MemberExpr>(e);
      if (auto* base = llvm::dyn_cast_or_null<NameExpr>(m->base.get()))
        fn({base, &m->member});
      else
        walk(m->base.get(), fn);
      return;
    }
    case ExprKind::Index: {
      auto* i = llvm::cast<IndexExpr>(e);
      walk(i->base.get(), fn);
      walk(i->index.get(), fn);
      return;
    }
    case ExprKind::Call: {
      auto* c = llvm::cast<CallExpr>(e);
      walkTarget(c->callee.get(), fn);
      for (const Arg& a : c->args) walk(a.value.get(), fn);
      return;
    }
    case ExprKind::Map:
    case ExprKind::Partial:
      walkTarget(e, fn);
      return;
    case ExprKind::List:
      for (const ExprPtr& x : llvm::cast<ListExpr>(e)->elements) walk(x.get(), fn);
      return;
    case ExprKind::Dict:
      for (const DictEntry& d : llvm::cast<DictExpr>(e)->entries) walk(d.value.get(), fn);
      return;
    case ExprKind::Tuple:
      for (const Arg& a : llvm::cast<TupleExpr>(e)->elements) walk(a.value.get(), fn);
      return;
    case ExprKind::Unary:
      walk(llvm::cast<UnaryExpr>(e)->operand.get(), fn);
      return;
    case ExprKind::Binary: {
      auto* b = llvm::cast<BinaryExpr>(e);
      walk(b->lhs.get(), fn);
      walk(b->rhs.get(), fn);
      return;
    }
    case ExprKind::Int: case ExprKind::Float: case ExprKind::String: case ExprKind::Duration:
    case ExprKind::Bool: case ExprKind::None: case ExprKind::Error:
      return;
  }
}

}  // namespace

void forEachNameRead(const Expr* e, const std::function<void(const NameRead&)>& fn) { walk(e, fn); }

}  // namespace flytec::tc
