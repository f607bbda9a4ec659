// Where a workflow reads names: the values of its nodes' inputs and of its
// `return`. The graph checks use it to find data dependencies (E0704 notes)
// and the node outputs nobody reads (W0706).
//
// It only walks the syntax tree: it does not resolve names (a read of `x`
// may be a workflow input or a node; the caller decides) and skips the
// callee of a call and the target of `map(...)`/`partial(...)`, which name
// tasks and workflows, never values. `after` lists are not reads.
#pragma once

#include <functional>

#include "frontend/ast.h"

namespace flytec::tc {

/// One read of a bare name: `x`, or `x.m` when a member is selected directly
/// on it (`a.o0`, `a.o0[1]`, `a.o0.depth` all give name `a`, member `o0`).
struct NameRead {
  const ast::NameExpr* name = nullptr;
  const ast::Ident* member = nullptr;  ///< null for a bare `x` or `x[i]`
};

/// Calls `fn` for every name read in `e` (null `e` reads nothing), in source order.
void forEachNameRead(const ast::Expr* e, const std::function<void(const NameRead&)>& fn);

}  // namespace flytec::tc
