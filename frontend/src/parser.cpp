// Lexer + ANTLR parser + AST builder, one top-level item at a time; see parser.h.
#include "frontend/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "antlr4-runtime.h"
#include "ast_builder.h"
#include "frontend/lexer.h"
#include "grammar/FlyteParser.h"
#include "llvm/Support/raw_ostream.h"
#include "syntax_error_strategy.h"

namespace flytec {

using P = grammar::FlyteParser;

namespace {

/// Feeds one item's default-channel tokens (plus EOF at `eofOffset`) to ANTLR.
std::vector<std::unique_ptr<antlr4::Token>> itemTokens(std::string_view buffer,
                                                       const std::vector<Token>& tokens,
                                                       size_t begin, size_t end, size_t eofOffset) {
  std::vector<std::unique_ptr<antlr4::Token>> out;
  out.reserve(end - begin + 1);
  for (size_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    if (t.channel != kDefaultChannel) continue;
    auto tok = std::make_unique<antlr4::CommonToken>(t.type, std::string(t.text(buffer)));
    tok->setStartIndex(t.begin);
    tok->setStopIndex(t.end - 1);
    out.push_back(std::move(tok));
  }
  auto eof = std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF, "<EOF>");
  eof->setStartIndex(eofOffset);
  eof->setStopIndex(eofOffset - 1);
  out.push_back(std::move(eof));
  return out;
}

/// What follows an item, for "expected `)` before ..." messages.
std::string describeNext(std::string_view buffer, const std::vector<Token>& tokens, size_t next) {
  if (next >= tokens.size()) return "the end of the file";
  return fmt::format("`{}`", tokens[next].text(buffer));
}

/// The text a declaration item is cached under (parse_cache.h): from the
/// `##` comments directly above its keyword to the end of its last token.
/// None for items that are not declarations or that hold a lexical error.
std::optional<std::string_view> reuseKey(std::string_view buffer, const LexedFile& lexed, size_t begin,
                                         size_t end) {
  const std::vector<Token>& tokens = lexed.tokens;
  switch (tokens[begin].type) {
    case P::ENUM: case P::STRUCT: case P::TASK: case P::WORKFLOW: case P::LAUNCHPLAN: break;
    default: return std::nullopt;
  }
  size_t first = begin;
  while (first > 0 && tokens[first - 1].channel == kDocChannel) --first;
  size_t lastDefault = begin;
  for (size_t i = begin; i < end; ++i)
    if (tokens[i].channel == kDefaultChannel) lastDefault = i;
  uint32_t from = tokens[first].begin, to = tokens[lastDefault].end;
  auto lexError = std::lower_bound(lexed.errorOffsets.begin(), lexed.errorOffsets.end(), from);
  if (lexError != lexed.errorOffsets.end() && *lexError < to) return std::nullopt;
  return buffer.substr(from, to - from);
}

}  // namespace

