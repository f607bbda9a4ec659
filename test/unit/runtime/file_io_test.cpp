// Copies and reads of user files (file_io.h), what may be a file or dir
// value (path_checks.h), the stop flag in cache-key hashing, integer
// bounds in JSON lists and struct schemas: the parts of the lit tests in
// test/run/ (input-copies, bad-file-inputs, cache-poison, literal-bounds)
// that a process cannot show, such as a read stopping mid-file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "runtime/cache.h"
#include "runtime/file_io.h"
#include "runtime/literal_parse.h"
#include "runtime/path_checks.h"
#include "runtime/scalar_list_parse.h"
#include "runtime/struct_schema.h"

using namespace flytec::rt;
namespace fs = std::filesystem;

namespace {

class FileIo : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = testing::TempDir() + "/file_io_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }
  void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  fs::path dir;
};

}  // namespace

TEST_F(FileIo, CopyIsIndependentOfItsSource) {
  write(dir / "a", "original\n");
  std::string error;
  ASSERT_TRUE(copyTree(dir / "a", dir / "b", {}, error)) << error;
  std::ofstream(dir / "b", std::ios::app) << "tampered\n";
  EXPECT_EQ(read(dir / "a"), "original\n");
  EXPECT_EQ(fs::hard_link_count(dir / "a"), 1u);
}

