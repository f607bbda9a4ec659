// Parses one source buffer into an ast::File: the hand-written lexer, then
// the ANTLR parser one top-level item at a time (SLL prediction first, full
// LL only for an item SLL cannot parse), then the AST builder. Every ANTLR
// call is guarded: no exception escapes, syntax errors are E01xx diagnostics.
// It does not follow imports (imports.h) or resolve names (typecheck/).
#pragma once

#include <atomic>
#include <memory>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "frontend/parse_cache.h"
#include "llvm/Support/SourceMgr.h"

namespace llvm {
class raw_ostream;
}

namespace flytec {

/// Parse buffer `bufferId`. Always returns a File; after syntax errors it
/// holds the declarations that parsed.
/// With `cache`, declarations whose text is unchanged since the cache's last
/// parse are copied from it instead of parsed (parse_cache.h); `cancel` is
/// polled between items (set: stop, the File is incomplete); `counts` gets
/// the number of items parsed and reused.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr& sm, unsigned bufferId,
                                       DiagnosticEngine& diags, ParseCache* cache = nullptr,
                                       const std::atomic<bool>* cancel = nullptr,
                                       ParseCounts* counts = nullptr);

/// --dump-tokens: one line per token, `LINE:COL TYPE 'text'`.
void dumpTokens(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                llvm::raw_ostream& os);

}  // namespace flytec
