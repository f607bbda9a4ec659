// The package reader on the reference package (archive, directory, one file)
// and on hostile input: truncated and garbage entries, suffix mismatches,
// traversal, absolute paths, links, non-.pb entries, corrupt archives and a
// compression bomb. Every case must end in problem reports, never a throw,
// and the bomb in bounded memory.
#include "idl/package_reader.h"
#include "idl/serialize.h"
#include "test_archive.h"

#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace flytec::idl;
using flytec::idl::testing::TestEntry;
using flytec::idl::testing::writeArchive;
using flytec::idl::testing::fileEntry;
using flytec::idl::testing::specialEntry;
using flytec::idl::testing::zerosEntry;
namespace fs = std::filesystem;

namespace {

const std::string kSnacks = std::string(FLYTEC_SOURCE_DIR) + "/../shared/flyte-reference/snacks-core";

// A fresh private directory per test, removed afterwards.
class PackageReader : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("flytec-idl-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void writeFile(const std::string& name, const std::string& data) const {
    std::ofstream(path(name), std::ios::binary) << data;
  }
  fs::path dir_;
};

std::string readFile(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> codes(const PackageReadResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems)
    out.push_back(std::string(p.code()) + " " + p.entry);
  return out;
}

// The snacks-core entries, sorted by name, as archive entries.
std::vector<TestEntry> snacksEntries() {
  std::vector<TestEntry> out;
  for (const auto& e : fs::directory_iterator(kSnacks))
    out.push_back(fileEntry("./" + e.path().filename().string(), readFile(e.path().string())));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name > b.name; });  // reversed
  return out;
}

// A small valid TaskSpec.
std::string taskBytes(const std::string& name) {
  flyteidl::admin::TaskSpec t;
  t.mutable_template_()->mutable_id()->set_name(name);
  t.mutable_template_()->set_type("raw-container");
  return serializeDeterministic(t);
}

long maxRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST_F(PackageReader, SnacksCoreArchive) {
  if (!fs::is_directory(kSnacks))
    GTEST_SKIP() << kSnacks << " is absent";
  writeArchive(path("pkg.tgz"), snacksEntries());
  const PackageReadResult r = readPackage(path("pkg.tgz"));
  EXPECT_TRUE(r.problems.empty()) << ::testing::PrintToString(codes(r));
  ASSERT_EQ(r.package.entries.size(), 69u);
  EXPECT_TRUE(std::is_sorted(r.package.entries.begin(), r.package.entries.end(),
                             [](const auto& a, const auto& b) { return a.fileName < b.fileName; }));
  EXPECT_EQ(r.package.entries.front().fileName, "004_ellipse-area-metadata-shell_1.pb");
  for (const auto& e : r.package.entries) {
    EXPECT_EQ(e.kind, entryKindFromFileName(e.fileName)) << e.fileName;
    EXPECT_EQ(static_cast<int>(e.spec.index()) + 1, e.kind);
  }
  EXPECT_EQ(r.package.entries.front().task()->template_().type(), "raw-container");

  // The directory and the archive give the same messages.
  const PackageReadResult d = readPackage(kSnacks);
  EXPECT_TRUE(d.problems.empty()) << ::testing::PrintToString(codes(d));
  ASSERT_EQ(d.package.entries.size(), r.package.entries.size());
  for (size_t i = 0; i < d.package.entries.size(); ++i) {
    EXPECT_EQ(d.package.entries[i].fileName, r.package.entries[i].fileName);
    EXPECT_EQ(d.package.entries[i].kind, r.package.entries[i].kind);
  }
  const auto* wf = d.package.entries[6].workflow();
  ASSERT_NE(wf, nullptr) << d.package.entries[6].fileName;

  // An uncompressed tar and the in-memory reader agree too.
  writeArchive(path("pkg.tar"), snacksEntries(), /*gzip=*/false);
  EXPECT_EQ(readPackage(path("pkg.tar")).package.entries.size(), 69u);
  EXPECT_EQ(readPackageArchive(readFile(path("pkg.tgz")), "mem").package.entries.size(), 69u);
}

TEST_F(PackageReader, SingleFile) {
  if (!fs::is_directory(kSnacks))
    GTEST_SKIP() << kSnacks << " is absent";
  const std::string one = kSnacks + "/167_core.type_system.enums.enum_wf_3.pb";
  const PackageReadResult r = readPackage(one);
  ASSERT_TRUE(r.problems.empty());
  ASSERT_EQ(r.package.entries.size(), 1u);
  EXPECT_EQ(r.package.entries[0].kind, kLaunchPlanEntry);
  EXPECT_EQ(r.package.entries[0].fileName, one);
  // Re-serialized deterministically, the message is stable and parses back.
  const std::string bytes = serializeDeterministic(*r.package.entries[0].launchPlan());
  EXPECT_EQ(bytes, serializeDeterministic(*r.package.entries[0].launchPlan()));
  flyteidl::admin::LaunchPlan back;
  ASSERT_TRUE(back.ParseFromString(bytes));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(back, *r.package.entries[0].launchPlan()));
}

