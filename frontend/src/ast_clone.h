// Deep copy of one declaration's AST with every source range moved by a
// fixed number of bytes. The parse cache (parse_cache.h) needs it because AST
// ranges are llvm::SMRange, raw pointers into the buffer that was parsed: a
// declaration parsed from an earlier version of a document can only be used
// in a new buffer if every pointer is re-anchored there, and the earlier
// snapshot must stay intact (the LSP shares it with request handlers), so
// a tree someone else holds is copied, never moved. Invalid (null) ranges
// stay null. It does not copy imports or the package line (they are always
// re-parsed).
#pragma once

#include <cstdint>

#include "frontend/ast.h"
#include "llvm/Support/SMLoc.h"

namespace flytec {

/// A copy of `decl` whose ranges point `delta` bytes further than the
/// original's (delta may be negative; it is applied as address arithmetic,
/// the memory is never read through the old pointers).
ast::DeclPtr cloneShifted(const ast::Decl& decl, std::intptr_t delta);

/// `in` moved by `delta` bytes, as address arithmetic (never read through);
/// an invalid (null) location stays null. Both walks move locations by it.
llvm::SMLoc shiftedLoc(llvm::SMLoc in, std::intptr_t delta);

/// Whether `text` is a view into the buffer inside `holder`, the range of
/// the node that holds it (ast::Text): then it moves with that range; any
/// other text belongs to the declaration and stays where it is.
bool movesWith(ast::Text text, llvm::SMRange holder);
/// `text` moved by `delta` bytes, as shiftedLoc moves a location.
ast::Text shiftedText(ast::Text text, std::intptr_t delta);

/// Moves every range of `decl` by `delta` bytes, in place (ast_shift.cpp):
/// for a tree no one else holds (the parse cache's, once the snapshot that
/// shared it is gone), this replaces a copy and the free of the original
/// with one walk.
void shiftInPlace(ast::Decl& decl, std::intptr_t delta);

}  // namespace flytec
