// One item through ANTLR and the AST builder; see item_parser.h.
#include "item_parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "antlr4-runtime.h"
#include "grammar/FlyteParser.h"
#include "item_token_stream.h"
#include "syntax_error_strategy.h"

namespace flytec {

using P = grammar::FlyteParser;

/// A prediction cache of one's own: one DFA per grammar decision, as the
/// generated parser's static initialiser makes them, and a context cache.
struct ItemParser::Cache {
  explicit Cache(const antlr4::atn::ATN& atn) {
    dfa.reserve(atn.getNumberOfDecisions());
    for (size_t i = 0; i < atn.getNumberOfDecisions(); ++i) dfa.emplace_back(atn.getDecisionState(i), i);
  }
  std::vector<antlr4::dfa::DFA> dfa;
  antlr4::atn::PredictionContextCache contexts;
};

namespace {

/// What follows an item, for "expected `)` before ..." messages.
std::string describeNext(std::string_view buffer, const std::vector<Token>& tokens, size_t next) {
  if (next >= tokens.size()) return "the end of the file";
  return fmt::format("`{}`", tokens[next].text(buffer));
}

}  // namespace

namespace {
const antlr4::atn::ATN& grammarAtn() {
  // The generated parser builds its ATN statically; any instance returns it.
  static const antlr4::atn::ATN* atn = [] {
    std::vector<Token> none;
    ItemTokenStream empty({}, none, 0, 0, 0);
    P probe(&empty);
    return &probe.getATN();
  }();
  return *atn;
}
}  // namespace

ItemParser::ItemParser(std::string_view buffer, const char* base, const LexedFile& lexed,
                       bool helperThread)
    : buffer_(buffer), base_(base), lexed_(lexed) {
  if (helperThread) {
    own_ = std::make_unique<Cache>(grammarAtn());
    cache_ = own_.get();
  } else {
    thread_local std::unique_ptr<Cache> mine;
    if (!mine) mine = std::make_unique<Cache>(grammarAtn());
    cache_ = mine.get();
  }
}

ItemParser::~ItemParser() = default;

ParsedItem ItemParser::parse(size_t begin, size_t end, DiagnosticEngine& diags) {
  const std::vector<Token>& tokens = lexed_.tokens;
  size_t eofOffset = end < tokens.size() ? tokens[end].begin : buffer_.size();
  try {
    ItemTokenStream stream(buffer_, tokens, begin, end, eofOffset);
    P parser(&stream);
    // Swap the generated parser's simulator (over the static, shared cache)
    // for one over this thread's cache. setInterpreter deletes the old one
    // (runtime 4.9), the generated destructor the new one.
    parser.setInterpreter(
        new antlr4::atn::ParserATNSimulator(&parser, parser.getATN(), cache_->dfa, cache_->contexts));
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
      auto lexError = std::lower_bound(lexed_.errorOffsets.begin(), lexed_.errorOffsets.end(),
                                       tokens[begin].begin);
      bool quiet = lexError != lexed_.errorOffsets.end() && *lexError < eofOffset;
      parser.setErrorHandler(std::make_shared<SyntaxErrorStrategy>(
          buffer_, base_, tokens, begin, diags, describeNext(buffer_, tokens, end), quiet));
      tree = parser.chunk();
    }
    AstBuilder builder(buffer_, base_, tokens, diags);
    return builder.build(tree);
    // `parser` goes out of scope here and frees the parse tree.
  } catch (std::exception& e) {
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(base_ + tokens[begin].begin);
    diags.report(DiagCode::E0102, llvm::SMRange(loc, loc), "a declaration",
                 fmt::format("input the parser could not recover from ({})", e.what()));
  }
  return {};
}

}  // namespace flytec
