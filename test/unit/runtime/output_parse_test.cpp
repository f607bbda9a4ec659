// Task outputs are read as Flyte's data sidecar reads them (Go's strconv and
// time.ParseDuration, flyteorg/flyte v1.16.5 flyteidl/clients/go/coreutils/
// literals.go:335-378), while `--input k=v` keeps flytec's literal forms. Each
// row writes an output file and runs readOutputs on it, as the engine does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "runtime/literal_parse.h"
#include "runtime/output_reader.h"

using namespace flytec::rt;
namespace fs = std::filesystem;
using flyteidl::core::SimpleType;

namespace {

class OutputParse : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = testing::TempDir() + "/output_parse_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
    fs::create_directories(root / "outputs");
  }
  void TearDown() override { fs::remove_all(root); }

  /// Reads `text` as output `o` of simple type `t`; nullopt when refused.
  std::optional<flyteidl::core::Literal> read(SimpleType t, const std::string& text) {
    std::ofstream(root / "outputs" / "o", std::ios::binary) << text;
    flyteidl::core::VariableMap vars;
    (*vars.mutable_variables())["o"].mutable_type()->set_simple(t);
    flyteidl::core::LiteralMap result;
    std::string error;
    if (!readOutputs(root / "outputs", vars, result, error)) return std::nullopt;
    return result.literals().at("o");
  }
  fs::path root;
};

TEST_F(OutputParse, DurationsAreGoDurations) {
  EXPECT_FALSE(read(flyteidl::core::DURATION, "1d"));  // a flytec literal, not Go's
  auto l = read(flyteidl::core::DURATION, "1h30m\n");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->scalar().primitive().duration().seconds(), 5400);
  l = read(flyteidl::core::DURATION, "-1.5h");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->scalar().primitive().duration().seconds(), -5400);
  ASSERT_TRUE(read(flyteidl::core::DURATION, "0"));
}

TEST_F(OutputParse, FloatsAreGoFloats) {
  for (const char* t : {"inf", "-Inf", "NaN", "0x1p-2", "1_000.5", "1e-400"})
    EXPECT_TRUE(read(flyteidl::core::FLOAT, t)) << t;
  EXPECT_EQ(read(flyteidl::core::FLOAT, "0x1p-2")->scalar().primitive().float_value(), 0.25);
  EXPECT_TRUE(std::isnan(read(flyteidl::core::FLOAT, "NaN")->scalar().primitive().float_value()));
  for (const char* t : {"1e400", "+nan", "1_", "0x1", "1.5f"}) EXPECT_FALSE(read(flyteidl::core::FLOAT, t)) << t;
}

TEST_F(OutputParse, IntsAndBoolsAreGos) {
  EXPECT_EQ(read(flyteidl::core::INTEGER, " +42\t\n")->scalar().primitive().integer(), 42);
  for (const char* t : {"1_000", "0x10", "+-1", "9223372036854775808", "1.0"})
    EXPECT_FALSE(read(flyteidl::core::INTEGER, t)) << t;
  EXPECT_EQ(read(flyteidl::core::BOOLEAN, "T")->scalar().primitive().boolean(), true);
  EXPECT_FALSE(read(flyteidl::core::BOOLEAN, "yes"));
}

TEST_F(OutputParse, InputsKeepFlytecLiterals) {
  flyteidl::core::LiteralType t;
  t.set_simple(flyteidl::core::DURATION);
  ParseContext ctx{root, false, {}};
  std::string error;
  auto l = literalFromText("2d", t, ctx, error);
  ASSERT_TRUE(l) << error;
  EXPECT_EQ(l->scalar().primitive().duration().seconds(), 2 * 86400);
  t.set_simple(flyteidl::core::INTEGER);
  EXPECT_FALSE(literalFromText("+-1", t, ctx, error));
}

}  // namespace
