// Incremental rule checks (typecheck/rule_check_cache.h) through the one
// pipeline the editor uses: a source is checked, edited and checked again
// with the same cache. After every edit the diagnostics must equal a fresh
// check of the new text (locations, notes and fix-its included), and only
// the declarations whose inputs changed may be checked again. Each case is
// data: the sources before, the edit, and how many declarations the second
// check may run the rules on. The random-edit comparison with `flytec check`
// over the corpus is test/consistency/random-edits.test.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "compilation/compilation.h"
#include "private_directory.h"

namespace flytec::compilation {
namespace {

/// pick's `.inputs` is a warning (W0413) only while w maps pick; read's
/// struct input is an error (E0317) only while Sample has a `file` field.
const char* kMain = R"(import "lib.flyte"

struct Sample { name: str, size: int }

task read(s: Sample) -> int {
    image  = "debian:bookworm-slim"
    script = "echo 1 > {{.outputs.o0}}"
}

task pick(x: int) -> int {
    image  = "debian:bookworm-slim"
    script = "jq .x {{.inputs}} > {{.outputs.o0}}"
}

task lone(x: int) -> int {
    image   = "debian:bookworm-slim"
    script  = "echo {{.inputs.x}} > {{.outputs.o0}}"
    retries = 1
}

workflow w(xs: list[int], s: Sample) -> (a: list[int], b: int) {
    a = map(pick)(x = xs)
    b = read(s = s)
    u = lib.side(x = 1)
    return (a = a, b = b)
}
)";

/// No output yet: node `u` above has nothing to leave unread.
const char* kLib = R"(task side(x: int) {
    image  = "debian:bookworm-slim"
    script = "echo {{.inputs.x}}"
}
)";

struct Edit {
  const char* name;
  const char* file;     ///< "main.flyte" or "lib.flyte"
  const char* from;     ///< replaced once (empty: insert at the start)
  const char* to;
  unsigned checked;     ///< declarations the second check runs the rules on
  const char* expected; ///< a code the second check reports (empty: none asked)
};

const Edit kEdits[] = {
    {"inside one task: that task alone", "main.flyte", "retries = 1", "retries = 2", 1, "W0413"},
    {"a line above everything: nothing, every location moves", "main.flyte", "", "# moved\n", 0, "W0413"},
    {"a struct: its users, what they use and their users", "main.flyte", "size: int", "size: file", 4, "E0317"},
    // Every declaration w reaches, lone now too, and pick, which w no
    // longer maps: its W0413 must go although its text did not change.
    {"a workflow: all it reaches, and the task it stopped mapping", "main.flyte", "map(pick)", "map(lone)", 5, ""},
    // Not lone, which nothing uses. lib's own declarations are not checked.
    {"an imported task: the workflow calling it and all it reaches", "lib.flyte", "task side(x: int) {",
     "task side(x: int) -> int {", 4, "W0706"},
    {"nothing: nothing", "main.flyte", "", "", 0, "W0413"},
};

class IncrementalChecksTest : public ::testing::TestWithParam<Edit> {
 protected:
  // The files are never written: the overlay answers (an editor's buffers).
  void SetUp() override { files_ = {{dir_ + "/main.flyte", kMain}, {dir_ + "/lib.flyte", kLib}}; }

