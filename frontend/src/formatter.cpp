// Entry point of the formatter (frontend/formatter.h): parse to find syntax
// errors, lex again for the token stream with comments, lay it out
// (format_tree.cpp, format_printer.cpp), then re-lex the result and compare
// it with the input so that a layout bug can never change a file's meaning.
#include "frontend/formatter.h"

#include <fmt/format.h>

#include "format_printer.h"
#include "format_tree.h"
#include "frontend/lexer.h"
#include "frontend/parser.h"
#include "grammar/FlyteParser.h"

namespace flytec {

namespace {

using P = grammar::FlyteParser;

/// The tokens that carry meaning and comments, in order, as (type, text);
/// a comma right before a closing bracket is optional in every place the
/// formatter adds or drops one, so it is left out.
std::vector<std::pair<int, std::string_view>> comparable(const std::vector<Token>& toks,
                                                         std::string_view buf) {
  std::vector<std::pair<int, std::string_view>> out;
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].type == P::COMMA) {
      size_t j = i + 1;
      while (j < toks.size() && toks[j].channel != kDefaultChannel) ++j;
      if (j < toks.size() &&
          (toks[j].type == P::RPAREN || toks[j].type == P::RBRACK || toks[j].type == P::RBRACE))
        continue;
    }
    out.emplace_back(toks[i].type, toks[i].text(buf));
  }
  return out;
}

}  // namespace

FormatResult formatBuffer(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                          const FormatOptions& options) {
  FormatResult result;
  unsigned before = diags.errorCount();
  parseBuffer(sm, bufferId, diags);
  if (diags.errorCount() > before) return result;

  const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(bufferId);
  std::string_view buf(mb->getBufferStart(), mb->getBufferSize());
  DiagnosticEngine scratch;
  LexedFile lexed = lex(buf, mb->getBufferStart(), scratch);
  if (scratch.hasErrors() || lexed.truncated) {
    result.internalError = "the lexer disagrees with the parser about this file";
    return result;
  }

  fmtimpl::FormatInput input = fmtimpl::buildFormatInput(buf, lexed.tokens);
  std::string text = fmtimpl::printFormatted(input, {options.lineWidth, options.indentWidth});

  DiagnosticEngine recheck;
  LexedFile again = lex(text, text.data(), recheck);
  auto want = comparable(lexed.tokens, buf);
  auto got = comparable(again.tokens, text);
  if (recheck.hasErrors() || again.truncated || want != got) {
    size_t k = 0;
    while (k < want.size() && k < got.size() && want[k] == got[k]) ++k;
    result.internalError = fmt::format(
        "formatting would change the token stream at token {} (`{}` became `{}`); the file is left unchanged",
        k, k < want.size() ? want[k].second : "end of file", k < got.size() ? got[k].second : "end of file");
    return result;
  }
  result.text = std::move(text);
  return result;
}

}  // namespace flytec
