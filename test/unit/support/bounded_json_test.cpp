// support::parseJson / findExcessiveNesting: the depth limit, where it is
// reported, brackets inside strings, and that valid JSON within the limit
// parses exactly as llvm::json::parse does.
#include "support/bounded_json.h"

#include <gtest/gtest.h>

#include <string>

namespace flytec::support {
namespace {

std::string nested(unsigned depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

TEST(BoundedJson, AcceptsTheLimitRefusesOneMore) {
  EXPECT_FALSE(findExcessiveNesting(nested(kMaxJsonDepth)));
  auto deep = findExcessiveNesting(nested(kMaxJsonDepth + 1));
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->offset, kMaxJsonDepth);
  EXPECT_EQ(deep->line, 1u);
  EXPECT_EQ(deep->column, kMaxJsonDepth + 1);
}

TEST(BoundedJson, ObjectsAndArraysCountTogether) {
  std::string text;
  for (int i = 0; i < 3; ++i) text += "{\"k\":[";
  text += "1";
  for (int i = 0; i < 3; ++i) text += "]}";
  EXPECT_FALSE(findExcessiveNesting(text, 6));
  EXPECT_TRUE(findExcessiveNesting(text, 5));
}

TEST(BoundedJson, BracketsInStringsDoNotCount) {
  EXPECT_FALSE(findExcessiveNesting(R"(["[[[[", "\"[[[", "\\", "{{{{"])", 1));
  // An escaped quote does not end the string; an escaped backslash does not escape the quote.
  EXPECT_TRUE(findExcessiveNesting(R"(["\\", [[1]]])", 2));
}

TEST(BoundedJson, LineAndColumnOfTheBracket) {
  auto deep = findExcessiveNesting("{\n  \"a\": [[\n[", 3);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->line, 3u);
  EXPECT_EQ(deep->column, 1u);
  EXPECT_EQ(deep->offset, 12u);
}

TEST(BoundedJson, HundredThousandLevelsAreAnErrorNotACrash) {
  auto parsed = parseJson(nested(100000));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(llvm::toString(parsed.takeError()),
            "[1:257, byte=256]: arrays and objects nested deeper than 256 levels (flytec's limit)");
}

TEST(BoundedJson, ValidJsonParsesAsLlvmDoes) {
  auto parsed = parseJson(R"({"a": [1, 2.5, "x", null, true, {"b": []}]})");
  ASSERT_TRUE(bool(parsed));
  EXPECT_EQ(*parsed, llvm::cantFail(llvm::json::parse(R"({"a": [1, 2.5, "x", null, true, {"b": []}]})")));
  auto bad = parseJson("[1,");
  ASSERT_FALSE(bad);
  EXPECT_EQ(llvm::toString(bad.takeError()).find("nested deeper"), std::string::npos);
}

}  // namespace
}  // namespace flytec::support
