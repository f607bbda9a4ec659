// Duration literals, Go's ParseDuration and Go's Duration.String(). The Go
// cases are Go's own (time_test.go durationTests / parseDurationTests).
#include "idl/duration.h"

#include <gtest/gtest.h>

#include <limits>

using namespace flytec::idl;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(DurationLiteral, Valid) {
  struct Case {
    const char* text;
    int64_t nanos;
  } cases[] = {
      {"30s", 30 * kSecond},
      {"5m", 5 * kMinute},
      {"1h30m", kHour + 30 * kMinute},
      {"2d", 2 * kDay},
      {"250ms", 250 * kMillisecond},
      {"1d12h", kDay + 12 * kHour},
      {"1m30s", 90 * kSecond},
      {"1s500ms", 1500 * kMillisecond},
      {"7us", 7 * kMicrosecond},
      {"9ns", 9},
      {"0s", 0},
      {"0ms", 0},
      {"01h", kHour},
      {"1d1h1m1s1ms1us1ns", kDay + kHour + kMinute + kSecond + kMillisecond + kMicrosecond + 1},
      {"106751d23h47m16s854ms775us807ns", kMax},
      {"9223372036854775807ns", kMax},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    DurationParse r = parseDurationLiteral(c.text);
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(*r.nanos, c.nanos);
  }
}

TEST(DurationLiteral, Invalid) {
  struct Case {
    const char* text;
    const char* error;  // substring
    size_t offset;
  } cases[] = {
      {"", "empty duration", 0},
      {"30", "missing unit after `30`", 2},
      {"1h30", "missing unit after `30`", 4},
      {"30m1h", "duration unit `h` after `m`", 4},
      {"1s1s", "appears twice", 3},
      {"1x", "unknown duration unit `x`", 1},
      {"1min", "unknown duration unit `min`", 1},
      {"1.5m", "whole numbers", 1},
      {"h", "expected a number", 0},
      {"-1s", "expected a number", 0},
      {"1 h", "missing unit", 1},
      {"1h ", "expected a number", 2},
      {"106752d", "too large", 0},
      {"106751d23h47m16s854ms775us808ns", "too large", 26},
      {"99999999999999999999999ns", "too large", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    DurationParse r = parseDurationLiteral(c.text);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error.find(c.error), std::string::npos) << r.error;
    EXPECT_EQ(r.errorOffset, c.offset);
  }
}