  /// Checks main.flyte as the editor does; `cache` null: a fresh check.
  /// Each diagnostic rendered with every location as line:column.
  std::vector<std::string> check(tc::RuleCheckCache* cache, std::optional<std::string> cpuCap = std::nullopt) {
    CompilationOptions options;
    options.overlay = [this](const std::string& path) -> std::optional<std::string> {
      auto it = files_.find(path);
      return it == files_.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    options.recordNames = true;
    options.rootDiagnosticsOnly = true;
    options.ruleCache = cache;
    options.caps.cpu = cpuCap;
    Compilation c(std::move(options));
    c.checkSources({dir_ + "/main.flyte"});
    c.diagnostics().sortByLocation(c.sourceManager());
    std::vector<std::string> out;
    auto at = [&](llvm::SMRange r) {
      if (!r.isValid()) return std::string("-");
      auto [l1, c1] = c.sourceManager().getLineAndColumn(r.Start);
      auto [l2, c2] = c.sourceManager().getLineAndColumn(r.End);
      return std::to_string(l1) + ":" + std::to_string(c1) + "-" + std::to_string(l2) + ":" + std::to_string(c2);
    };
    for (const Diagnostic& d : c.diagnostics().diagnostics()) {
      std::string line = std::string(d.id()) + " " + at(d.range) + " " + d.message;
      for (const DiagNote& n : d.notes) line += " | " + at(n.range) + " " + n.message;
      for (const FixIt& f : d.fixits) line += " | fix " + at(f.range) + " " + f.replacement;
      out.push_back(line);
    }
    return out;
  }

  static bool reports(const std::vector<std::string>& diags, const std::string& code) {
    for (const std::string& d : diags)
      if (d.rfind(code + " ", 0) == 0) return true;
    return false;
  }

  PrivateDirectory scratch_{"incremental-test"};
  const std::string dir_ = scratch_.path();
  std::map<std::string, std::string> files_;
};

TEST_P(IncrementalChecksTest, SameAsAFreshCheckAndOnlyWhatChanged) {
  const Edit& edit = GetParam();
  tc::RuleCheckCache cache;
  EXPECT_EQ(check(&cache), check(nullptr));
  EXPECT_EQ(cache.lastCounts().checked, 5u);  // Sample, read, pick, lone, w

  std::string& text = files_.at(dir_ + "/" + edit.file);
  size_t at = std::string_view(edit.from).empty() ? 0 : text.find(edit.from);
  ASSERT_NE(at, std::string::npos) << edit.from;
  text.replace(at, std::string_view(edit.from).size(), edit.to);

  std::vector<std::string> incremental = check(&cache);
  tc::RuleCheckCounts counts = cache.lastCounts();
  std::vector<std::string> fresh = check(nullptr);
  EXPECT_EQ(incremental, fresh);
  EXPECT_FALSE(counts.wholeProgram);
  EXPECT_EQ(counts.checked, edit.checked);
  EXPECT_EQ(counts.checked + counts.reused, 5u);
  if (*edit.expected) EXPECT_TRUE(reports(fresh, edit.expected)) << edit.expected;
}

INSTANTIATE_TEST_SUITE_P(Edits, IncrementalChecksTest, ::testing::ValuesIn(kEdits),
                         [](const ::testing::TestParamInfo<Edit>& info) { return std::to_string(info.index); });

// Structs in a cycle (an error) resolve to types that depend on which struct
// of the cycle the checker reaches first: here S0, which nothing the task
// reads names, decides whether S1's field `f` still has S2's `file` field
// (E0317 on `read`). So a cycle checks everything.
TEST_F(IncrementalChecksTest, StructCycleChecksEverything) {
  std::string& text = files_.at(dir_ + "/main.flyte");
  text.replace(text.find("struct Sample { name: str, size: int }"), 38,
               "struct S1 { f: S2 }\nstruct S2 { g: S1, h: file }\nstruct Sample { name: str, s: S1 }");
  tc::RuleCheckCache cache;
  EXPECT_EQ(check(&cache), check(nullptr));
  text.insert(text.find("struct S1"), "struct S0 { x: S2 }\n");
  EXPECT_EQ(check(&cache), check(nullptr));
  EXPECT_TRUE(cache.lastCounts().wholeProgram);
}

TEST_F(IncrementalChecksTest, AnotherConfigurationChecksEverything) {
  tc::RuleCheckCache cache;
  check(&cache);
  std::vector<std::string> capped = check(&cache, "1");
  EXPECT_EQ(cache.lastCounts().checked, 5u);
  EXPECT_EQ(capped, check(nullptr, "1"));
  check(&cache, "1");
  EXPECT_EQ(cache.lastCounts().checked, 0u);
}

}  // namespace
}  // namespace flytec::compilation