TEST_F(PackageReader, TruncatedAndGarbageEntries) {
  if (!fs::is_directory(kSnacks))
    GTEST_SKIP() << kSnacks << " is absent";
  const std::string full = readFile(kSnacks + "/010_core.containerization.raw_container.wf_2.pb");
  ASSERT_GT(full.size(), 100u);
  writeFile("a_2.pb", full.substr(0, full.size() / 2));
  writeFile("b_1.pb", std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11));
  writeFile("c_1.pb", taskBytes("ok"));
  const PackageReadResult r = readPackage(dir_.string());
  EXPECT_EQ(codes(r), (std::vector<std::string>{"E0904 a_2.pb", "E0904 b_1.pb"}));
  ASSERT_EQ(r.package.entries.size(), 1u);
  EXPECT_EQ(r.package.entries[0].fileName, "c_1.pb");
  EXPECT_TRUE(r.hasErrors());
}

TEST_F(PackageReader, SuffixIsOnlyAHint) {
  // A WorkflowSpec whose sub-workflow metadata is not UTF-8 when read as a
  // TaskSpec's description string: it decodes only as a WorkflowSpec.
  flyteidl::admin::WorkflowSpec w;
  w.mutable_template_()->mutable_id()->set_name("wf");
  w.add_sub_workflows()->mutable_metadata()->set_on_failure(
      static_cast<flyteidl::core::WorkflowMetadata_OnFailurePolicy>(200));
  const std::string bytes = serializeDeterministic(w);
  flyteidl::admin::TaskSpec asTask;
  {
    google::protobuf::LogSilencer quiet;
    ASSERT_FALSE(asTask.ParseFromString(bytes));
  }

  writeArchive(path("p.tgz"), {fileEntry("001_wf_1.pb", bytes), fileEntry("002_wf.pb", bytes)});
  const PackageReadResult r = readPackage(path("p.tgz"));
  EXPECT_EQ(codes(r), (std::vector<std::string>{"W0901 001_wf_1.pb"}));
  EXPECT_FALSE(r.hasErrors());
  ASSERT_EQ(r.package.entries.size(), 2u);
  EXPECT_EQ(r.package.entries[0].kind, kWorkflowSpecEntry);
  EXPECT_EQ(r.package.entries[1].kind, kWorkflowSpecEntry);  // no suffix: no warning
  EXPECT_EQ(r.package.entries[0].workflow()->template_().id().name(), "wf");
}

TEST_F(PackageReader, HostileArchiveEntries) {
  writeArchive(path("p.tgz"), {
                                  specialEntry(TestEntry::Dir, "sub/"),
                                  fileEntry("../x_1.pb", taskBytes("up")),
                                  fileEntry("sub/../../y_1.pb", taskBytes("up2")),
                                  fileEntry("/etc/abs_1.pb", taskBytes("abs")),
                                  specialEntry(TestEntry::Symlink, "link_1.pb", "/etc/passwd"),
                                  specialEntry(TestEntry::Hardlink, "hard_1.pb", "ok_1.pb"),
                                  specialEntry(TestEntry::Fifo, "fifo_1.pb"),
                                  fileEntry("README.md", "hello"),
                                  fileEntry("fast0123abc.tar.gz", "not even gzip"),
                                  fileEntry("ok_1.pb", taskBytes("ok")),
                              });
  const PackageReadResult r = readPackage(path("p.tgz"));
  EXPECT_EQ(codes(r), (std::vector<std::string>{"E0903 ../x_1.pb", "E0903 sub/../../y_1.pb", "E0903 /etc/abs_1.pb",
                                                "E0903 link_1.pb", "E0903 hard_1.pb", "E0902 fifo_1.pb",
                                                "E0902 README.md"}));
  ASSERT_EQ(r.package.entries.size(), 1u);
  EXPECT_EQ(r.package.entries[0].fileName, "ok_1.pb");
}

TEST_F(PackageReader, HostileDirectoryEntries) {
  writeFile("ok_1.pb", taskBytes("ok"));
  writeFile("notes.txt", "x");
  writeFile("fast42.tar.gz", "x");
  fs::create_symlink("/etc/passwd", dir_ / "link_1.pb");
  fs::create_directories(dir_ / "nested");
  writeFile("nested/deep_1.pb", "\xff");  // not read: top level only
  const PackageReadResult r = readPackage(dir_.string());
  EXPECT_EQ(codes(r), (std::vector<std::string>{"E0903 link_1.pb", "E0902 notes.txt"}));
  ASSERT_EQ(r.package.entries.size(), 1u);
}