TEST(DurationLiteral, FormatRoundTrips) {
  struct Case {
    int64_t nanos;
    const char* text;
  } cases[] = {
      {0, "0s"},
      {90 * kMinute, "1h30m"},
      {2 * kDay, "2d"},
      {250 * kMillisecond, "250ms"},
      {kDay + 1, "1d1ns"},
      {kMax, "106751d23h47m16s854ms775us807ns"},
      {-kSecond, "-1s"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(formatDurationLiteral(c.nanos), c.text);
    if (c.nanos >= 0) {
      DurationParse r = parseDurationLiteral(formatDurationLiteral(c.nanos));
      ASSERT_TRUE(r);
      EXPECT_EQ(*r.nanos, c.nanos);
    }
  }
}

TEST(GoDuration, String) {
  struct Case {
    int64_t nanos;
    const char* text;
  } cases[] = {
      {0, "0s"},
      {1, "1ns"},
      {1100, "1.1\xC2\xB5s"},
      {2200 * kMicrosecond, "2.2ms"},
      {3300 * kMillisecond, "3.3s"},
      {4 * kMinute + 5 * kSecond, "4m5s"},
      {4 * kMinute + 5001 * kMillisecond, "4m5.001s"},
      {5 * kHour + 6 * kMinute + 7001 * kMillisecond, "5h6m7.001s"},
      {8 * kMinute + 1, "8m0.000000001s"},
      {90 * kMinute, "1h30m0s"},
      {250 * kMillisecond, "250ms"},
      {1500 * kMillisecond, "1.5s"},
      {kMinute, "1m0s"},
      {48 * kHour, "48h0m0s"},
      {-kMinute, "-1m0s"},
      {-1, "-1ns"},
      {kMax, "2562047h47m16.854775807s"},
      {kMin, "-2562047h47m16.854775808s"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(formatGoDuration(c.nanos), c.text);
  }
}

TEST(GoDuration, ParseValid) {
  struct Case {
    const char* text;
    int64_t nanos;
  } cases[] = {
      {"0", 0},
      {"5s", 5 * kSecond},
      {"30s", 30 * kSecond},
      {"1478s", 1478 * kSecond},
      {"-5s", -5 * kSecond},
      {"+5s", 5 * kSecond},
      {"-0", 0},
      {"+0", 0},
      {"5.0s", 5 * kSecond},
      {"5.6s", 5 * kSecond + 600 * kMillisecond},
      {"5.s", 5 * kSecond},
      {".5s", 500 * kMillisecond},
      {"1.0s", kSecond},
      {"1.00s", kSecond},
      {"1.004s", kSecond + 4 * kMillisecond},
      {"1.0040s", kSecond + 4 * kMillisecond},
      {"100.00100s", 100 * kSecond + 1 * kMillisecond},
      {"10ns", 10},
      {"11us", 11 * kMicrosecond},
      {"12\xC2\xB5s", 12 * kMicrosecond},
      {"12\xCE\xBCs", 12 * kMicrosecond},
      {"13ms", 13 * kMillisecond},
      {"14s", 14 * kSecond},
      {"15m", 15 * kMinute},
      {"16h", 16 * kHour},
      {"3h30m", 3 * kHour + 30 * kMinute},
      {"10.5s4m", 4 * kMinute + 10 * kSecond + 500 * kMillisecond},
      {"-2m3.4s", -(2 * kMinute + 3 * kSecond + 400 * kMillisecond)},
      {"1h2m3s4ms5us6ns", kHour + 2 * kMinute + 3 * kSecond + 4 * kMillisecond + 5 * kMicrosecond + 6},
      {"39h9m14.425s", 39 * kHour + 9 * kMinute + 14 * kSecond + 425 * kMillisecond},
      {"52763797000ns", 52763797000},
      {"0.3333333333333333333h", 20 * kMinute},
      {"9007199254740993ns", (int64_t(1) << 53) + 1},
      {"9223372036854775807ns", kMax},
      {"9223372036854775.807us", kMax},
      {"9223372036s854ms775us807ns", kMax},
      {"-9223372036854775808ns", kMin},
      {"-9223372036854775.808us", kMin},
      {"-9223372036s854ms775us808ns", kMin},
      {"-2562047h47m16.854775808s", kMin},
      {"0.100000000000000000000h", 6 * kMinute},
      {"0.830103483285477580700h", 49 * kMinute + 48 * kSecond + 372539827},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    DurationParse r = parseGoDuration(c.text);
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(*r.nanos, c.nanos);
  }
}

TEST(GoDuration, ParseInvalid) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"", R"(time: invalid duration "")"},
      {"3", R"(time: missing unit in duration "3")"},
      {"-", R"(time: invalid duration "-")"},
      {"s", R"(time: invalid duration "s")"},
      {".", R"(time: invalid duration ".")"},
      {"-.", R"(time: invalid duration "-.")"},
      {".s", R"(time: invalid duration ".s")"},
      {"+.s", R"(time: invalid duration "+.s")"},
      {"1d", R"(time: unknown unit "d" in duration "1d")"},
      {"\x85\x85", R"(time: invalid duration "\x85\x85")"},
      {"\xff" "ff", R"(time: invalid duration "\xffff")"},
      {"hello \xff" "ff world", R"(time: invalid duration "hello \xffff world")"},
      {"1\"s", R"(time: unknown unit "\"s" in duration "1\"s")"},
      {"9223372036854775810ns", R"(time: invalid duration "9223372036854775810ns")"},
      {"9223372036854775808ns", R"(time: invalid duration "9223372036854775808ns")"},
      {"-9223372036854775809ns", R"(time: invalid duration "-9223372036854775809ns")"},
      {"9223372036854775.808us", R"(time: invalid duration "9223372036854775.808us")"},
      {"9223372036854ms775us808ns", R"(time: invalid duration "9223372036854ms775us808ns")"},
      {"9223372036s854ms775us808ns", R"(time: invalid duration "9223372036s854ms775us808ns")"},
      {"3000000h", R"(time: invalid duration "3000000h")"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    DurationParse r = parseGoDuration(c.text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error, c.error);
  }
}

TEST(GoDuration, StringParsesBack) {
  for (int64_t v : {int64_t(0), int64_t(1), int64_t(999), int64_t(1001), kSecond + 1, 90 * kMinute, kMax, kMin,
                    -kDay - 7}) {
    DurationParse r = parseGoDuration(formatGoDuration(v));
    ASSERT_TRUE(r) << formatGoDuration(v);
    EXPECT_EQ(*r.nanos, v);
  }
}

} // namespace
