// support/directory_replace.h: what may be replaced, and that the path names
// a complete directory (old or new) at every step, so a kill at any point
// loses nothing. The steps are observed through `afterStep`, which can also
// stop the replace right there, as a kill would.
#include "support/directory_replace.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using flytec::support::DirectoryFile;
using flytec::support::DirectoryReplaceOptions;
using flytec::support::replaceDirectory;
using flytec::support::ReplaceStep;

namespace {

using Contents = std::map<std::string, std::string>;

class DirectoryReplaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("flytec-dirreplace-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  /// Every entry of `dir` with its bytes (directories as "<dir>").
  static Contents contents(const fs::path& dir) {
    Contents out;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_directory()) {
        out[e.path().filename().string()] = "<dir>";
        continue;
      }
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out[e.path().filename().string()] = ss.str();
    }
    return out;
  }

  static DirectoryReplaceOptions packageNames() {
    DirectoryReplaceOptions o;
    o.isOwnEntry = [](std::string_view n) { return n.size() > 3 && n.substr(n.size() - 3) == ".pb"; };
    return o;
  }

  const Contents oldFiles_{{"000_a_1.pb", "old a"}, {"001_b_2.pb", "old b"}};
  const std::vector<DirectoryFile> newFiles_{{"000_a_1.pb", "new a"}, {"001_c_3.pb", "new c"}};
  const Contents newContents_{{"000_a_1.pb", "new a"}, {"001_c_3.pb", "new c"}};
  fs::path root_;
};

TEST_F(DirectoryReplaceTest, AbsentPathIsCreated) {
  std::string error;
  ASSERT_TRUE(replaceDirectory((root_ / "pkg").string(), newFiles_, packageNames(), error)) << error;
  EXPECT_EQ(contents(root_ / "pkg"), newContents_);
  EXPECT_EQ(contents(root_), (Contents{{"pkg", "<dir>"}}));  // no temporary left
}

TEST_F(DirectoryReplaceTest, EmptyDirectoryIsReplaced) {
  fs::create_directory(root_ / "pkg");
  std::string error;
  ASSERT_TRUE(replaceDirectory((root_ / "pkg").string(), newFiles_, packageNames(), error)) << error;
  EXPECT_EQ(contents(root_ / "pkg"), newContents_);
  EXPECT_EQ(contents(root_), (Contents{{"pkg", "<dir>"}}));
}

TEST_F(DirectoryReplaceTest, OwnDirectoryIsReplacedAndOldFilesRemoved) {
  fs::create_directory(root_ / "pkg");
  for (const auto& [name, text] : oldFiles_) write(root_ / "pkg" / name, text);
  std::string error;
  ASSERT_TRUE(replaceDirectory((root_ / "pkg").string(), newFiles_, packageNames(), error)) << error;
  EXPECT_EQ(contents(root_ / "pkg"), newContents_);
  EXPECT_EQ(contents(root_), (Contents{{"pkg", "<dir>"}}));
}

TEST_F(DirectoryReplaceTest, ForeignDirectoryIsRefusedAndUntouched) {
  fs::create_directories(root_ / "proj" / ".git");
  fs::create_directories(root_ / "proj" / "sub");
  write(root_ / "proj" / "main.flyte", "task t() {}\n");
  write(root_ / "proj" / "000_a_1.pb", "mine");
  const Contents before = contents(root_ / "proj");
  std::string error;
  EXPECT_FALSE(replaceDirectory((root_ / "proj").string(), newFiles_, packageNames(), error));
  EXPECT_EQ(error,
            "is a directory that flytec did not write (it holds .git/, main.flyte and sub/); "
            "choose another path or remove it");
  EXPECT_EQ(contents(root_ / "proj"), before);
  EXPECT_EQ(contents(root_), (Contents{{"proj", "<dir>"}}));
}

TEST_F(DirectoryReplaceTest, ManyForeignEntriesAreCounted) {
  fs::create_directory(root_ / "d");
  for (const char* n : {"a", "b", "c", "d", "e"}) write(root_ / "d" / n, n);
  std::string error;
  EXPECT_FALSE(replaceDirectory((root_ / "d").string(), newFiles_, packageNames(), error));
  EXPECT_NE(error.find("(it holds a, b and 3 more)"), std::string::npos) << error;
}

