// One item through ANTLR and the AST builder; see item_parser.h.
#include "item_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "antlr4-runtime.h"
#include "grammar/FlyteParser.h"
#include "item_token_stream.h"
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
                       bool helperThread, size_t piecesFrom, bool pieceThread)
    : piecesFrom_(piecesFrom), pieceThread_(pieceThread), buffer_(buffer), base_(base), lexed_(lexed) {
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
  // for one over this thread's cache. setInterpreter deletes the old one
  // (runtime 4.9), the generated destructor the new one.
  parser.setInterpreter(new antlr4::atn::ParserATNSimulator(&parser, parser.getATN(), cache.dfa, cache.contexts));
  parser.removeErrorListeners();
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
}

bool ItemParser::parseNodes(Cache& cache, const WorkflowPieces& pieces, size_t from, size_t to,
                            AstBuilder& builder, std::vector<ast::Node>& out) const {
  if (from == to) return true;
  const std::vector<Token>& tokens = lexed_.tokens;
  try {
    auto streamOf = [&](size_t k) {
      return std::make_unique<ItemTokenStream>(buffer_, tokens, pieces.nodes[k], pieces.nodeEnd(k),
                                               tokens[pieces.nodeEnd(k)].begin);
    };
    std::unique_ptr<ItemTokenStream> node = streamOf(from);
    P parser(node.get());
    prepare(parser, cache);
    out.reserve(out.size() + to - from);
    for (size_t k = from; k < to; ++k) {
      if (k != from) {
        parser.setTokenStream(nullptr);  // frees the previous piece's tree
        node = streamOf(k);
        parser.setTokenStream(node.get());
      }
      out.push_back(builder.node(parser.nodePiece()->node()));
    }
    parser.reset();  // while `node` is alive: reset() rewinds the stream
    return true;
  } catch (std::exception&) {
    // A piece that does not parse (ParseCancellationException) or anything
    // else: the whole item's parse decides and reports.
    return false;
  }
}

std::optional<ParsedItem> ItemParser::parseInPieces(size_t begin, size_t end, DiagnosticEngine& diags) {
  std::optional<WorkflowPieces> pieces = splitWorkflow(lexed_.tokens, begin, end);
  if (!pieces || pieces->nodes.size() < piecesFrom_) return std::nullopt;
  const std::vector<Token>& tokens = lexed_.tokens;
  size_t count = pieces->nodes.size();
  // With a helper thread, it takes the nodes from the middle token on and
  // this thread the head (which may hold long default values) and the rest.
  size_t split = count;
  if (pieceThread_ && count >= kThreadedPiecesFrom) {
    size_t middle = begin + (pieces->closeBrace - begin) / 2;
    split = size_t(std::lower_bound(pieces->nodes.begin(), pieces->nodes.end(), middle) - pieces->nodes.begin());
  }
  // Reports of the builders (none so far for a workflow that parses) are
  // held back until every piece has parsed: a fallback reports them again.
  // One engine per part keeps them in source order.
  DiagnosticOptions options = diags.options();
  options.maxErrors = 0;
  DiagnosticEngine headDiags(options), laterDiags(options), returnDiags(options);
  std::vector<ast::Node> later;
  bool laterParsed = true;
  std::thread helper;
  std::unique_ptr<Cache> helperCache;
  if (split < count) {
    helperCache = std::make_unique<Cache>(grammarAtn());
    helper = std::thread([&] {
      AstBuilder builder(buffer_, base_, tokens, laterDiags);
      laterParsed = parseNodes(*helperCache, *pieces, split, count, builder, later);
    });
  }
  std::optional<ParsedItem> item;
  try {
    AstBuilder builder(buffer_, base_, tokens, headDiags);
    ItemTokenStream head(buffer_, tokens, begin, pieces->headEnd, tokens[pieces->headEnd].begin);
    P parser(&head);
    prepare(parser, *cache_);
    std::unique_ptr<ast::WorkflowDecl> w = builder.workflowHead(parser.workflowHead());
    parser.reset();
    if (parseNodes(*cache_, *pieces, 0, split, builder, w->nodes)) {
      AstBuilder returnBuilder(buffer_, base_, tokens, returnDiags);
      P::ReturnStmtContext* ret = nullptr;
      ItemTokenStream tail(buffer_, tokens, pieces->returnBegin, pieces->closeBrace,
                           tokens[pieces->closeBrace].begin);
      if (pieces->returnBegin < pieces->closeBrace) {
        parser.setTokenStream(&tail);
        ret = parser.returnPiece()->returnStmt();
      }
      item = returnBuilder.finishWorkflow(std::move(w), ret, tokens[pieces->closeBrace]);
      parser.reset();
    }
  } catch (std::exception&) {
    item.reset();  // as in parseNodes: the whole item's parse decides
  }
  if (helper.joinable()) helper.join();
  if (!item || !laterParsed) return std::nullopt;
  auto& nodes = static_cast<ast::WorkflowDecl&>(*item->decl).nodes;
  nodes.insert(nodes.end(), std::make_move_iterator(later.begin()), std::make_move_iterator(later.end()));
  for (DiagnosticEngine* part : {&headDiags, &laterDiags, &returnDiags})
    for (Diagnostic& d : part->diagnostics()) diags.absorb(std::move(d));
  item->pieceThreads = split < count ? 2 : 1;
  return item;
}

ParsedItem ItemParser::parse(size_t begin, size_t end, DiagnosticEngine& diags) {
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
    diags.report(DiagCode::E0102, llvm::SMRange(loc, loc), "a declaration",
                 fmt::format("input the parser could not recover from ({})", e.what()));
  }
  return {};
}

}  // namespace flytec
