// A file whose text is what its parse cache last parsed cleanly is taken
// whole (parse_cache.h, ParseCache::sameFile): the next check's SourceMgr
// views the same bytes, the module holds the same declaration trees, and a
// check that holds an earlier snapshot still reads it after the file
// changed. Checked through loadModuleGraph, as the language server loads.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "frontend/ast_dump.h"
#include "frontend/module_graph.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {
namespace {

const std::string kMain = R"(import "lib.flyte"

workflow w(x: int) -> int {
    a = lib.square(x = x)
    return a
}
)";

const std::string kLib = R"(## Squares one number.
task square(x: int) -> int {
    image  = "debian:bookworm-slim"
    script = """echo $(( {{.inputs.x}} * {{.inputs.x}} )) > {{.outputs.o0}}"""
}
)";

/// One check's load: its own SourceMgr and engine, as a snapshot has.
struct Snapshot {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ModuleGraph graph;

  const Module& module(const std::string& stem) const {
    for (const auto& m : graph.modules)
      if (m->stem == stem) return *m;
    throw std::runtime_error("no module " + stem);
  }
  std::string dump(const std::string& stem) const {
    std::string out;
    llvm::raw_string_ostream os(out);
    dumpAst(*module(stem).ast, sm, os);
    return os.str();
  }
};

/// In-memory files under a directory that does not exist, each with a cache.
class Workspace {
 public:
  std::map<std::string, std::string> texts{{"/nonexistent/ws/main.flyte", kMain},
                                           {"/nonexistent/ws/lib.flyte", kLib}};

  std::unique_ptr<Snapshot> check() {
    auto s = std::make_unique<Snapshot>();
    ReparseOptions reparse;
    reparse.cacheFor = [this](const std::string& path) { return &caches_[path]; };
    SourceOverlay overlay = [this](const std::string& path) -> std::optional<std::string> {
      auto it = texts.find(path);
      if (it == texts.end()) return std::nullopt;
      return it->second;
    };
    s->graph = loadModuleGraph(s->sm, s->diags, {"/nonexistent/ws/main.flyte"}, overlay, {}, &reparse);
    return s;
  }

 private:
  std::map<std::string, ParseCache> caches_;
};

TEST(UnchangedFile, IsTakenWholeWithTheSameBytesAndTrees) {
  Workspace ws;
  std::unique_ptr<Snapshot> first = ws.check();
  ASSERT_EQ(first->diags.diagnostics().size(), 0u) << "the sample must load cleanly";
  EXPECT_EQ(first->graph.parseCounts.filesUnchanged, 0u);

  std::unique_ptr<Snapshot> second = ws.check();
  EXPECT_EQ(second->graph.parseCounts.filesUnchanged, 2u);
  EXPECT_EQ(second->graph.parseCounts.parsed, 0u);
  const Module& lib1 = first->module("lib");
  const Module& lib2 = second->module("lib");
  EXPECT_EQ(lib2.ast->decls.front().get(), lib1.ast->decls.front().get()) << "the tree is shared, not copied";
  EXPECT_EQ(second->sm.getMemoryBuffer(lib2.ast->bufferId)->getBufferStart(),
            first->sm.getMemoryBuffer(lib1.ast->bufferId)->getBufferStart())
      << "the SourceMgr views the bytes the tree points into";
  EXPECT_EQ(second->dump("lib"), first->dump("lib"));
  EXPECT_EQ(second->dump("main"), first->dump("main"));
  ASSERT_EQ(second->module("main").imports.size(), 1u);
  EXPECT_EQ(second->module("main").imports.front().target, &lib2);
}

TEST(UnchangedFile, AChangedFileIsParsedAndEarlierSnapshotsStayValid) {
  Workspace ws;
  std::unique_ptr<Snapshot> first = ws.check();
  std::string firstLib = first->dump("lib");
  ws.texts["/nonexistent/ws/lib.flyte"] = "\n\n" + kLib;  // the task moves down two lines
  std::unique_ptr<Snapshot> second = ws.check();
  EXPECT_EQ(second->graph.parseCounts.filesUnchanged, 1u) << "main.flyte only";
  EXPECT_NE(second->dump("lib"), firstLib) << "the new text's ranges, not the cached ones";
  EXPECT_NE(second->dump("lib").find("Task square doc=\"Squares one number.\" <4:1-7:2>"), std::string::npos)
      << second->dump("lib");

  // The first snapshot's bytes and trees are its own: the cache has moved
  // on (and dropped the bytes it kept), the snapshot still reads them.
  std::unique_ptr<Snapshot> third = ws.check();
  EXPECT_EQ(third->graph.parseCounts.filesUnchanged, 2u);
  EXPECT_EQ(first->dump("lib"), firstLib);
  EXPECT_EQ(third->dump("lib"), second->dump("lib"));
}

TEST(UnchangedFile, AFileWithADiagnosticIsParsedAgainAndReportsItAgain) {
  Workspace ws;
  ws.texts["/nonexistent/ws/lib.flyte"] = kLib + "task broken( {\n";
  std::unique_ptr<Snapshot> first = ws.check();
  size_t reported = first->diags.diagnostics().size();
  ASSERT_GT(reported, 0u);
  std::unique_ptr<Snapshot> second = ws.check();
  EXPECT_EQ(second->graph.parseCounts.filesUnchanged, 1u) << "main.flyte only";
  EXPECT_EQ(second->diags.diagnostics().size(), reported);
}

}  // namespace
}  // namespace flytec
