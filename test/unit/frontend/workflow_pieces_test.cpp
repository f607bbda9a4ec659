// Long workflows are parsed one statement at a time (frontend/src/
// workflow_pieces.h). The split must find every statement, refuse what it cannot split, and the AST
// (ranges included, through --dump-ast) and diagnostics must equal those of
// the whole-item parse: over the test corpus with every workflow in pieces,
// and over generated long workflows, valid and broken.
#include <gtest/gtest.h>

#include <string>

#include "corpus.h"
#include "frontend/ast_dump.h"
#include "frontend/lexer.h"
#include "frontend/parser.h"
#include "frontend/source_loader.h"
#include "item_parser.h"
#include "llvm/Support/raw_ostream.h"
#include "workflow_pieces.h"

namespace flytec {
namespace {

/// The statements of a workflow body, as the split saw them: the text of
/// each node's first token, then `return` when there is one.
std::vector<std::string> pieceStarts(const std::string& text) {
  DiagnosticEngine diags;
  LexedFile lexed = lex(text, text.data(), diags);
  std::optional<WorkflowPieces> w = splitWorkflow(lexed.tokens, 0, lexed.tokens.size());
  if (!w) return {"<no split>"};
  std::vector<std::string> out;
  for (size_t k : w->nodes) out.emplace_back(lexed.tokens[k].text(text));
  if (w->returnBegin != w->closeBrace) out.emplace_back(lexed.tokens[w->returnBegin].text(text));
  return out;
}

TEST(WorkflowPieces, SplitsAtEveryStatement) {
  using V = std::vector<std::string>;
  EXPECT_EQ(pieceStarts("workflow w(x: int = f(a = 1)) -> int {\n"
                        "  ## a doc comment\n"
                        "  a = t(x = x, y = {k = [1, 2]}) after b, c with { retries = 2 }\n"
                        "  b = map(t, concurrency = 2)(x = [a, a]) # c = comment\n"
                        "  return a\n"
                        "}\n"),
            (V{"a", "b", "return"}));
  EXPECT_EQ(pieceStarts("workflow w() { a = t() b = u() }"), (V{"a", "b"}));
  EXPECT_EQ(pieceStarts("workflow w() {}"), V{});
}

TEST(WorkflowPieces, RefusesWhatItCannotSplit) {
  const char* refused[] = {
      "task t() { a = 1 }",                     // not a workflow
      "workflow w() { 1 + 2 a = t() }",         // the body starts with no statement
      "workflow w() { return a b = t() }",      // a node after `return`
      "workflow w() { return a return b }",     // two returns
      "workflow w() { a = t() } b",             // tokens after the body
      "workflow w() { a = t() ",                // no closing `}`
      "workflow w() { a = t()) }",              // more closers than openers
  };
  for (const char* text : refused) EXPECT_EQ(pieceStarts(text), std::vector<std::string>{"<no split>"}) << text;
}

struct Parsed {
  std::string ast;
  std::string diags;
  ParseCounts counts;
};

Parsed parse(const std::string& text, size_t piecesFrom, unsigned jobs) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  unsigned id = addSourceBuffer(sm, "t.flyte", text, diags).bufferId;
  Parsed out;
  ParseOptions options;
  options.workflowPiecesFrom = piecesFrom;
  options.jobs = jobs;
  options.counts = &out.counts;
  auto file = parseBuffer(sm, id, diags, options);
  llvm::raw_string_ostream os(out.ast);
  dumpAst(*file, sm, os);
  os.flush();
  for (const Diagnostic& d : diags.diagnostics()) {
    auto [line, col] = sm.getLineAndColumn(d.range.Start);
    out.diags += std::string(d.id()) + " " + std::to_string(line) + ":" + std::to_string(col) + " " +
                 d.message + "\n";
  }
  return out;
}

/// Whole and in pieces; returns how many workflows were parsed in pieces.
unsigned expectSameParse(const std::string& text, const std::string& what, bool expectPieces) {
  Parsed whole = parse(text, 0, 1);
  Parsed pieces = parse(text, 1, 1);
  EXPECT_EQ(whole.counts.inPieces, 0u) << what;
  if (expectPieces) {
    EXPECT_GT(pieces.counts.inPieces, 0u) << what;
  }
  EXPECT_EQ(pieces.ast, whole.ast) << what;
  EXPECT_EQ(pieces.diags, whole.diags) << what;
  return pieces.counts.inPieces;
}

TEST(WorkflowPieces, CorpusParsesTheSameInPieces) {
  size_t files = 0, inPieces = 0;
  for (const auto& path : test_corpus::corpus()) {
    std::string text = test_corpus::readFile(path);
    inPieces += expectSameParse(text, path.string(), /*expectPieces=*/false);
    ++files;
  }
  EXPECT_GT(files, 50u);
  EXPECT_GT(inPieces, 100u) << "most of the corpus's workflows split";
}

/// A workflow of `n` nodes of every statement form, `bad` (if any) spliced
/// in as node `at`'s line.
std::string longWorkflow(size_t n, const std::string& bad = "", size_t at = 0) {
  std::string s = "task t(x: int, y: list[int] = []) -> int {\n  script = \"\"\"true\"\"\"\n}\n"
                  "## The long one.\nworkflow w(xs: list[int] = [1, 2, 3], d: dict[str, int] = {}) -> int {\n";
  for (size_t i = 0; i < n; ++i) {
    if (!bad.empty() && i == at) {
      s += "  " + bad + "\n";
      continue;
    }
    std::string prev = i == 0 ? "1" : "n" + std::to_string(i - 1);
    switch (i % 5) {
      case 0: s += "  n" + std::to_string(i) + " = t(x = " + prev + ")\n"; break;
      case 1: s += "  # a comment\n  n" + std::to_string(i) + " = t(x = " + prev + ", y = [1, (2)])\n"; break;
      case 2:
        s += "  n" + std::to_string(i) + " = t(x = " + prev + ") after n0 with {\n    retries = 2\n  }\n";
        break;
      case 3: s += "  n" + std::to_string(i) + " = map(t, concurrency = 2)(x = xs)\n"; break;
      case 4: s += "  n" + std::to_string(i) + " = partial(t, y = [])(x = " + prev + ")\n"; break;
    }
  }
  return s + "  return n" + std::to_string(n - 1) + "\n}\n";
}

TEST(WorkflowPieces, LongWorkflowsParseTheSame) {
  std::string text = longWorkflow(400);
  expectSameParse(text, "valid", /*expectPieces=*/true);
  EXPECT_EQ(parse(text, kWorkflowPiecesFrom, 1).diags, "");
}

TEST(WorkflowPieces, SyntaxErrorsInAPieceReportAsAWhole) {
  size_t n = 400;
  for (size_t at : {size_t(0), n / 4, n - 1}) {
    for (const char* bad : {"n = t(x = )", "n = t(x = 1", "= t()", "n = t() after", "n = t() with { a = }"}) {
      std::string text = longWorkflow(n, bad, at);
      Parsed whole = parse(text, 0, 1);
      EXPECT_NE(whole.diags, "") << bad << " at " << at;
      expectSameParse(text, std::string(bad) + " at " + std::to_string(at), /*expectPieces=*/false);
      EXPECT_EQ(parse(text, 1, 1).counts.inPieces, 0u) << "a piece that fails parses the whole item";
    }
  }
}

}  // namespace
}  // namespace flytec
