// Completion (completion.h) on inline sources: `^` is the cursor; the
// labels offered are compared as a list (their order is the server's).
#include <gtest/gtest.h>

#include "completion.h"
#include "workspace.h"

namespace flytec::lsp::test {
namespace {

constexpr const char* kTasks = R"(
task square(x: int, scale: int = 1) -> int {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}} > {{.outputs.o0}}"
}
task pair(x: int) -> (lo: int, hi: int) {
    image  = "debian:bookworm-slim"
    script = "echo 1 > {{.outputs.lo}}; echo 2 > {{.outputs.hi}}"
}
)";

/// Labels offered at the `^` of `marked`, the snapshot being of the same text.
std::vector<std::string> labelsAt(const std::string& marked) {
  Workspace ws;
  Annotations src(marked);
  ws.add("main.flyte", src.code());
  auto a = ws.analyze("main.flyte");
  std::vector<std::string> out;
  for (const Completion& c : complete(*a, src.code(), src.point())) out.push_back(c.label);
  return out;
}

TEST(Completion, ArgumentsNotYetGiven) {
  EXPECT_EQ(labelsAt(std::string(kTasks) + "workflow w(n: int) -> int {\n    a = square(x = n, ^)\n    return a\n}\n"),
            std::vector<std::string>{"scale ="});
}

TEST(Completion, OutputsOfANode) {
  EXPECT_EQ(labelsAt(std::string(kTasks) + "workflow w(n: int) -> int {\n    p = pair(x = n)\n    return p.^\n}\n"),
            (std::vector<std::string>{"lo", "hi"}));
}

TEST(Completion, EntitiesLocalsAndSnippetsInAWorkflow) {
  EXPECT_EQ(labelsAt(std::string(kTasks) + "workflow w(n: int) -> int {\n    p = pair(x = n)\n    ^\n    return p.lo\n}\n"),
            (std::vector<std::string>{"square", "pair", "w", "n", "p", "map(", "partial("}));
}

TEST(Completion, ResourceKeys) {
  EXPECT_EQ(labelsAt("task t() {\n    requests = { ^ }\n}\n"),
            (std::vector<std::string>{"cpu", "mem", "gpu", "ephemeral_storage"}));
}

}  // namespace
}  // namespace flytec::lsp::test
