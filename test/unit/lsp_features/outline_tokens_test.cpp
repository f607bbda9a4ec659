// Document symbols (document_symbols.h) and semantic tokens
// (semantic_tokens.h) on inline sources; `[[ ]]` marks expected ranges.
#include <gtest/gtest.h>

#include "document_symbols.h"
#include "semantic_tokens.h"
#include "workspace.h"

namespace flytec::lsp::test {
namespace {

TEST(DocumentSymbols, DeclarationsWithTheirMembers) {
  Workspace ws;
  Annotations src(R"([[task [[square]](x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}]]
enum Color { red, green }
)");
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<OutlineItem> items = documentOutline(*a);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].name, "square");
  EXPECT_EQ(items[0].kind, OutlineItem::Task);
  // ranges() lists the inner range (its `]]` comes first), then the outer.
  EXPECT_EQ(Workspace::place(*a, items[0].nameRange), (Place{"main.flyte", src.ranges()[0]}));
  EXPECT_EQ(Workspace::place(*a, items[0].range), (Place{"main.flyte", src.ranges()[1]}));
  ASSERT_EQ(items[0].children.size(), 1u);  // `-> int` has no written output name
  EXPECT_EQ(items[0].children[0].name, "x");
  EXPECT_EQ(items[1].kind, OutlineItem::Enum);
  ASSERT_EQ(items[1].children.size(), 2u);
  EXPECT_EQ(items[1].children[1].name, "green");
}

TEST(SemanticTokens, ResolvedNamesAndKeywords) {
  Workspace ws;
  Annotations src(R"([[task]] [[square]]([[x]]: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
[[workflow]] [[w]]([[n]]: int) -> int {
    [[a]] = [[square]]([[x]] = [[n]])
    return [[a]]
}
)");
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<SemanticToken> tokens = semanticTokens(*a);
  using T = TokenType;
  const std::vector<std::pair<T, unsigned>> want = {
      {T::Keyword, 0},  {T::Function, 1}, {T::Parameter, 1}, {T::Keyword, 0},  {T::Function, 1}, {T::Parameter, 1},
      {T::Variable, 1}, {T::Function, 0}, {T::Parameter, 0}, {T::Parameter, 0}, {T::Variable, 0}};
  ASSERT_EQ(tokens.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(tokens[i].begin, src.ranges()[i].begin) << i;
    EXPECT_EQ(tokens[i].end, src.ranges()[i].end) << i;
    EXPECT_EQ(tokens[i].type, want[i].first) << i;
    EXPECT_EQ(tokens[i].modifiers, want[i].second) << i;
  }
}

}  // namespace
}  // namespace flytec::lsp::test
