// Whole-package properties of lowering, over every fixture under
// test/lower/Inputs/: each entry parses back as its message type with the
// same bytes; every reference (task, map variant, sub-workflow, launch plan,
// a launch plan's workflow) resolves within the package and to an entry
// before the one that uses it; sub-workflow templates are in sub_workflows;
// no flytec placeholder survives in any container; lowering and archiving
// are deterministic.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "backend/lower.h"
#include "backend/package_writer.h"
#include "backend/placeholder_lowering.h"
#include "frontend/module_graph.h"
#include "idl/serialize.h"
#include "idl/type_conversion.h"
#include "llvm/Support/SourceMgr.h"
#include "typecheck/semantic_model.h"

using namespace flytec;
namespace fp = flyteidl;

namespace {

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(FLYTEC_SOURCE_DIR "/test/lower/Inputs"))
    if (e.path().extension() == ".flyte") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

idl::Package compile(const std::string& path) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ModuleGraph program = loadModuleGraph(sm, diags, {path});
  auto model = tc::analyze(program, diags, tc::CheckOptions{});
  EXPECT_FALSE(diags.hasErrors()) << path;
  auto pkg = backend::lowerProgram(*model, backend::LowerOptions{}, diags);
  EXPECT_TRUE(pkg.has_value());
  return pkg ? *pkg : idl::Package{};
}

using Ctx = backend::PlaceholderContext;

}  // namespace

TEST(Package, EntriesRoundTrip) {
  for (const std::string& f : fixtures()) {
    idl::Package pkg = compile(f);
    ASSERT_FALSE(pkg.entries.empty()) << f;
    for (const idl::PackageEntry& e : pkg.entries) {
      EXPECT_EQ(idl::entryKindFromFileName(e.fileName), e.kind) << e.fileName;
      std::string bytes = std::visit([](const auto& m) { return idl::serializeDeterministic(m); }, e.spec);
      std::string again = std::visit(
          [&](const auto& m) {
            std::decay_t<decltype(m)> parsed;
            EXPECT_TRUE(parsed.ParseFromString(bytes)) << e.fileName;
            return idl::serializeDeterministic(parsed);
          },
          e.spec);
      EXPECT_EQ(bytes, again) << e.fileName;
    }
  }
}

TEST(Package, ReferencesResolveToEarlierEntries) {
  for (const std::string& f : fixtures()) {
    idl::Package pkg = compile(f);
    std::set<std::string> tasks, workflows, launchPlans;
    auto checkNode = [&](const fp::core::Node& n, const std::set<std::string>& subs, const std::string& where) {
      const fp::core::Node& inner = n.has_array_node() ? n.array_node().node() : n;
      if (inner.has_task_node()) {
        EXPECT_TRUE(tasks.count(inner.task_node().reference_id().name())) << where << " " << n.id();
      }
      if (inner.has_workflow_node()) {
        const auto& wn = inner.workflow_node();
        if (wn.has_sub_workflow_ref()) {
          EXPECT_TRUE(workflows.count(wn.sub_workflow_ref().name())) << where;
          EXPECT_TRUE(subs.count(wn.sub_workflow_ref().name())) << where << ": not in sub_workflows";
        }
        if (wn.has_launchplan_ref()) {
          EXPECT_TRUE(launchPlans.count(wn.launchplan_ref().name())) << where;
        }
      }
    };
    for (const idl::PackageEntry& e : pkg.entries) {
      if (auto* t = e.task()) tasks.insert(t->template_().id().name());
      if (auto* w = e.workflow()) {
        std::set<std::string> subs;
        for (const auto& s : w->sub_workflows()) subs.insert(s.id().name());
        for (const auto& n : w->template_().nodes()) checkNode(n, subs, e.fileName);
        for (const auto& s : w->sub_workflows())
          for (const auto& n : s.nodes()) checkNode(n, subs, e.fileName);
        workflows.insert(w->template_().id().name());
      }
      if (auto* lp = e.launchPlan()) {
        EXPECT_TRUE(workflows.count(lp->spec().workflow_id().name())) << e.fileName;
        launchPlans.insert(lp->id().name());
      }
    }
  }
}

TEST(Package, NoFlytecPlaceholderSurvives) {
  for (const std::string& f : fixtures()) {
    idl::Package pkg = compile(f);
    // Which inputs of each map variant are mapped: all but its bound inputs.
    std::map<std::string, std::set<std::string>> bound;
    for (const idl::PackageEntry& e : pkg.entries)
      if (auto* w = e.workflow())
        for (const auto& n : w->template_().nodes())
          if (n.has_array_node())
            for (const auto& b : n.array_node().bound_inputs())
              bound[n.array_node().node().task_node().reference_id().name()].insert(b);
    int containers = 0;
    for (const idl::PackageEntry& e : pkg.entries) {
      const auto* t = e.task();
      if (!t) continue;
      const auto& tpl = t->template_();
      Ctx ctx;
      for (const auto& [name, var] : tpl.interface().inputs().variables()) {
        ctx.types.emplace(name, idl::fromProto(var.type()));
        if (tpl.task_type_version() == 1 && !bound[tpl.id().name()].count(name)) ctx.mapped.insert(name);
      }
      for (const std::string& s : tpl.container().command())
        EXPECT_FALSE(backend::hasFlytecPlaceholder(s, ctx)) << tpl.id().name() << ": " << s;
      for (const std::string& s : tpl.container().args())
        EXPECT_FALSE(backend::hasFlytecPlaceholder(s, ctx)) << tpl.id().name() << ": " << s;
      ++containers;
    }
    EXPECT_GT(containers, 0) << f;
  }
}

TEST(Package, Deterministic) {
  for (const std::string& f : fixtures()) {
    idl::Package a = compile(f), b = compile(f);
    EXPECT_EQ(backend::packageArchiveBytes(a, true), backend::packageArchiveBytes(b, true)) << f;
    EXPECT_EQ(backend::packageArchiveBytes(a, false), backend::packageArchiveBytes(b, false)) << f;
  }
}

TEST(Package, IdentifiersTakeProjectDomainVersion) {
  llvm::SourceMgr sm;
  DiagnosticEngine diags;
  ModuleGraph program = loadModuleGraph(sm, diags, {FLYTEC_SOURCE_DIR "/test/lower/Inputs/subflows.flyte"});
  auto model = tc::analyze(program, diags, tc::CheckOptions{});
  backend::LowerOptions opts;
  opts.project = "p";
  opts.domain = "d";
  opts.version = "v1";
  auto pkg = backend::lowerProgram(*model, opts, diags);
  ASSERT_TRUE(pkg);
  for (const idl::PackageEntry& e : pkg->entries) {
    if (auto* lp = e.launchPlan()) {
      EXPECT_EQ(lp->id().project(), "p");
      EXPECT_EQ(lp->spec().workflow_id().version(), "v1");
    }
    if (auto* t = e.task()) {
      EXPECT_EQ(t->template_().id().domain(), "d");
    }
  }
}
