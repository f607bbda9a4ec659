// Parses one top-level item: its tokens as an ItemTokenStream, the generated
// ANTLR parser with SLL prediction first and full LL with flytec's error
// reporting only when SLL fails, then the AST builder; the parse tree is
// freed before parse() returns. Every ANTLR call is guarded: an exception
// becomes E0102. Diagnostics go to the engine passed in (the item's own when
// items are parsed on several threads). A long workflow is first tried one
// statement at a time (workflow_pieces.h), with SLL only.
//
// Thread safety: ANTLR 4.9's prediction cache (the DFA and the context
// cache) is static in the generated parser and not safe to share: when two
// threads build the same decision's start state, adaptivePredict deletes the
// state the other thread holds. So every parser here gets a cache that only
// one thread uses: the calling thread's own (thread_local, so it stays warm
// across files and LSP re-checks, whichever thread the LSP checks on), or,
// for a helper thread, a fresh one for the duration of one file. Use one
// ItemParser per thread; it does not lex and does not add items to a file.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "ast_builder.h"
#include "diagnostics/diagnostic_engine.h"
#include "frontend/lexer.h"

namespace flytec {

class ItemParser {
 public:
  /// `helperThread`: a fresh prediction cache (for a thread that lives only
  /// as long as one file's parse), else the calling thread's own.
  /// `piecesFrom`: workflows with at least this many nodes are parsed one
  /// statement at a time (workflow_pieces.h); 0 never.
  ItemParser(std::string_view buffer, const char* base, const LexedFile& lexed, bool helperThread,
             size_t piecesFrom);
  ~ItemParser();

  /// Parse the tokens `[begin, end)` of the lexed file.
  ParsedItem parse(size_t begin, size_t end, DiagnosticEngine& diags);

 private:
  struct Cache;
  /// Reports E0113 when tokens [begin, end) hold more than kMaxItemTokens
  /// of the default channel; the item is then not parsed.
  bool tooLong(size_t begin, size_t end, DiagnosticEngine& diags) const;
  /// The workflow in `[begin, end)` piece by piece, or none when it does not
  /// split or a piece does not parse with SLL (then nothing was reported).
  std::optional<ParsedItem> parseInPieces(size_t begin, size_t end, DiagnosticEngine& diags);
  /// Gives `parser` the cache's prediction simulator, SLL prediction, no
  /// error listeners and the bail-out error strategy (stage 1).
  static void prepare(grammar::FlyteParser& parser, Cache& cache);
  size_t piecesFrom_;
  std::string_view buffer_;
  const char* base_;
  const LexedFile& lexed_;
  std::unique_ptr<Cache> own_;  ///< a helper thread's cache
  Cache* cache_;                ///< own_, or the calling thread's
};

}  // namespace flytec
