// Quick fixes (code_actions.h) and formatting (formatting.h) on inline
// sources: `[[ ]]` marks the text a fix-it replaces.
#include <gtest/gtest.h>

#include "code_actions.h"
#include "formatting.h"
#include "protocol.h"
#include "workspace.h"

namespace flytec::lsp::test {
namespace {

TEST(QuickFixes, OneForTheFixItOnTheCursorLine) {
  Workspace ws;
  Annotations src(R"(task t(xs: list[int]) -> int {
    image  = "debian:bookworm-slim"
    script = "cat {{.inputs.[[xz]]}} > {{.outputs.o0}}"
}
)");
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  size_t line3 = src.code().find("    script");
  std::vector<QuickFix> fixes = quickFixes(*a, line3, line3);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].title, "replace `xz` with `xs` [E0309]");
  EXPECT_EQ(Workspace::place(*a, fixes[0].fixit->range), (Place{"main.flyte", src.range()}));
  EXPECT_EQ(fixes[0].fixit->replacement, "xs");
  // The line above offers nothing.
  EXPECT_TRUE(quickFixes(*a, 0, 3).empty());
}

TEST(Formatting, OneEditForTheChangedLines) {
  std::string text = "task t() -> int {\n    image = \"x\"\n      script = \"echo 1 > {{.outputs.o0}}\"\n}\n";
  std::optional<std::vector<TextEdit>> edits = formattingEdits("/tmp/t.flyte", text);
  ASSERT_TRUE(edits.has_value());
  ASSERT_EQ(edits->size(), 1u);
  EXPECT_EQ((*edits)[0].range.start.line, 1);
  EXPECT_EQ((*edits)[0].range.end.line, 3);
  EXPECT_EQ((*edits)[0].newText, "    image  = \"x\"\n    script = \"echo 1 > {{.outputs.o0}}\"\n");
}

TEST(Formatting, NoEditsWhenCanonicalNoneWhenItDoesNotParse) {
  std::optional<std::vector<TextEdit>> same = formattingEdits("/tmp/t.flyte", "enum Color { red, green }\n");
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(same->empty());
  EXPECT_FALSE(formattingEdits("/tmp/t.flyte", "task (").has_value());
}

}  // namespace
}  // namespace flytec::lsp::test
