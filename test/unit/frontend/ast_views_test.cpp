// The tree's names and literal text are views (ast::Text): into the parsed
// buffer, or into the declaration's own strings for what the buffer does not
// hold as it is (an escape decoded, `-1.5`, a node the builder names
// `return-a`). A tree re-anchored in another buffer (ast_clone.h: the copy
// and the move in place) must take every view with it. Each test parses a
// buffer this test owns, moves the tree to an equal buffer, then overwrites
// the first buffer (and frees the first tree): a view left behind prints
// the overwritten bytes, and the dump differs from a fresh parse.
#include <gtest/gtest.h>

#include <string>

#include "ast_clone.h"
#include "frontend/ast_dump.h"
#include "frontend/parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {
namespace {

// Views into the buffer (names, `"debian:bookworm-slim"`, `"odd key"`, the
// operators) and saved strings (`"a\tb"`, `-1.5`, `return-a`, `return-b`).
const char* kSource = R"(task t(x: float = -1.5, s: str = "a\tb") -> int {
    image    = "debian:bookworm-slim"
    requests = { "odd key": 1, cpu = "1" }
    retries  = -x + 2 * 3
    timeout  = 5m
}

workflow w(xs: list[int]) -> (a: int, b: int) {
    return (a = t(x = 1.0), b = t(x = 2.0))
}
)";

/// A buffer whose bytes this test owns (the SourceMgr only views them).
unsigned addViewed(llvm::SourceMgr& sm, const std::string& text, const char* name) {
  return sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(text, name, false), llvm::SMLoc());
}

std::string dump(const ast::File& f, const llvm::SourceMgr& sm) {
  std::string out;
  llvm::raw_string_ostream os(out);
  dumpAst(f, sm, os);
  os.flush();
  return out.substr(out.find('\n'));  // drop `File <name>`
}

std::intptr_t distance(const std::string& from, const std::string& to) {
  return reinterpret_cast<std::intptr_t>(to.data()) - reinterpret_cast<std::intptr_t>(from.data());
}

TEST(AstViews, ACopyTakesItsTextToTheNewBufferAndOwnsTheRest) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  std::string first = kSource, second = kSource;
  auto original = parseBuffer(sm, addViewed(sm, first, "first.flyte"), diags);
  ASSERT_EQ(diags.diagnostics().size(), 0u) << "the sample must parse cleanly";
  unsigned b = addViewed(sm, second, "second.flyte");

  ast::File copy;
  for (const ast::DeclPtr& d : original->decls) copy.decls.push_back(cloneShifted(*d, distance(first, second)));
  original.reset();  // the copy's saved strings must be its own
  first.assign(first.size(), 'X');

  EXPECT_EQ(dump(copy, sm), dump(*parseBuffer(sm, b, diags), sm));
}

TEST(AstViews, AMoveInPlaceTakesItsTextToTheNewBuffer) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  std::string first = kSource, second = kSource;
  auto tree = parseBuffer(sm, addViewed(sm, first, "first.flyte"), diags);
  ASSERT_EQ(diags.diagnostics().size(), 0u);
  unsigned b = addViewed(sm, second, "second.flyte");

  for (const ast::DeclPtr& d : tree->decls) shiftInPlace(*d, distance(first, second));
  first.assign(first.size(), 'X');

  ast::File moved;
  moved.decls = tree->decls;
  EXPECT_EQ(dump(moved, sm), dump(*parseBuffer(sm, b, diags), sm));
}

TEST(AstViews, TextWithoutEscapesIsAViewOfTheBuffer) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  std::string text = kSource;
  auto tree = parseBuffer(sm, addViewed(sm, text, "views.flyte"), diags);
  const auto& task = llvm::cast<ast::TaskDecl>(*tree->decls[0]);
  auto inBuffer = [&](ast::Text t) { return t.data() >= text.data() && t.data() + t.size() <= text.data() + text.size(); };
  EXPECT_TRUE(inBuffer(task.name.name));
  const auto* image = llvm::cast<ast::StringExpr>(task.body.find("image")->value.get());
  EXPECT_EQ(image->value, "debian:bookworm-slim");
  EXPECT_TRUE(inBuffer(image->value));
  const auto* escaped = llvm::cast<ast::StringExpr>(task.params[1].defaultValue.get());
  EXPECT_EQ(escaped->value, "a\tb");
  EXPECT_FALSE(inBuffer(escaped->value));
}

}  // namespace
}  // namespace flytec
