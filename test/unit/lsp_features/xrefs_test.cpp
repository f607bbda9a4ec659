// Definition and references (xrefs.h) on inline sources: `^` is the cursor,
// `[[ ]]` the range the answer must name. The names come from what the
// checker resolved (SemanticModel::names).
#include <gtest/gtest.h>

#include "workspace.h"
#include "xrefs.h"

namespace flytec::lsp::test {
namespace {

constexpr const char* kTask = R"(
task square(x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
)";

/// The definition of the name at the one `^` of `marked` (main.flyte).
std::vector<Place> definitionIn(Workspace& ws, const std::string& marked) {
  Annotations src(marked);
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<Place> out;
  for (llvm::SMRange r : definition(*a, src.point())) out.push_back(Workspace::place(*a, r));
  return out;
}

/// Expects the definition at `^` to be the one `[[ ]]` of `marked`.
void expectDefinition(const std::string& marked) {
  Workspace ws;
  Annotations src(marked);
  EXPECT_EQ(definitionIn(ws, marked), (std::vector<Place>{Place{"main.flyte", src.range()}})) << marked;
}

TEST(Definition, TaskFromACall) {
  expectDefinition(R"(
task [[square]](x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
workflow w(n: int) -> int {
    a = squ^are(x = n)
    return a
}
)");
}

TEST(Definition, NodeFromReturnAndArgument) {
  std::string tail = R"(workflow w(n: int) -> int {
    [[a]] = square(x = n)
    b = square(x = a^)
    return b
}
)";
  expectDefinition(std::string(kTask) + tail);
}

TEST(Definition, WorkflowInputFromAnArgument) {
  expectDefinition(std::string(kTask) + R"(workflow w([[n]]: int) -> int {
    a = square(x = ^n)
    return a
}
)");
}

TEST(Definition, ArgumentNameIsTheTaskInput) {
  expectDefinition(R"(
task square([[x]]: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
workflow w(n: int) -> int {
    a = square(^x = n)
    return a
}
)");
}

TEST(Definition, AfterNamesANode) {
  expectDefinition(std::string(kTask) + R"(workflow w(n: int) -> int {
    [[a]] = square(x = n)
    b = square(x = n) after ^a
    return b
}
)");
}

TEST(Definition, NodeOutput) {
  expectDefinition(R"(
task pair(x: int) -> ([[lo]]: int, hi: int) {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.lo}}; echo 1 > {{.outputs.hi}}"
}
workflow w(n: int) -> int {
    p = pair(x = n)
    return p.l^o
}
)");
}

TEST(Definition, StructTypeAndField) {
  std::string structs = R"(
struct [[Point]] { x: int, y: int }
task norm(p: Poi^nt) -> int {
    image  = "debian:bookworm-slim"
    script = "echo 1 > {{.outputs.o0}}"
}
)";
  expectDefinition(structs);
  expectDefinition(R"(
struct Point { [[x]]: int, y: int }
task norm(p: Point) -> int {
    image  = "debian:bookworm-slim"
    script = "echo 1 > {{.outputs.o0}}"
}
task inc(x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
workflow w(p: Point) -> int {
    a = inc(x = p.^x)
    return a
}
)");
}

TEST(Definition, EnumMember) {
  expectDefinition(R"(
enum Color { [[red]], green }
task paint(c: Color) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.c}} > {{.outputs.o0}}"
}
workflow w(c: Color = Color.r^ed) -> int {
    a = paint(c = c)
    return a
}
)");
}

TEST(Definition, LaunchPlanTargetAndDefault) {
  std::string wf = std::string(kTask) + R"(workflow [[w]](n: int) -> int {
    a = square(x = n)
    return a
}
launchplan nightly = ^w(n = 3)
)";
  expectDefinition(wf);
  expectDefinition(std::string(kTask) + R"(workflow w([[n]]: int) -> int {
    a = square(x = n)
    return a
}
launchplan nightly = w(^n = 3)
)");
}

TEST(Definition, AcrossAnImport) {
  Workspace ws;
  Annotations lib(std::string("## Squares.\ntask [[square]](x: int) -> int {\n") +
                  "    image  = \"debian:bookworm-slim\"\n    script = \"echo {{.inputs.x}} > {{.outputs.o0}}\"\n}\n");
  ws.add("lib.flyte", lib.code());
  EXPECT_EQ(definitionIn(ws, R"(import "lib.flyte"
workflow w(n: int) -> int {
    a = lib.squ^are(x = n)
    return a
}
)"),
            (std::vector<Place>{Place{"lib.flyte", lib.range()}}));
  // The qualifier names the import; its definition is the file's start.
  EXPECT_EQ(definitionIn(ws, R"(import "lib.flyte"
workflow w(n: int) -> int {
    a = l^ib.square(x = n)
    return a
}
)"),
            (std::vector<Place>{Place{"lib.flyte", {0, 0}}}));
}

TEST(Definition, NothingOnAKeywordOrAnUnknownName) {
  Workspace ws;
  EXPECT_TRUE(definitionIn(ws, std::string(kTask) + "work^flow w(n: int) -> int {\n    a = square(x = n)\n    return a\n}\n").empty());
  // An unknown name resolves to nothing: the checker reported E0201, and
  // there is no second resolver to guess.
  EXPECT_TRUE(definitionIn(ws, "workflow w(n: int) -> int {\n    a = squ^aer(x = n)\n    return a\n}\n").empty());
}

TEST(References, NodeDeclarationFirstThenUses) {
  Workspace ws;
  Annotations src(std::string(kTask) + R"(workflow w(n: int) -> int {
    [[a^]] = square(x = n)
    b = square(x = [[a]]) after [[a]]
    return [[a]]
}
)");
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<Place> want;
  for (ByteRange r : src.ranges()) want.push_back({"main.flyte", r});
  std::vector<Place> got;
  for (llvm::SMRange r : references(*a, src.point(), true)) got.push_back(Workspace::place(*a, r));
  EXPECT_EQ(got, want);
  got.clear();
  for (llvm::SMRange r : references(*a, src.point(), false)) got.push_back(Workspace::place(*a, r));
  EXPECT_EQ(got, std::vector<Place>(want.begin() + 1, want.end()));
}

TEST(References, TaskAcrossTypesOfUse) {
  Workspace ws;
  Annotations src(R"(
task [[square]](x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
workflow w(n: int, xs: list[int]) -> int {
    a = [[squ^are]](x = n)
    m = map([[square]])(x = xs)
    return a
}
)");
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<Place> got;
  for (llvm::SMRange r : references(*a, src.point(), true)) got.push_back(Workspace::place(*a, r));
  std::vector<Place> want;
  for (ByteRange r : src.ranges()) want.push_back({"main.flyte", r});
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace flytec::lsp::test