TEST_F(FileIo, ReadOnlyCopies) {
  fs::create_directories(dir / "t/sub");
  write(dir / "t/sub/x", "x");
  std::string error;
  ASSERT_TRUE(copyTree(dir / "t", dir / "c", CopyOptions{true, nullptr}, error)) << error;
  struct stat st {};
  ASSERT_EQ(stat((dir / "c/sub/x").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  EXPECT_EQ(read(dir / "c/sub/x"), "x");
}

TEST_F(FileIo, ProcFilesAreReadToTheirEnd) {
  std::string error, text;
  ASSERT_TRUE(readRegularFile("/proc/self/status", nullptr, [&](std::string_view c) { text += c; }, error));
  EXPECT_NE(text.find("Pid:"), std::string::npos);
  ASSERT_TRUE(copyTree("/proc/self/status", dir / "status", {}, error)) << error;
  EXPECT_NE(read(dir / "status").find("Pid:"), std::string::npos);
}

TEST_F(FileIo, FifosAreRefusedWithoutWaiting) {
  ASSERT_EQ(mkfifo((dir / "fifo").c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(readRegularFile(dir / "fifo", nullptr, [](std::string_view) {}, error));
  EXPECT_NE(error.find("is a FIFO"), std::string::npos) << error;
  EXPECT_FALSE(copyTree(dir / "fifo", dir / "copy", {}, error));
  EXPECT_FALSE(fs::exists(dir / "copy"));
  EXPECT_NE(inputPathProblem(dir / "fifo", false).value_or("").find("is a FIFO"), std::string::npos);
}

TEST_F(FileIo, LinksInsideATreeAreRefused) {
  fs::create_directories(dir / "t");
  fs::create_directory_symlink("t", dir / "t/loop");
  std::string error;
  EXPECT_FALSE(copyTree(dir / "t", dir / "c", {}, error));
  EXPECT_NE(error.find("is a symbolic link to t"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir / "c"));
  EXPECT_TRUE(inputPathProblem(dir / "t", true).has_value());
  EXPECT_TRUE(outputPathProblem(dir / "t", true, dir).has_value());
  EXPECT_TRUE(outputPathProblem(dir / "t/loop", true, dir).has_value());
}

TEST_F(FileIo, OutputsOutsideTheirDirectoryAreRefused) {
  fs::create_directories(dir / "attempt/outputs");
  write(dir / "secret", "s");
  write(dir / "attempt/outputs/o0", "o");
  EXPECT_FALSE(outputPathProblem(dir / "attempt/outputs/o0", false, dir / "attempt").has_value());
  auto problem = outputPathProblem(dir / "secret", false, dir / "attempt");
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("outside the task's directory"), std::string::npos) << *problem;
}

TEST_F(FileIo, ReadingStopsWhenAsked) {
  {
    std::ofstream big(dir / "big", std::ios::binary);
    big.seekp((64 << 20) - 1);
    big.put('x');
  }
  StopFlag stop{false};
  size_t seen = 0;
  std::string error;
  EXPECT_FALSE(readRegularFile(dir / "big", &stop, [&](std::string_view c) {
    seen += c.size();
    stop = true;  // as a signal handler would, after the first chunk
  }, error));
  EXPECT_EQ(error, "interrupted");
  EXPECT_LT(seen, size_t(64) << 20);
  EXPECT_FALSE(copyTree(dir / "big", dir / "copy", CopyOptions{false, &stop}, error));
  EXPECT_FALSE(fs::exists(dir / "copy"));
}

TEST_F(FileIo, CacheKeyHashingStops) {
  write(dir / "f", "data");
  flyteidl::core::LiteralMap inputs;
  (*inputs.mutable_literals())["f"].mutable_scalar()->mutable_blob()->set_uri((dir / "f").string());
  StopFlag stop{false};
  EXPECT_TRUE(cacheKey("t", "v1", {}, inputs, &stop).has_value());
  stop = true;
  EXPECT_FALSE(cacheKey("t", "v1", {}, inputs, &stop).has_value());
}

TEST(LiteralBounds, ListIntegersStayInInt64) {
  flyteidl::core::LiteralType type;
  type.mutable_collection_type()->set_simple(flyteidl::core::INTEGER);
  flyteidl::core::Literal out;
  std::string error;
  EXPECT_EQ(parseScalarList("[1, -2, 9223372036854775807]", type, out, error), FastParse::Parsed);
  EXPECT_EQ(out.collection().literals(2).scalar().primitive().integer(), INT64_MAX);
  EXPECT_EQ(parseScalarList("[9223372036854775808]", type, out, error), FastParse::Invalid);
  EXPECT_EQ(parseScalarList("[1, \"x\"]", type, out, error), FastParse::NotApplicable);
  EXPECT_EQ(widenHugeIntegers("[\"9223372036854775808\", 9223372036854775808, 1]"),
            "[\"9223372036854775808\", 9223372036854775808.0, 1]");
  ParseContext ctx{"/", false, {}};
  error.clear();
  EXPECT_FALSE(literalFromText("[1, \"a\", 9223372036854775808]", type, ctx, error).has_value());
  EXPECT_FALSE(literalFromText("[1.0, 9223372036854775808]", type, ctx, error).has_value());
  EXPECT_TRUE(literalFromText("[2.0, -9223372036854775808]", type, ctx, error).has_value()) << error;
}

TEST(LiteralBounds, StructSchemas) {
  auto schema = llvm::json::parse(R"({"type": "object", "properties": {"a": {"type": "integer"},
      "b": {"anyOf": [{"type": "string"}, {"type": "null"}]}}, "required": ["a"], "additionalProperties": false})");
  ASSERT_TRUE(bool(schema));
  const auto& s = *schema->getAsObject();
  EXPECT_FALSE(schemaMismatch(*llvm::json::parse(R"({"a": 1, "b": null})"), s).has_value());
  EXPECT_EQ(schemaMismatch(*llvm::json::parse(R"({"a": "x"})"), s).value_or(""),
            "field `a`: expected an integer, found `\"x\"`");
  EXPECT_EQ(schemaMismatch(*llvm::json::parse(R"({"b": "y"})"), s).value_or(""), "missing field `a`");
  EXPECT_EQ(schemaMismatch(*llvm::json::parse(R"({"a": 1, "c": 2})"), s).value_or(""), "unknown field `c`");
  EXPECT_TRUE(schemaMismatch(*llvm::json::parse(R"({"a": 1, "b": 3})"), s).has_value());
}
