// Small templates both halves of the AstBuilder use (ast_builder.cpp:
// declarations; ast_expr_builder.cpp: expressions).
#pragma once

#include <iterator>
#include <memory>

#include "llvm/Support/SMLoc.h"

namespace flytec::ast_building {

/// Appends `build(child)` for every child to `out`, reserved first: the AST
/// lives for the whole run, and push_back's doubling left up to half of each
/// vector unused (a task body of 6 fields kept room for 8).
template <typename Out, typename Children, typename Build>
void appendEach(Out& out, const Children& children, Build build) {
  out.reserve(out.size() + std::size(children));
  for (auto* child : children) out.push_back(build(child));
}

/// A new AST node of type `T` covering `r`.
template <typename T>
std::unique_ptr<T> make(llvm::SMRange r) {
  return std::make_unique<T>(r);
}

}  // namespace flytec::ast_building
