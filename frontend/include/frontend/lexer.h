// The hand-written lexer. It implements the lexer rules of grammar/Flyte.g4
// (the reference; test/unit/frontend/lexer_equivalence_test.cpp compares the
// two) at the speed of memory, reports lexical errors as E01xx diagnostics,
// enforces the nesting limit (E0104) and records where top-level items start
// so the parser can take one declaration at a time. It does not validate
// UTF-8 (source_loader does, before) and does not build any tree.
#pragma once

#include <string_view>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/token.h"

namespace flytec {

/// Nesting deeper than this many brackets is E0104 (spec §1).
inline constexpr unsigned kMaxNesting = 256;

/// A declaration of more default-channel tokens than this is not parsed
/// (E0113): its parse tree would cost a few hundred bytes per token at once.
inline constexpr size_t kMaxItemTokens = 500'000;

struct LexedFile {
  std::vector<Token> tokens;        ///< every token, comments included, no EOF
  std::vector<uint32_t> itemStarts; ///< indexes into `tokens` where a top-level item starts
  /// Set when lexing stopped early (nesting limit): the tokens end there and
  /// the item containing the stop must not be parsed.
  bool truncated = false;
  /// Offsets of lexical errors, ascending: the parser stays quiet about
  /// items that hold one (their syntax errors would be fallout).
  std::vector<uint32_t> errorOffsets;
};

/// Lex `buffer`; `base` is the buffer's first byte in the SourceMgr, used to
/// make diagnostic ranges.
LexedFile lex(std::string_view buffer, const char* base, DiagnosticEngine& diags);

/// The text between a STRING token's quotes, as written (a missing closing
/// quote is tolerated), and whether it holds an escape to decode: when not,
/// it is the literal's value as it is.
struct StringLiteralBody {
  std::string_view text;  ///< a view into the token
  bool escaped = false;
};
StringLiteralBody stringLiteralBody(std::string_view token);

/// Decode the text of a STRING token (with its quotes) into its value. Escapes
/// were validated by the lexer; an invalid one is kept as written.
std::string decodeStringLiteral(std::string_view token);

}  // namespace flytec
