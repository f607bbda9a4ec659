// ParseCache (frontend/parse_cache.h): a declaration copied from the cache
// into a buffer where it sits elsewhere must equal a fresh parse of that
// buffer, ranges included (compared through --dump-ast, which prints every
// node's range), and only declarations whose text changed are parsed.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "frontend/ast_dump.h"
#include "frontend/parse_cache.h"
#include "frontend/parser.h"
#include "frontend/source_loader.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {
namespace {

// Every kind of declaration and expression the grammar has.
const char* kSource = R"(package demo.pkg
import "lib.flyte" as l

## A colour.
enum Colour { red, green, blue }

## A pair.
struct Pair {
    ## The left one.
    a: int = 1,
    b: list[dict[str, float?]]? = none,
}

## Adds.
task add(x: int, y: float = 1.5, s: str = "a\tb") -> (sum: int, note: str) {
    image    = "debian:bookworm-slim"
    script   = """echo {{.inputs.x}} > {{.outputs.sum}}"""
    requests = { cpu = "500m", mem = "256Mi", "odd key": [1, 2, true, none] }
    timeout  = 5m
    dask { workers = 2 }
    retries  = -x + 2 * 3
}

workflow w(xs: list[int], p: Pair) -> int {
    a = map(add, concurrency = 2)(x = xs)
    b = partial(add, y = 2.0)(x = p.a) after a with { retries = 3 }
    c = add(x = xs[0], s = l.name)
    return (sum = b.sum, n = (1, 2))
}

launchplan nightly = w(xs = [1, 2]) { schedule = "0 1 * * *" fixed = { p = { a = 2 } } }
)";

std::string dump(const ast::File& f, const llvm::SourceMgr& sm) {
  std::string out;
  llvm::raw_string_ostream os(out);
  dumpAst(f, sm, os);
  os.flush();
  return out.substr(out.find('\n'));  // drop `File <name>`: the buffers are named differently
}

ParseOptions withCache(ParseCache* cache, const std::atomic<bool>* cancel = nullptr,
                       ParseCounts* counts = nullptr) {
  ParseOptions options;
  options.cache = cache;
  options.cancel = cancel;
  options.counts = counts;
  return options;
}

unsigned add(llvm::SourceMgr& sm, DiagnosticEngine& diags, const std::string& name, const std::string& text) {
  return addSourceBuffer(sm, name, text, diags).bufferId;
}

TEST(ParseCache, CopiedDeclarationsEqualAFreshParseElsewhere) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  ParseCounts first;
  parseBuffer(sm, add(sm, diags, "v1.flyte", kSource), diags, withCache(&cache, nullptr, &first));
  ASSERT_EQ(diags.diagnostics().size(), 0u) << "the sample must parse cleanly";
  EXPECT_EQ(first.parsed, 7u);  // package, import and five declarations
  EXPECT_EQ(first.reused, 0u);
  EXPECT_EQ(cache.size(), 5u);

  // Everything moves 40 bytes down; the first declaration loses its doc.
  std::string moved = std::string(kSource);
  moved.insert(moved.find("## A colour."), "# forty bytes of comment, then a blank\n\n");
  unsigned b = add(sm, diags, "v2.flyte", moved);
  ParseCounts second;
  auto cached = parseBuffer(sm, b, diags, withCache(&cache, nullptr, &second));
  auto fresh = parseBuffer(sm, b, diags);
  EXPECT_EQ(second.parsed, 2u);
  EXPECT_EQ(second.reused, 5u);
  EXPECT_EQ(dump(*cached, sm), dump(*fresh, sm));
  // Spot-check ranges the dump does not print.
  const auto& task = llvm::cast<ast::TaskDecl>(*cached->decls[2]);
  const auto& freshTask = llvm::cast<ast::TaskDecl>(*fresh->decls[2]);
  EXPECT_EQ(task.keyword.Start.getPointer(), freshTask.keyword.Start.getPointer());
  EXPECT_EQ(task.paramsRange.End.getPointer(), freshTask.paramsRange.End.getPointer());
  EXPECT_EQ(task.doc, "Adds.");
  EXPECT_EQ(diags.diagnostics().size(), 0u);
}