TEST_F(PackageReader, CorruptArchives) {
  writeFile("garbage.tgz", std::string(1000, 'x'));
  EXPECT_EQ(codes(readPackage(path("garbage.tgz"))), (std::vector<std::string>{"E0906 " + path("garbage.tgz")}));

  EXPECT_EQ(codes(readPackage(path("missing.tgz"))), (std::vector<std::string>{"E0906 " + path("missing.tgz")}));

  // Cut a real archive short: the entries before the cut are still read.
  std::vector<TestEntry> entries;
  for (int i = 0; i < 40; ++i)
    entries.push_back(fileEntry("e" + std::to_string(100 + i) + "_1.pb", taskBytes(std::string(3000, 'a' + i % 26))));
  writeArchive(path("full.tar"), entries, /*gzip=*/false);
  const std::string full = readFile(path("full.tar"));
  writeFile("cut.tar", full.substr(0, full.size() / 2 + 100));
  const PackageReadResult r = readPackage(path("cut.tar"));
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems.back().code(), "E0906");
  EXPECT_GT(r.package.entries.size(), 5u);
  EXPECT_LT(r.package.entries.size(), 40u);

  // The same, gzip-compressed and cut.
  writeArchive(path("full.tgz"), entries);
  const std::string gz = readFile(path("full.tgz"));
  const PackageReadResult g = readPackageArchive(std::string_view(gz).substr(0, gz.size() / 2), "cut.tgz");
  ASSERT_FALSE(g.problems.empty());
  EXPECT_EQ(g.problems.back().code(), "E0906");
}

TEST_F(PackageReader, CompressionBomb) {
  // 200 MiB of zeros in one entry (about 200 KiB compressed), then a valid entry.
  writeArchive(path("bomb.tgz"), {zerosEntry("a_bomb_1.pb", 200ull << 20),
                                  fileEntry("b_ok_1.pb", taskBytes("ok"))});
  EXPECT_LT(fs::file_size(path("bomb.tgz")), 4u << 20);
  const long before = maxRssKiB();
  const PackageReadResult r = readPackage(path("bomb.tgz"));
  const long grownKiB = maxRssKiB() - before;
  EXPECT_EQ(codes(r), (std::vector<std::string>{"E0905 a_bomb_1.pb"}));
  ASSERT_EQ(r.package.entries.size(), 1u);
  EXPECT_EQ(r.package.entries[0].fileName, "b_ok_1.pb");
  EXPECT_LT(grownKiB, 32 * 1024) << "reading the bomb grew the peak RSS by " << grownKiB << " KiB";

  // The package total is bounded too.
  PackageReadLimits small;
  small.maxEntryBytes = 1 << 20;
  small.maxTotalBytes = 2 << 20;
  writeArchive(path("many.tgz"), {zerosEntry("a_1.pb", 900 << 10),
                                  zerosEntry("b_1.pb", 900 << 10),
                                  zerosEntry("c_1.pb", 900 << 10),
                                  zerosEntry("d_1.pb", 900 << 10)});
  const PackageReadResult m = readPackage(path("many.tgz"), small);
  ASSERT_FALSE(m.problems.empty());
  EXPECT_EQ(m.problems.back().code(), "E0905");
  EXPECT_EQ(m.problems.back().entry, path("many.tgz"));

  // So is one oversized file in a directory (not read at all).
  fs::remove(path("bomb.tgz"));
  fs::remove(path("many.tgz"));
  writeFile("big_1.pb", "");
  fs::resize_file(path("big_1.pb"), 2 << 20);
  EXPECT_EQ(codes(readPackage(dir_.string(), small)), (std::vector<std::string>{"E0905 big_1.pb"}));
}

TEST(PackageEntryNames, SuffixKinds) {
  EXPECT_EQ(entryKindFromFileName("004_x_1.pb"), 1);
  EXPECT_EQ(entryKindFromFileName("dir/004_x_2.pb"), 2);
  EXPECT_EQ(entryKindFromFileName("_3.pb"), 3);
  EXPECT_EQ(entryKindFromFileName("x_4.pb"), 0);
  EXPECT_EQ(entryKindFromFileName("x1.pb"), 0);
  EXPECT_EQ(entryKindFromFileName("x_1.pbx"), 0);
  EXPECT_EQ(entryKindFromFileName("a\nb_1.pb"), 0);
}

TEST(Serialize, MapsAreDeterministic) {
  flyteidl::core::VariableMap a, b;
  for (const char* k : {"zeta", "alpha", "mid", "beta"})
    (*a.mutable_variables())[k].set_description(k);
  for (const char* k : {"beta", "mid", "alpha", "zeta"})
    (*b.mutable_variables())[k].set_description(k);
  EXPECT_EQ(serializeDeterministic(a), serializeDeterministic(b));
  EXPECT_EQ(serializeDeterministic(flyteidl::core::VariableMap{}), "");
}

} // namespace