TEST_F(DirectoryReplaceTest, AFileIsRefused) {
  write(root_ / "main.flyte", "source");
  std::string error;
  EXPECT_FALSE(replaceDirectory((root_ / "main.flyte").string(), newFiles_, packageNames(), error));
  EXPECT_EQ(error, "is a file, not a directory");
  EXPECT_EQ(contents(root_), (Contents{{"main.flyte", "source"}}));
}

TEST_F(DirectoryReplaceTest, SymlinkIsFollowedAndStays) {
  fs::create_directory(root_ / "real");
  fs::create_directory_symlink("real", root_ / "link");
  std::string error;
  ASSERT_TRUE(replaceDirectory((root_ / "link").string(), newFiles_, packageNames(), error)) << error;
  EXPECT_TRUE(fs::is_symlink(root_ / "link"));
  EXPECT_EQ(fs::read_symlink(root_ / "link"), "real");
  EXPECT_EQ(contents(root_ / "real"), newContents_);
}

// The kill-safety property: whatever step the replace is stopped after, the
// path holds the complete old or the complete new directory, and the
// exchange (not two renames) is what moved it.
TEST_F(DirectoryReplaceTest, PathIsCompleteAfterEveryStep) {
  std::vector<ReplaceStep> seen;
  for (int stopAt = 0;; ++stopAt) {
    fs::remove_all(root_);
    fs::create_directories(root_ / "pkg");
    for (const auto& [name, text] : oldFiles_) write(root_ / "pkg" / name, text);
    DirectoryReplaceOptions o = packageNames();
    int steps = 0;
    bool stopped = false;
    std::vector<ReplaceStep> order;
    o.afterStep = [&](ReplaceStep s) {
      order.push_back(s);
      Contents now = fs::is_directory(root_ / "pkg") ? contents(root_ / "pkg") : Contents{{"", "missing"}};
      EXPECT_TRUE(now == oldFiles_ || now == newContents_) << "step " << static_cast<int>(s);
      stopped = steps++ == stopAt;
      return !stopped;
    };
    std::string error;
    ASSERT_TRUE(replaceDirectory((root_ / "pkg").string(), newFiles_, o, error)) << error;
    Contents after = contents(root_ / "pkg");
    EXPECT_TRUE(after == oldFiles_ || after == newContents_);
    if (!stopped) {
      seen = order;
      break;
    }
  }
  EXPECT_EQ(seen, (std::vector<ReplaceStep>{ReplaceStep::TemporaryFilled, ReplaceStep::Exchanged,
                                            ReplaceStep::OldRemoved}));
}

// The documented fallback where RENAME_EXCHANGE is missing: two renames, and
// between them the path is missing. The test pins that window down so the
// docs stay true.
TEST_F(DirectoryReplaceTest, FallbackWithoutExchangeHasAWindow) {
  fs::create_directories(root_ / "pkg");
  for (const auto& [name, text] : oldFiles_) write(root_ / "pkg" / name, text);
  DirectoryReplaceOptions o = packageNames();
  o.withoutExchange = true;
  std::vector<ReplaceStep> order;
  bool missingAside = false;
  o.afterStep = [&](ReplaceStep s) {
    order.push_back(s);
    if (s == ReplaceStep::OldMovedAside) missingAside = !fs::exists(root_ / "pkg");
    return true;
  };
  std::string error;
  ASSERT_TRUE(replaceDirectory((root_ / "pkg").string(), newFiles_, o, error)) << error;
  EXPECT_TRUE(missingAside);
  EXPECT_EQ(order, (std::vector<ReplaceStep>{ReplaceStep::TemporaryFilled, ReplaceStep::OldMovedAside,
                                             ReplaceStep::NewInPlace, ReplaceStep::OldRemoved}));
  EXPECT_EQ(contents(root_ / "pkg"), newContents_);
  EXPECT_EQ(contents(root_), (Contents{{"pkg", "<dir>"}}));
}

}  // namespace
