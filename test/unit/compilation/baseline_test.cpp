// Baseline fingerprints and matching (compilation/baseline.h) on diagnostics
// made in memory: no line in the fingerprint, multiset matching, relative
// paths, and a round trip through the file with a deterministic order.
// The command-line behaviour is test/driver/baseline.test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "compilation/baseline.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {
namespace {

struct Fixture {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  const char* text = nullptr;

  explicit Fixture(const std::string& source, const std::string& name = "/base/src/a.flyte") {
    unsigned id = sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(source, name), llvm::SMLoc());
    text = sm.getMemoryBuffer(id)->getBufferStart();
  }
  void add(DiagCode code, size_t offset, const std::string& entity, const std::string& node) {
    llvm::SMLoc at = llvm::SMLoc::getFromPointer(text + offset);
    diags.add(code, llvm::SMRange(at, at), "", "msg");
    diags.diagnostics().back().entity = entity;
    diags.diagnostics().back().node = node;
  }
};

TEST(Baseline, FingerprintHasNoLineAndARelativePath) {
  Fixture a("x\ny\nz\n");
  a.add(DiagCode::W0409, 0, "w", "a");
  a.add(DiagCode::W0409, 4, "w", "a");  // two lines further down
  BaselineEntry first = fingerprint(a.diags.diagnostics()[0], BufferLocator(a.sm), "/base");
  BaselineEntry second = fingerprint(a.diags.diagnostics()[1], BufferLocator(a.sm), "/base");
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.file, "src/a.flyte");
  EXPECT_EQ(fingerprint(a.diags.diagnostics()[0], BufferLocator(a.sm), "/elsewhere").file, "/base/src/a.flyte");
}

TEST(Baseline, MultisetMatching) {
  Fixture a("abcdef\n");
  for (int i = 0; i < 3; ++i) a.add(DiagCode::E0201, i, "w", "b");
  a.add(DiagCode::W0409, 4, "w", "a");
  std::vector<BaselineEntry> base(2, fingerprint(a.diags.diagnostics()[0], BufferLocator(a.sm), "/base"));
  EXPECT_EQ(applyBaseline(a.diags, base, a.sm, "/base"), 2u);
  ASSERT_EQ(a.diags.diagnostics().size(), 2u);
  EXPECT_EQ(a.diags.errorCount(), 1u);  // recounted over what is left
  EXPECT_EQ(a.diags.warningCount(), 1u);
}

TEST(Baseline, OtherNodeIsANewFinding) {
  Fixture a("abc\n");
  a.add(DiagCode::W0409, 0, "w", "a");
  std::vector<BaselineEntry> base{fingerprint(a.diags.diagnostics()[0], BufferLocator(a.sm), "/base")};
  base[0].node = "c";
  EXPECT_EQ(applyBaseline(a.diags, base, a.sm, "/base"), 0u);
}

TEST(Baseline, RoundTripIsSortedAndDeterministic) {
  Fixture a("abcdef\n");
  a.add(DiagCode::W0409, 3, "w", "b");
  a.add(DiagCode::E0201, 1, "w", "a");
  auto dir = std::filesystem::temp_directory_path() / ("flytec-baseline-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "b.json").string(), error;
  ASSERT_TRUE(writeBaseline(path, a.diags.diagnostics(), a.sm, "/base", &error)) << error;
  std::reverse(a.diags.diagnostics().begin(), a.diags.diagnostics().end());
  std::string path2 = (dir / "c.json").string();
  ASSERT_TRUE(writeBaseline(path2, a.diags.diagnostics(), a.sm, "/base", &error)) << error;
  auto slurp = [](const std::string& p) { std::stringstream s; s << std::ifstream(p).rdbuf(); return s.str(); };
  EXPECT_EQ(slurp(path), slurp(path2));
  auto read = readBaseline(path, &error);
  ASSERT_TRUE(read) << error;
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].node, "a");
  EXPECT_EQ((*read)[1].node, "b");
  EXPECT_FALSE(writeBaseline((dir / "missing" / "x.json").string(), {}, a.sm, "/base", &error));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace flytec
