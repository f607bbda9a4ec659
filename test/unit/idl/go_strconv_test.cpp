// Go's strconv.ParseInt(s, 10, 64), ParseFloat(s, 64) and ParseBool, row by
// row. Every expectation below is what Go 1.19's strconv returns for the same
// text (printed with %.17g); the rows cover signs, underscores, base
// prefixes, hex floats, specials, overflow and underflow.
#include "idl/go_strconv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace flytec::idl;

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(GoStrconv, ParseInt) {
  struct Row { const char* text; std::optional<int64_t> value; } rows[] = {
      {"1", 1}, {"+1", 1}, {"-1", -1}, {"01", 1}, {"0", 0}, {"-0", 0}, {"+0", 0},
      {"9223372036854775807", kMax}, {"-9223372036854775808", kMin},
      {"9223372036854775808", std::nullopt}, {"-9223372036854775809", std::nullopt},
      {"1_000", std::nullopt}, {"0x10", std::nullopt}, {" 1", std::nullopt}, {"1 ", std::nullopt},
      {"+-1", std::nullopt}, {"--1", std::nullopt}, {"", std::nullopt}, {"+", std::nullopt},
      {"-", std::nullopt}, {"1.0", std::nullopt}, {"1e3", std::nullopt}, {"٣", std::nullopt},
  };
  for (const Row& r : rows) EXPECT_EQ(parseGoInt(r.text), r.value) << r.text;
}

TEST(GoStrconv, ParseFloatAccepts) {
  struct Row { const char* text; double value; } rows[] = {
      {"1", 1}, {"+1", 1}, {"-1", -1}, {"1.5", 1.5}, {".5", 0.5}, {"5.", 5}, {"00.5", 0.5},
      {"1e3", 1000}, {"1E+3", 1000}, {"1_0.5", 10.5}, {"0_1.5", 1.5}, {"1_23.50_0_0e+1_2", 1.235e14},
      {"0x1p-2", 0.25}, {"0x1.8p1", 3}, {"0X1P0", 1}, {"0x_1p0", 1}, {"0x1.Fp+0", 1.9375},
      {"9223372036854775808", 9223372036854775808.0},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"4.9e-324", 4.9406564584124654e-324},
      {"1e-400", 0}, {"2e-324", 0}, {"0x1p-1080", 0},
  };
  for (const Row& r : rows) {
    auto v = parseGoFloat(r.text);
    ASSERT_TRUE(v.has_value()) << r.text;
    EXPECT_EQ(*v, r.value) << r.text;
  }
  EXPECT_TRUE(std::signbit(*parseGoFloat("-0")));
  EXPECT_TRUE(std::signbit(*parseGoFloat("-1e-400")));
}

TEST(GoStrconv, ParseFloatSpecials) {
  for (const char* t : {"inf", "Inf", "+Inf", "infinity", "Infinity", "+INFINITY"})
    EXPECT_EQ(parseGoFloat(t), std::numeric_limits<double>::infinity()) << t;
  for (const char* t : {"-inf", "-infinity", "-Inf"})
    EXPECT_EQ(parseGoFloat(t), -std::numeric_limits<double>::infinity()) << t;
  for (const char* t : {"nan", "NaN", "NAN"}) {
    auto v = parseGoFloat(t);
    ASSERT_TRUE(v.has_value()) << t;
    EXPECT_TRUE(std::isnan(*v)) << t;
  }
}

TEST(GoStrconv, ParseFloatRejects) {
  for (const char* t : {"", "+", "-", ".", "e3", "1e", "1e+", "1e_3", "_1", "1_", "1__0", "1_.5", "1._5",
                        "0x1", "0x", "0x.p1", "0b1", "0o7", "1d", " 1", "1 ", "1.5.2", "+nan", "-nan",
                        "infin", "infx", "nanx", "1e400", "1.7976931348623159e308", "-1e400", "0x1p1024",
                        "1,5", "١"})
    EXPECT_FALSE(parseGoFloat(t).has_value()) << t;
}

TEST(GoStrconv, ParseBool) {
  for (const char* t : {"1", "t", "T", "true", "TRUE", "True"}) EXPECT_EQ(parseGoBool(t), true) << t;
  for (const char* t : {"0", "f", "F", "false", "FALSE", "False"}) EXPECT_EQ(parseGoBool(t), false) << t;
  for (const char* t : {"tRuE", "yes", "", " true", "2", "on"}) EXPECT_FALSE(parseGoBool(t).has_value()) << t;
}

}  // namespace
