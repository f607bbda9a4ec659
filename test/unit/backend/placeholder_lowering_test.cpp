// Unit tests of placeholder lowering (backend/placeholder_lowering.h): each
// form of spec §6's "lowered to" column, Flyte's spelling variants, and the
// text that must pass through unchanged.
#include "backend/placeholder_lowering.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace flytec;
using namespace flytec::backend;
using idl::LiteralType;

namespace {

using Ctx = PlaceholderContext;

Ctx taskCtx() {
  Ctx c;
  c.types.emplace("n", LiteralType::integer());
  c.types.emplace("f", LiteralType::file());
  c.types.emplace("d", LiteralType::dir());
  c.types.emplace("xs", LiteralType::list(LiteralType::integer()));
  c.types.emplace("m", LiteralType::dict(LiteralType::string()));
  c.types.emplace("s", LiteralType::structOf("S", std::nullopt));
  return c;
}

}  // namespace

TEST(PlaceholderLowering, OutputsAndDirectories) {
  Ctx c = taskCtx();
  EXPECT_EQ(lowerPlaceholders("x > {{.outputs.o0}}", c), "x > /var/outputs/o0");
  EXPECT_EQ(lowerPlaceholders("{{.outputDir}}/_ERROR", c), "/var/outputs/_ERROR");
  EXPECT_EQ(lowerPlaceholders("cat {{.inputs}}", c), "cat /var/inputs/inputs.json");
}

TEST(PlaceholderLowering, PathTypedInputsBecomePaths) {
  Ctx c = taskCtx();
  EXPECT_EQ(lowerPlaceholders("{{.inputs.f}} {{.inputs.d}} {{.inputs.xs}} {{.inputs.m}} {{.inputs.s}}", c),
            "/var/inputs/f /var/inputs/d /var/inputs/xs /var/inputs/m /var/inputs/s");
}

TEST(PlaceholderLowering, ScalarInputsAreKept) {
  Ctx c = taskCtx();
  EXPECT_EQ(lowerPlaceholders("echo {{.inputs.n}}", c), "echo {{.inputs.n}}");
  EXPECT_FALSE(hasFlytecPlaceholder("echo {{.inputs.n}}", c));
}

TEST(PlaceholderLowering, FlyteSpellingVariants) {
  Ctx c = taskCtx();
  EXPECT_EQ(lowerPlaceholders("{{ .Inputs.f }}", c), "/var/inputs/f");
  EXPECT_EQ(lowerPlaceholders("{{$inputs.f}}", c), "/var/inputs/f");
  EXPECT_EQ(lowerPlaceholders("{{ .OUTPUTS.o0 }}", c), "/var/outputs/o0");
  EXPECT_EQ(lowerPlaceholders("{{.OutputDir}}", c), "/var/outputs");
}

TEST(PlaceholderLowering, FlyteOwnPlaceholdersPassThrough) {
  Ctx c = taskCtx();
  for (const char* s : {"{{.input}}", "{{.outputPrefix}}", "{{.rawOutputDataPrefix}}", "{{.perRetryUniqueKey}}",
                        "{{ not a placeholder }}", "{{.inputs.unknown}}", "{{", "}}{{"}) {
    EXPECT_EQ(lowerPlaceholders(s, c), s) << s;
  }
}

TEST(PlaceholderLowering, MappedInputsArePerElement) {
  Ctx c;
  c.types.emplace("f", LiteralType::list(LiteralType::file()));
  c.types.emplace("n", LiteralType::list(LiteralType::integer()));
  c.types.emplace("bound", LiteralType::list(LiteralType::integer()));
  c.mapped = {"f", "n"};
  EXPECT_EQ(lowerPlaceholders("cat {{.inputs.f}}", c), "cat /var/inputs/f/${FLYTE_K8S_ARRAY_INDEX}");
  EXPECT_EQ(lowerPlaceholders("echo {{.inputs.n}}", c), "echo {{.inputs.n}}");
  EXPECT_EQ(lowerPlaceholders("ls {{.inputs.bound}}", c), "ls /var/inputs/bound");
}

TEST(PlaceholderLowering, DetectsSurvivors) {
  Ctx c = taskCtx();
  EXPECT_TRUE(hasFlytecPlaceholder("{{.outputs.o0}}", c));
  EXPECT_TRUE(hasFlytecPlaceholder("{{.outputDir}}", c));
  EXPECT_TRUE(hasFlytecPlaceholder("{{.inputs}}", c));
  EXPECT_TRUE(hasFlytecPlaceholder("{{.inputs.f}}", c));
  EXPECT_FALSE(hasFlytecPlaceholder("/var/inputs/f {{.input}}", c));
}
