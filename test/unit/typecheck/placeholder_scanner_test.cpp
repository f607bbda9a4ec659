// Placeholder scanning (typecheck/placeholder_scanner.h): flytec's four forms
// with Flyte's spacing, case and `$` variants, exact names, and everything
// else as passthrough, with byte ranges the lowering can rewrite.
#include "typecheck/placeholder_scanner.h"

#include <gtest/gtest.h>

namespace flytec::tc {
namespace {

TEST(PlaceholderScanner, OwnForms) {
  std::string t = "a {{.inputs.x}} b {{.inputs}} {{.outputs.o0}} {{.outputDir}}";
  auto ps = scanPlaceholders(t);
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].kind, PlaceholderKind::Input);
  EXPECT_EQ(ps[0].name, "x");
  EXPECT_EQ(t.substr(ps[0].begin, ps[0].end - ps[0].begin), "{{.inputs.x}}");
  EXPECT_EQ(t.substr(ps[0].nameBegin, ps[0].nameEnd - ps[0].nameBegin), "x");
  EXPECT_EQ(ps[1].kind, PlaceholderKind::Inputs);
  EXPECT_EQ(ps[2].kind, PlaceholderKind::Output);
  EXPECT_EQ(ps[2].name, "o0");
  EXPECT_EQ(ps[3].kind, PlaceholderKind::OutputDir);
  EXPECT_EQ(ps[3].canonical(), "{{.outputDir}}");
}

TEST(PlaceholderScanner, FlyteVariants) {
  for (std::string t : {"{{ .Inputs.x }}", "{{$inputs.x}}", "{{.INPUTS.x}}", "{{\t.inputs.x\n}}"}) {
    auto ps = scanPlaceholders(t);
    ASSERT_EQ(ps.size(), 1u) << t;
    EXPECT_EQ(ps[0].kind, PlaceholderKind::Input) << t;
    EXPECT_EQ(ps[0].name, "x") << t;
    EXPECT_EQ(ps[0].canonical(), "{{.inputs.x}}") << t;
    EXPECT_EQ(ps[0].end, t.size()) << t;
  }
  // The name is kept as written: Flyte looks it up exactly.
  EXPECT_EQ(scanPlaceholders("{{.inputs.X}}")[0].name, "X");
  EXPECT_EQ(scanPlaceholders("{{ .outputdir }}")[0].kind, PlaceholderKind::OutputDir);
}

TEST(PlaceholderScanner, Passthrough) {
  for (std::string t : {"{{.input}}", "{{.outputPrefix}}", "{{.rawOutputDataPrefix}}", "{{ jinja }}",
                        "{{.input.x}}", "{{.inputs. x}}"}) {
    auto ps = scanPlaceholders(t);
    ASSERT_EQ(ps.size(), 1u) << t;
    EXPECT_EQ(ps[0].kind, PlaceholderKind::Passthrough) << t;
  }
  auto ps = scanPlaceholders("{{.input.x}}");
  EXPECT_EQ(ps[0].head, "input");
  EXPECT_EQ(ps[0].member, "x");
  EXPECT_TRUE(scanPlaceholders("{{ no close").empty());
  EXPECT_TRUE(scanPlaceholders("${x} {x}").empty());
}

TEST(PlaceholderScanner, LeftmostMatchInsideBraces) {
  std::string t = "{{{.inputs.x}}}";
  auto ps = scanPlaceholders(t);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].kind, PlaceholderKind::Input);
  EXPECT_EQ(ps[0].begin, 1u);
  EXPECT_EQ(ps[0].end, 14u);
}

}  // namespace
}  // namespace flytec::tc
