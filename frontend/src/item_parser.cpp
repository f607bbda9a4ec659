// One item through ANTLR and the AST builder; see item_parser.h.
#include "item_parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "antlr4-runtime.h"
#include "grammar/FlyteParser.h"
#include "item_token_stream.h"
#include "private_dfa_simulator.h"
#include "syntax_error_strategy.h"
#include "workflow_pieces.h"

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
                       bool helperThread, size_t piecesFrom)
    : piecesFrom_(piecesFrom), buffer_(buffer), base_(base), lexed_(lexed) {
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

void ItemParser::prepare(P& parser, Cache& cache) {
  // Swap the generated parser's simulator (over the static, shared cache)
  // for one over this thread's cache, which reads it without the runtime's
  // process-wide lock. setInterpreter deletes the old one (runtime 4.9), the
  // generated destructor the new one.
  parser.setInterpreter(new PrivateDfaSimulator(&parser, parser.getATN(), cache.dfa, cache.contexts));
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
}

std::optional<ParsedItem> ItemParser::parseInPieces(size_t begin, size_t end, DiagnosticEngine& diags) {
  std::optional<WorkflowPieces> pieces = splitWorkflow(lexed_.tokens, begin, end);
  if (!pieces || pieces->nodes.size() < piecesFrom_) return std::nullopt;
  const std::vector<Token>& tokens = lexed_.tokens;
  // The builder's reports (E0109, E0111 about literals) are held back until
  // every piece has parsed: a fallback would report them again.
  DiagnosticOptions options = diags.options();
  options.maxErrors = 0;
  DiagnosticEngine pieceDiags(options);
  AstBuilder builder(buffer_, base_, tokens, pieceDiags);
  try {
    // One stream per piece, ending in EOF where the next piece starts.
    auto streamOf = [&](size_t from, size_t to) {
      return std::make_unique<ItemTokenStream>(buffer_, tokens, from, to, tokens[to].begin);
    };
    std::unique_ptr<ItemTokenStream> stream = streamOf(begin, pieces->headEnd);
    P parser(stream.get());
    prepare(parser, *cache_);
    // Each piece's tree is freed (setTokenStream resets the parser) before
    // the stream it points into.
    auto next = [&](size_t from, size_t to) {
      parser.setTokenStream(nullptr);
      stream = streamOf(from, to);
      parser.setTokenStream(stream.get());
    };
    std::shared_ptr<ast::WorkflowDecl> w = builder.workflowHead(parser.workflowHead());
    w->nodes.reserve(pieces->nodes.size());
    for (size_t k = 0; k < pieces->nodes.size(); ++k) {
      next(pieces->nodes[k], pieces->nodeEnd(k));
      w->nodes.push_back(builder.node(parser.nodePiece()->node()));
    }
    P::ReturnStmtContext* ret = nullptr;
    if (pieces->returnBegin < pieces->closeBrace) {
      next(pieces->returnBegin, pieces->closeBrace);
      ret = parser.returnPiece()->returnStmt();
    }
    ParsedItem item = builder.finishWorkflow(std::move(w), ret, tokens[pieces->closeBrace]);
    parser.setTokenStream(nullptr);
    for (Diagnostic& d : pieceDiags.diagnostics()) diags.absorb(std::move(d));
    item.inPieces = true;
    return item;
  } catch (std::exception&) {
    // A piece that does not parse (ParseCancellationException) or anything
    // else: the whole item's parse decides and reports.
    return std::nullopt;
  }
}

bool ItemParser::tooLong(size_t begin, size_t end, DiagnosticEngine& diags) const {
  const std::vector<Token>& tokens = lexed_.tokens;
  if (end - begin <= kMaxItemTokens) return false;  // comments count here; not below
  size_t count = 0;
  for (size_t i = begin; i < end; ++i) count += tokens[i].channel == kDefaultChannel;
  if (count <= kMaxItemTokens) return false;
  size_t first = begin;
  while (tokens[first].channel != kDefaultChannel) ++first;
  llvm::SMLoc loc = llvm::SMLoc::getFromPointer(base_ + tokens[first].begin);
  llvm::SMLoc locEnd = llvm::SMLoc::getFromPointer(base_ + tokens[first].end);
  diags.report(diag::err_declaration_too_long, llvm::SMRange(loc, locEnd), count, kMaxItemTokens);
  return true;
}

ParsedItem ItemParser::parse(size_t begin, size_t end, DiagnosticEngine& diags) {
  if (tooLong(begin, end, diags)) return {};
  if (piecesFrom_ != 0)
    if (std::optional<ParsedItem> item = parseInPieces(begin, end, diags)) return std::move(*item);
  const std::vector<Token>& tokens = lexed_.tokens;
  size_t eofOffset = end < tokens.size() ? tokens[end].begin : buffer_.size();
  try {
    ItemTokenStream stream(buffer_, tokens, begin, end, eofOffset);
    P parser(&stream);
    // Stage 1: SLL, bail on the first error. Most items parse here.
    prepare(parser, *cache_);
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
    diags.report(diag::err_expected_token, llvm::SMRange(loc, loc), "a declaration",
                 fmt::format("input the parser could not recover from ({})", e.what()));
  }
  return {};
}

}  // namespace flytec
