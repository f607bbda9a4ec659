// Hover (hover.h) on inline sources: `^` is the cursor, `[[ ]]` the hovered
// name the answer's range must cover; the Markdown is compared whole.
#include <gtest/gtest.h>

#include "hover.h"
#include "workspace.h"

namespace flytec::lsp::test {
namespace {

constexpr const char* kSource = R"(
## Squares one number.
task square(x: int) -> int {
    image   = "debian:bookworm-slim"
    script  = "echo {{.inputs.x}} > {{.outputs.o0}}"
    retries = 2
}
workflow w(n: int, xs: list[int]) -> int {
    a = square(x = n)
    m = map(square)(x = xs)
    return a
}
)";

/// Hover at the `^` of `marked`; checks the range against its `[[ ]]`.
std::string hoverAt(const std::string& marked) {
  Workspace ws;
  Annotations src(marked);
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::optional<HoverResult> h = hover(*a, src.point());
  if (!h) return "<none>";
  EXPECT_EQ(Workspace::place(*a, h->range), (Place{"main.flyte", src.range()}));
  return h->markdown;
}

/// kSource with `^[[` ... `]]` around the first `name` after `after`.
std::string marked(const std::string& after, const std::string& name) {
  std::string s = kSource;
  size_t at = s.find(name, s.find(after));
  return s.substr(0, at) + "[[^" + name + "]]" + s.substr(at + name.size());
}

TEST(Hover, TaskShowsSignatureDocAndFields) {
  EXPECT_EQ(hoverAt(marked("a = ", "square")),
            "```flyte\ntask square(x: int) -> int\n```\n\nSquares one number.\n\n- `retries` = `2`\n");
}

TEST(Hover, ArgumentNameIsTheInputWithItsFlyteType) {
  EXPECT_EQ(hoverAt(marked("a = square(", "x")), "```flyte\ninput x: int\n```\n\ninput of `square`\n");
}

TEST(Hover, MapNodeShowsListOutputsAndTheTask) {
  EXPECT_EQ(hoverAt(marked("    m", "m")),
            "```flyte\nnode m -> (o0: list[int])\n```\n\ncalls `task square(x: int) -> int`\n");
}

TEST(Hover, WorkflowInputUse) {
  EXPECT_EQ(hoverAt(marked("x = xs", "xs")), "```flyte\ninput xs: list[int]\n```\n\ninput of `w`\n");
}

TEST(Hover, NothingOffANameOrOnAnUnknownOne) {
  EXPECT_EQ(hoverAt("work^flow w() {\n}\n"), "<none>");
  EXPECT_EQ(hoverAt("workflow w(n: int) -> int {\n    a = nosuch^task(x = n)\n    return a\n}\n"), "<none>");
}

}  // namespace
}  // namespace flytec::lsp::test
