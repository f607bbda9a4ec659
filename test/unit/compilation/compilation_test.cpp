// compilation::Compilation: the configuration is read once per compilation
// (sources and packages of one command see the same caps), files come from
// the overlay before the disk, semantic diagnostics only after a clean parse
// (the editor's model is built anyway, silently), and lowering happens only
// without errors. End-to-end agreement of the entry points is
// test/consistency/; this is the object's own contract.
#include "compilation/compilation.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "llvm/Support/FileSystem.h"
#include "private_directory.h"

namespace flytec::compilation {
namespace {

/// A task asking for 4 CPUs: E0505 under a cap of 2, clean without caps.
const char* kFourCpus = R"(task t() {
    image    = "debian:bookworm-slim"
    command  = ["true"]
    requests = { cpu = "4" }
}
)";

class CompilationTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    llvm::sys::fs::create_directories(llvm::StringRef(path).rsplit('/').first);
    std::ofstream(path) << text;
    return path;
  }

  static std::vector<std::string> codes(const Compilation& c) {
    std::vector<std::string> out;
    for (const Diagnostic& d : c.diagnostics().diagnostics()) out.emplace_back(d.id());
    return out;
  }

  PrivateDirectory scratch_{"compilation-test"};
  const std::string dir_ = scratch_.path();
};

TEST_F(CompilationTest, CapsComeFromTheNearestFlytecToml) {
  write("flytec.toml", "[cluster.task_resources.limits]\ncpu = \"2\"\n");
  Compilation c;
  CheckedProgram checked = c.checkSources({write("a.flyte", kFourCpus)});
  ASSERT_NE(c.config(), nullptr);
  EXPECT_EQ(c.config()->path, dir_ + "/flytec.toml");
  EXPECT_NE(checked.profile, nullptr);
  EXPECT_EQ(codes(c), std::vector<std::string>{"E0505"});
}

TEST_F(CompilationTest, ConfigurationIsReadOnceForTheWholeCompilation) {
  write("capped/flytec.toml", "[cluster.task_resources.limits]\ncpu = \"2\"\n");
  std::string free = write("free/a.flyte", kFourCpus);
  Compilation c;
  c.configure({dir_ + "/capped"});
  c.checkSources({free});  // no flytec.toml of its own: the configured caps apply
  EXPECT_EQ(codes(c), std::vector<std::string>{"E0505"});
}

TEST_F(CompilationTest, FlagsBeatTheFile) {
  write("flytec.toml", "[cluster.task_resources.limits]\ncpu = \"2\"\n");
  CompilationOptions options;
  options.caps.cpu = "8";
  Compilation c(std::move(options));
  c.checkSources({write("a.flyte", kFourCpus)});
  // No E0505 against the flag's 8; the file's profile still clamps the request.
  EXPECT_EQ(codes(c), std::vector<std::string>{"W1103"});
}

TEST_F(CompilationTest, OverlayIsReadBeforeTheDisk) {
  std::string path = write("a.flyte", "this is not flyte");
  CompilationOptions options;
  options.overlay = [&](const std::string& key) -> std::optional<std::string> {
    if (key == path) return std::string(kFourCpus);
    return std::nullopt;
  };
  Compilation c(std::move(options));
  CheckedProgram checked = c.checkSources({path});
  EXPECT_TRUE(codes(c).empty());
  EXPECT_NE(checked.model, nullptr);
}

TEST_F(CompilationTest, SyntaxErrorsStopTheChecksAndTheEditorStillGetsAModel) {
  std::string path = write("a.flyte", std::string(kFourCpus) + "workflow w( {\n");
  write("flytec.toml", "[cluster.task_resources.limits]\ncpu = \"2\"\n");
  Compilation cli;
  EXPECT_EQ(cli.checkSources({path}).model, nullptr);
  CompilationOptions options;
  options.modelDespiteErrors = true;
  Compilation editor(std::move(options));
  EXPECT_NE(editor.checkSources({path}).model, nullptr);
  // The same diagnostics: the syntax errors, not the cap (E0505).
  EXPECT_EQ(codes(cli), codes(editor));
  for (const std::string& code : codes(editor)) EXPECT_EQ(code.substr(0, 3), "E01");
}

TEST_F(CompilationTest, LowersOnlyWithoutErrors) {
  backend::LowerOptions lower;
  Compilation clean;
  LoweredSource ok = clean.lowerToPackage(write("ok/a.flyte", kFourCpus), lower);
  ASSERT_TRUE(ok.package.has_value());
  EXPECT_FALSE(ok.package->entries.empty());

  write("capped/flytec.toml", "[cluster.task_resources.limits]\ncpu = \"2\"\n");
  Compilation capped;
  LoweredSource refused = capped.lowerToPackage(write("capped/a.flyte", kFourCpus), lower);
  EXPECT_FALSE(refused.package.has_value());
  EXPECT_FALSE(refused.checked.usageProblem());
}

TEST_F(CompilationTest, MalformedFlytecTomlIsAUsageProblem) {
  write("flytec.toml", "[cluster.task_resources.limits]\ncpus = \"2\"\n");
  Compilation c;
  CheckedProgram checked = c.checkSources({write("a.flyte", kFourCpus)});
  EXPECT_TRUE(checked.usageProblem());
  EXPECT_EQ(checked.model, nullptr);
  EXPECT_EQ(codes(c), std::vector<std::string>{"E0013"});
}

}  // namespace
}  // namespace flytec::compilation
