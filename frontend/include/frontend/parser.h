// Parses one source buffer into an ast::File: the hand-written lexer, then
// the ANTLR parser one top-level item at a time (SLL prediction first, full
// LL only for an item SLL cannot parse), then the AST builder. Items are
// independent, so a large file's items are parsed on several threads; they
// join the file, and their diagnostics the engine, in source order, so the
// result is the same whatever the parallelism. Every ANTLR call is guarded:
// no exception escapes, syntax errors are E01xx diagnostics.
// It does not follow imports (program.h) or resolve names (typecheck/).
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

/// Where parsing time went (`check --time-phases`); sums over files.
struct ParseStats {
  double lexSeconds = 0;    ///< wall time in the lexer
  double itemSeconds = 0;   ///< wall time parsing items and building the AST
  size_t items = 0;         ///< top-level items parsed
  unsigned maxJobs = 0;     ///< most threads used for one file
};

/// Below this many nodes a workflow's parse tree is small enough to build
/// whole; from here on, parsing it in pieces saves memory and time.
inline constexpr size_t kWorkflowPiecesFrom = 32;

struct ParseOptions {
  /// Threads for one file's items. 0: $FLYTEC_JOBS if set, else the number
  /// of CPUs, but 1 for files under kParallelParseMinBytes (threads and
  /// their cold prediction caches cost more than they save there).
  unsigned jobs = 0;
  ParseStats* stats = nullptr;  ///< filled in when set
  /// Declarations whose text is unchanged since the cache's last parse are
  /// copied from it instead of parsed (parse_cache.h; the LSP).
  ParseCache* cache = nullptr;
  /// Polled between items: once set, parsing stops and the File is
  /// incomplete (the caller discards it).
  const std::atomic<bool>* cancel = nullptr;
  ParseCounts* counts = nullptr;  ///< items parsed and reused, when set
  /// Workflows with at least this many nodes are parsed one statement at a
  /// time (frontend/src/workflow_pieces.h); 0: never. Same AST either way.
  size_t workflowPiecesFrom = kWorkflowPiecesFrom;
};

/// Files smaller than this are parsed on one thread unless jobs are given.
inline constexpr size_t kParallelParseMinBytes = 256 * 1024;

/// Threads a command may use: `jobs` (-j) when not 0, else $FLYTEC_JOBS,
/// else the number of CPUs.
unsigned configuredJobs(unsigned jobs);

/// The number of threads parseBuffer uses for a file of `bytes` bytes with
/// `items` top-level items.
unsigned parseJobs(const ParseOptions& options, size_t bytes, size_t items);

/// Parse buffer `bufferId`. Always returns a File; after syntax errors it
/// holds the declarations that parsed.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr& sm, unsigned bufferId,
                                       DiagnosticEngine& diags, const ParseOptions& options = {});

/// Parse a buffer that is in no SourceMgr yet (a thread loading files while
/// another owns the SourceMgr); the File's bufferId is left 0 for the
/// caller to set once the buffer is added.
std::unique_ptr<ast::File> parseMemoryBuffer(const llvm::MemoryBuffer& buffer, DiagnosticEngine& diags,
                                             const ParseOptions& options = {});

/// --dump-tokens: one line per token, `LINE:COL TYPE 'text'`.
void dumpTokens(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                llvm::raw_ostream& os);

}  // namespace flytec