TEST(ParseCache, OnlyChangedDeclarationsAreParsed) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  parseBuffer(sm, add(sm, diags, "v1.flyte", kSource), diags, withCache(&cache));
  std::string edited = kSource;
  edited.replace(edited.find("retries  = -x"), 13, "retries  = 4");  // inside `add`
  edited.replace(edited.find("## A pair."), 10, "## Two ints.");    // the doc above `Pair`
  ParseCounts counts;
  auto f = parseBuffer(sm, add(sm, diags, "v2.flyte", edited), diags, withCache(&cache, nullptr, &counts));
  EXPECT_EQ(counts.parsed, 4u);  // package, import, Pair, add
  EXPECT_EQ(counts.reused, 3u);
  EXPECT_EQ(f->decls[1]->doc, "Two ints.");
}

TEST(ParseCache, DeclarationsWithDiagnosticsAreNotRemembered) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  const char* bad = "task t(x: int) -> int {\n    image = = \"i\"\n}\ntask u() {\n    image = \"i\"\n}\n";
  parseBuffer(sm, add(sm, diags, "v1.flyte", bad), diags, withCache(&cache));
  size_t errors = diags.errorCount();
  EXPECT_GT(errors, 0u);
  EXPECT_EQ(cache.size(), 1u);  // only `u`
  ParseCounts counts;
  parseBuffer(sm, add(sm, diags, "v2.flyte", bad), diags, withCache(&cache, nullptr, &counts));
  EXPECT_EQ(counts.parsed, 1u);  // `t` again, so its error is reported again
  EXPECT_EQ(counts.reused, 1u);
  EXPECT_EQ(diags.errorCount(), 2 * errors);
}

TEST(ParseCache, CancelledParseStopsAndKeepsThePreviousGeneration) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  parseBuffer(sm, add(sm, diags, "v1.flyte", kSource), diags, withCache(&cache));
  std::atomic<bool> cancel{true};
  ParseCounts counts;
  auto f = parseBuffer(sm, add(sm, diags, "v2.flyte", "task z() {\n}\n"), diags, withCache(&cache, &cancel, &counts));
  EXPECT_EQ(counts.parsed + counts.reused, 0u);
  EXPECT_TRUE(f->decls.empty());
  EXPECT_EQ(cache.size(), 5u);
}

/// kSource with `lines` comment lines inserted above the first declaration.
std::string shiftedSource(size_t lines) {
  std::string text = kSource;
  std::string comment;
  for (size_t i = 0; i < lines; ++i) comment += "# a comment line\n";
  text.insert(text.find("## A colour."), comment);
  return text;
}

TEST(ParseCache, ATreeASnapshotHoldsIsCopiedNotMoved) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  auto first = parseBuffer(sm, add(sm, diags, "v1.flyte", kSource), diags, withCache(&cache));
  std::string before = dump(*first, sm);
  unsigned b = add(sm, diags, "v2.flyte", shiftedSource(3));
  auto cached = parseBuffer(sm, b, diags, withCache(&cache));
  EXPECT_EQ(dump(*first, sm), before) << "the earlier snapshot's trees were moved";
  EXPECT_EQ(dump(*cached, sm), dump(*parseBuffer(sm, b, diags), sm));
}

TEST(ParseCache, MovedTreesStayRightAfterACancelledParse) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  parseBuffer(sm, add(sm, diags, "v1.flyte", kSource), diags, withCache(&cache));
  // Cancelled after the unchanged declarations were moved to v2: nothing is
  // committed, and the cache must still describe where its trees now point.
  std::atomic<bool> cancel{true};
  auto dropped = parseBuffer(sm, add(sm, diags, "v2.flyte", shiftedSource(2)), diags, withCache(&cache, &cancel));
  dropped.reset();
  unsigned c = add(sm, diags, "v3.flyte", shiftedSource(5));
  ParseCounts counts;
  auto cached = parseBuffer(sm, c, diags, withCache(&cache, nullptr, &counts));
  EXPECT_EQ(counts.reused, 5u);
  EXPECT_EQ(dump(*cached, sm), dump(*parseBuffer(sm, c, diags), sm));
  EXPECT_EQ(diags.diagnostics().size(), 0u);
}

TEST(ParseCache, TwoEqualDeclarationsEachGetTheirOwnPlace) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ParseCache cache;
  const char* twice = "enum E { a }\n\nenum E { a }\n";
  parseBuffer(sm, add(sm, diags, "v1.flyte", twice), diags, withCache(&cache));
  unsigned b = add(sm, diags, "v2.flyte", std::string("# moved\n") + twice);
  ParseCounts counts;
  auto cached = parseBuffer(sm, b, diags, withCache(&cache, nullptr, &counts));
  EXPECT_EQ(counts.reused, 2u);
  EXPECT_EQ(dump(*cached, sm), dump(*parseBuffer(sm, b, diags), sm));
}

}  // namespace
}  // namespace flytec
