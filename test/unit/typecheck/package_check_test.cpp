// Unit tests of the package checker (typecheck/package_check.h) on packages
// built in memory from text-format protobuf: the clean package of
// test/package/Inputs/ok checks without errors, and each broken variant
// reports its code. The lit tests in test/package/ cover the driver, the
// archives and the agreement with Flyte's own compiler (flyte-oracle).
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "typecheck/package_check.h"

namespace flytec::tc {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads test/package/Inputs/ok/*.txtpb into a Package.
idl::Package okPackage() {
  idl::Package pkg;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(FLYTEC_SOURCE_DIR) / "test/package/Inputs/ok"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    const std::string name = f.stem().string() + ".pb";
    const std::string text = slurp(f);
    switch (idl::entryKindFromFileName(name)) {
    case idl::kTaskSpecEntry: {
      flyteidl::admin::TaskSpec m;
      EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << f;
      pkg.entries.push_back(idl::PackageEntry::of(name, m));
      break;
    }
    case idl::kWorkflowSpecEntry: {
      flyteidl::admin::WorkflowSpec m;
      EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << f;
      pkg.entries.push_back(idl::PackageEntry::of(name, m));
      break;
    }
    default: {
      flyteidl::admin::LaunchPlan m;
      EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << f;
      pkg.entries.push_back(idl::PackageEntry::of(name, m));
    }
    }
  }
  return pkg;
}

std::vector<std::string> codes(const DiagnosticEngine& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d.diagnostics()) out.emplace_back(x.id());
  return out;
}

flyteidl::admin::WorkflowSpec& workflow(idl::Package& p) {
  for (auto& e : p.entries)
    if (e.workflow()) return std::get<1>(e.spec);
  throw std::runtime_error("no workflow");
}

flyteidl::admin::TaskSpec& task(idl::Package& p) { return std::get<0>(p.entries.front().spec); }

TEST(PackageCheck, CleanPackageHasNoDiagnostics) {
  DiagnosticEngine d;
  EXPECT_TRUE(checkPackageContents(okPackage(), "pkg.tgz", false, d));
  EXPECT_TRUE(d.diagnostics().empty()) << d.diagnostics().front().message;
}

TEST(PackageCheck, BindingTypeMismatchIsE0911) {
  idl::Package p = okPackage();
  auto* b = workflow(p).mutable_template_()->mutable_nodes(0)->mutable_inputs(0)->mutable_binding();
  b->mutable_scalar()->mutable_primitive()->set_string_value("nope");
  DiagnosticEngine d;
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d));
  ASSERT_EQ(codes(d), std::vector<std::string>{"E0911"});
  EXPECT_EQ(d.diagnostics()[0].path, "pkg.tgz:003_pkg.wf_2.pb");
  EXPECT_NE(d.diagnostics()[0].message.find("node `first`"), std::string::npos) << d.diagnostics()[0].message;
}

TEST(PackageCheck, DuplicateNodeIdIsOnlyAWarning) {
  idl::Package p = okPackage();
  auto* wf = workflow(p).mutable_template_();
  *wf->add_nodes() = wf->nodes(0);
  DiagnosticEngine d;
  EXPECT_TRUE(checkPackageContents(p, "pkg.tgz", false, d));
  ASSERT_EQ(codes(d), std::vector<std::string>{"W0910"});
  EXPECT_NE(d.diagnostics()[0].message.find("E0701"), std::string::npos);
}

TEST(PackageCheck, RequestAboveLimitRoundsLikeFlyteadmin) {
  idl::Package p = okPackage();
  auto* r = task(p).mutable_template_()->mutable_container()->mutable_resources();
  r->mutable_requests(0)->set_value("1500m");  // limit 1: rounded 2 > 1, flyteadmin rejects
  DiagnosticEngine d;
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d));
  EXPECT_EQ(codes(d), std::vector<std::string>{"E0502"});

  r->mutable_requests(0)->set_value("1");
  r->mutable_limits(0)->set_value("900m");  // rounded 1 == 1: accepted, exact rule warns
  DiagnosticEngine d2;
  EXPECT_TRUE(checkPackageContents(p, "pkg.tgz", false, d2));
  EXPECT_EQ(codes(d2), std::vector<std::string>{"W0910"});
}

TEST(PackageCheck, PlatformCapsApplyToRequestsAndToLimitsBesideThem) {
  idl::Package p = okPackage();
  PlatformCaps caps;
  caps.mem = "300Mi";
  DiagnosticEngine d;  // request 256Mi is fine, limit 512Mi beside it is not
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d, caps));
  EXPECT_EQ(codes(d), std::vector<std::string>{"E0505"});
}

TEST(PackageCheck, UnboundInputAndMissingTask) {
  idl::Package p = okPackage();
  auto* wf = workflow(p).mutable_template_();
  wf->mutable_nodes(0)->clear_inputs();
  wf->mutable_nodes(1)->mutable_task_node()->mutable_reference_id()->set_name("pkg.elsewhere");
  DiagnosticEngine d;
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d));
  EXPECT_EQ(codes(d), (std::vector<std::string>{"W0919", "E0913"}));
}

TEST(PackageCheck, CycleAndEmptyWorkflow) {
  idl::Package p = okPackage();
  auto* wf = workflow(p).mutable_template_();
  wf->mutable_nodes(0)->add_upstream_node_ids("second");
  DiagnosticEngine d;
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d));
  EXPECT_EQ(codes(d), std::vector<std::string>{"E0915"});

  wf->clear_nodes();
  DiagnosticEngine d2;  // no ArrayNode runs the map variant now: its list output is W0310
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d2));
  EXPECT_EQ(codes(d2), (std::vector<std::string>{"W0310", "E0915"}));
}

TEST(PackageCheck, ScheduleNeedsValidCronAndBoundInputs) {
  idl::Package p = okPackage();
  auto& lp = std::get<2>(p.entries.back().spec);
  lp.mutable_spec()->mutable_entity_metadata()->mutable_schedule()->mutable_cron_schedule()->set_schedule("61 * * * *");
  lp.mutable_spec()->mutable_default_inputs()->mutable_parameters()->erase("a");
  DiagnosticEngine d;
  EXPECT_FALSE(checkPackageContents(p, "pkg.tgz", false, d));
  EXPECT_EQ(codes(d), (std::vector<std::string>{"E0918", "E0918"}));
}

}  // namespace
}  // namespace flytec::tc

namespace flytec::tc {
namespace {

// Flyte's own compiler fixtures (pyflyte 0.32.6): a closed set that Flyte
// registers, so no error, and no cluster warning (python tasks).
TEST(PackageCheck, SnacksCoreIsClean) {
  const fs::path dir = fs::path(FLYTEC_SOURCE_DIR) / "../shared/flyte-reference/snacks-core";
  if (!fs::exists(dir)) GTEST_SKIP() << "no ../shared";
  DiagnosticEngine d;
  EXPECT_TRUE(checkPackage(dir.string(), d));
  for (const Diagnostic& x : d.diagnostics()) ADD_FAILURE() << x.id() << " " << x.path << ": " << x.message;
}

}  // namespace
}  // namespace flytec::tc