std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr& sm, unsigned bufferId,
                                       DiagnosticEngine& diags, ParseCache* cache,
                                       const std::atomic<bool>* cancel, ParseCounts* counts) {
  const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(bufferId);
  std::string_view buffer(mb->getBufferStart(), mb->getBufferSize());
  const char* base = mb->getBufferStart();
  auto file = std::make_unique<ast::File>();
  file->path = mb->getBufferIdentifier().str();
  file->bufferId = bufferId;

  LexedFile lexed = lex(buffer, base, diags);
  const std::vector<Token>& tokens = lexed.tokens;

  // Item boundaries: tokens before the first keyword form an item of their own
  // (it fails to parse with "expected a declaration").
  std::vector<size_t> starts;
  size_t firstDefault = 0;
  while (firstDefault < tokens.size() && tokens[firstDefault].channel != kDefaultChannel) ++firstDefault;
  if (firstDefault < tokens.size() &&
      (lexed.itemStarts.empty() || lexed.itemStarts.front() != firstDefault))
    starts.push_back(firstDefault);
  for (uint32_t s : lexed.itemStarts) starts.push_back(s);

  AstBuilder builder(buffer, base, tokens, diags);
  antlr4::CommonTokenFactory factory;
  ParseCache::Session session;
  if (cache) session = cache->begin();
  bool stopped = false;
  for (size_t k = 0; k < starts.size(); ++k) {
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      stopped = true;
      break;
    }
    size_t begin = starts[k];
    bool last = k + 1 == starts.size();
    size_t end = last ? tokens.size() : starts[k + 1];
    if (last && lexed.truncated) break;  // the nesting limit stopped the lexer here
    size_t eofOffset = end < tokens.size() ? tokens[end].begin : buffer.size();
    std::optional<std::string_view> key = cache ? reuseKey(buffer, lexed, begin, end) : std::nullopt;
    if (key) {
      if (ast::DeclPtr d = session.reuse(*key)) {
        file->decls.push_back(std::move(d));
        if (counts) ++counts->reused;
        continue;
      }
    }
    if (counts) ++counts->parsed;
    size_t diagsBefore = diags.diagnostics().size() + diags.errorCount() + diags.warningCount();
    size_t declsBefore = file->decls.size();
    try {
      antlr4::ListTokenSource source(itemTokens(buffer, tokens, begin, end, eofOffset));
      antlr4::CommonTokenStream stream(&source);
      P parser(&stream);
      parser.removeErrorListeners();
      // Stage 1: SLL, bail on the first error. Most items parse here.
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::SLL);
      parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      P::ChunkContext* tree = nullptr;
      try {
        tree = parser.chunk();
      } catch (antlr4::ParseCancellationException&) {
        // Stage 2: full LL with flytec's error reporting and recovery.
        stream.seek(0);
        parser.reset();
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
            antlr4::atn::PredictionMode::LL);
        auto lexError = std::lower_bound(lexed.errorOffsets.begin(), lexed.errorOffsets.end(),
                                         tokens[begin].begin);
        bool quiet = lexError != lexed.errorOffsets.end() && *lexError < eofOffset;
        parser.setErrorHandler(std::make_shared<SyntaxErrorStrategy>(
            buffer, base, tokens, begin, diags, describeNext(buffer, tokens, end), quiet));
        tree = parser.chunk();
      }
      builder.addChunk(tree, *file);
    } catch (std::exception& e) {
      llvm::SMLoc loc = llvm::SMLoc::getFromPointer(base + tokens[begin].begin);
      diags.report(DiagCode::E0102, llvm::SMRange(loc, loc), "a declaration",
                   fmt::format("input the parser could not recover from ({})", e.what()));
    }
    bool clean = diags.diagnostics().size() + diags.errorCount() + diags.warningCount() == diagsBefore &&
                 !diags.limitReached();
    if (key && clean && file->decls.size() == declsBefore + 1) session.remember(*key, *file->decls.back());
  }
  if (cache && !stopped) cache->commit(std::move(session));
  return file;
}

void dumpTokens(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                llvm::raw_ostream& os) {
  const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(bufferId);
  std::string_view buffer(mb->getBufferStart(), mb->getBufferSize());
  LexedFile lexed = lex(buffer, mb->getBufferStart(), diags);
  for (const Token& t : lexed.tokens) {
    auto [line, col] = sm.getLineAndColumn(llvm::SMLoc::getFromPointer(mb->getBufferStart() + t.begin), bufferId);
    std::string text(t.text(buffer));
    std::string escaped;
    for (char c : text) {
      if (c == '\n') escaped += "\\n";
      else if (c == '\t') escaped += "\\t";
      else if (c == '\r') escaped += "\\r";
      else escaped += c;
    }
    os << line << ":" << col << " " << tokenTypeName(t.type) << " '" << escaped << "'\n";
  }
}

}  // namespace flytec
