// The three text forms of spec §6 and the RFC 3339 reader. Expected strings
// are the spec's examples and what Go's fmt, strconv and encoding/json print.
#include "idl/go_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace flytec::idl;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(GoFormat, IntAndBool) {
  EXPECT_EQ(formatIntInline(0), "0");
  EXPECT_EQ(formatIntInline(42), "42");
  EXPECT_EQ(formatIntInline(-7), "-7");
  EXPECT_EQ(formatIntInline(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(formatBoolInline(true), "true");
  EXPECT_EQ(formatBoolInline(false), "false");
}

TEST(GoFormat, FloatInline) {
  struct Case {
    double v;
    const char* text;
  } cases[] = {
      // The spec's examples.
      {2.0, "2"},
      {0.5, "0.5"},
      {123456, "123456"},
      {1e6, "1e+06"},
      {1.5e-5, "1.5e-05"},
      // Go's %v (strconv 'g', -1): exponent when exp < -4 || exp >= 6.
      {0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {-2.5, "-2.5"},
      {3.14, "3.14"},
      {0.1 + 0.2, "0.30000000000000004"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {0.00012, "0.00012"},
      {100000, "100000"},
      {999999, "999999"},
      {123456.7, "123456.7"},
      {1234567, "1.234567e+06"},
      {1e20, "1e+20"},
      {1e21, "1e+21"},
      {1e100, "1e+100"},
      {-1e-100, "-1e-100"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {kInf, "+Inf"},
      {-kInf, "-Inf"},
      {kNaN, "NaN"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(formatFloatInline(c.v), c.text);
  }
}

TEST(GoFormat, FloatFile) {
  struct Case {
    double v;
    const char* text;
  } cases[] = {
      // The spec's examples.
      {1e6, "1000000"},
      {1.5e-5, "0.000015"},
      {1e21, "1000000000000000000000"},
      // strconv.FormatFloat(v, 'f', -1, 64).
      {0, "0"},
      {-0.0, "-0"},
      {2, "2"},
      {0.5, "0.5"},
      {123.456, "123.456"},
      {1e-7, "0.0000001"},
      {-1e-7, "-0.0000001"},
      {1.2345678901234567e30, "1234567890123456700000000000000"},
      {0.1 + 0.2, "0.30000000000000004"},
      {kInf, "+Inf"},
      {-kInf, "-Inf"},
      {kNaN, "NaN"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(formatFloatFile(c.v), c.text);
  }
  std::string tiny = formatFloatFile(5e-324);
  EXPECT_EQ(tiny, "0." + std::string(323, '0') + "5");
}

TEST(GoFormat, FloatJson) {
  struct Case {
    double v;
    const char* text;
  } cases[] = {
      // The spec's examples.
      {0.000015, "0.000015"},
      {1e-7, "1e-7"},
      {1e21, "1e+21"},
      // encoding/json's floatEncoder: 'e' only below 1e-6 or from 1e21.
      {0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {0.5, "0.5"},
      {1e6, "1000000"},
      {1e-6, "0.000001"},
      {9.99e-7, "9.99e-7"},
      {-1e-7, "-1e-7"},
      {1e20, "100000000000000000000"},
      {123456789e12, "123456789000000000000"},
      {1.5e300, "1.5e+300"},
      {1e-100, "1e-100"},
      {1.2e-10, "1.2e-10"},
      {5e-324, "5e-324"},
      {0.1 + 0.2, "0.30000000000000004"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::optional<std::string> s = formatFloatJson(c.v);
    ASSERT_TRUE(s);
    EXPECT_EQ(*s, c.text);
  }
  EXPECT_FALSE(formatFloatJson(kInf));
  EXPECT_FALSE(formatFloatJson(-kInf));
  EXPECT_FALSE(formatFloatJson(kNaN));
}

TEST(GoFormat, ShortestDigitsRoundTrip) {
  // Every form must read back to the same double.
  for (double v : {0.1, 1.0 / 3, 2.0 / 3, 1e-300, 123456789.123, 4.35, 9007199254740993.0, 1e23, 8.41e21}) {
    SCOPED_TRACE(v);
    EXPECT_EQ(std::strtod(formatFloatInline(v).c_str(), nullptr), v);
    EXPECT_EQ(std::strtod(formatFloatFile(v).c_str(), nullptr), v);
    EXPECT_EQ(std::strtod(formatFloatJson(v)->c_str(), nullptr), v);
  }
  EXPECT_EQ(formatFloatInline(1e23), "1e+23");
  EXPECT_EQ(formatFloatJson(1e23), "1e+23");
}

TEST(GoFormat, Rfc3339Nano) {
  struct Case {
    int64_t seconds;
    int32_t nanos;
    const char* text;
  } cases[] = {
      {1704164645, 0, "2024-01-02T03:04:05Z"},
      {1704164645, 500000000, "2024-01-02T03:04:05.5Z"},
      {1704164645, 120000000, "2024-01-02T03:04:05.12Z"},
      {1704164645, 1, "2024-01-02T03:04:05.000000001Z"},
      {1704164645, 123456789, "2024-01-02T03:04:05.123456789Z"},
      {0, 0, "1970-01-01T00:00:00Z"},
      {-1, 0, "1969-12-31T23:59:59Z"},
      {-1, 999999999, "1969-12-31T23:59:59.999999999Z"},
      {1709251199, 0, "2024-02-29T23:59:59Z"},
      {951868800, 0, "2000-03-01T00:00:00Z"},
      {-2208988800, 0, "1900-01-01T00:00:00Z"},
      {-62135596800, 0, "0001-01-01T00:00:00Z"},
      {253402300799, 999999999, "9999-12-31T23:59:59.999999999Z"},
      // time.Unix carries nanos outside [0, 1e9) into the seconds.
      {0, -1, "1969-12-31T23:59:59.999999999Z"},
      {0, 1500000000, "1970-01-01T00:00:01.5Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(formatRfc3339Nano(c.seconds, c.nanos), c.text);
  }
}

TEST(GoFormat, ParseRfc3339Valid) {
  struct Case {
    const char* text;
    int64_t seconds;
    int32_t nanos;
  } cases[] = {
      {"2024-01-02T03:04:05Z", 1704164645, 0},
      {"2024-01-02T03:04:05.5Z", 1704164645, 500000000},
      {"2024-01-02T03:04:05.000000001Z", 1704164645, 1},
      {"2024-01-02T03:04:05.123456789Z", 1704164645, 123456789},
      // Go drops digits after the ninth and takes a comma before the fraction.
      {"2024-01-02T03:04:05.1234567891Z", 1704164645, 123456789},
      {"2024-01-02T03:04:05,5Z", 1704164645, 500000000},
      {"2024-01-02T03:04:05+01:00", 1704161045, 0},
      {"2024-01-02T03:04:05.5+01:00", 1704161045, 500000000},
      {"2024-01-02T03:04:05-07:30", 1704191645, 0},
      {"2024-01-02T03:04:05+00:00", 1704164645, 0},
      {"2024-02-29T23:59:59Z", 1709251199, 0},
      {"1969-12-31T23:59:59Z", -1, 0},
      {"0001-01-01T00:00:00Z", -62135596800, 0},
      {"9999-12-31T23:59:59.999999999Z", 253402300799, 999999999},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    TimestampParse r = parseRfc3339(c.text);
    ASSERT_TRUE(r) << r.error;
    EXPECT_EQ(r.value->seconds, c.seconds);
    EXPECT_EQ(r.value->nanos, c.nanos);
  }
}

TEST(GoFormat, ParseRfc3339Invalid) {
  struct Case {
    const char* text;
    const char* error;  // substring
  } cases[] = {
      {"", "expected an RFC 3339 date-time"},
      {"2024-01-02", "expected an RFC 3339 date-time"},
      {"2024-01-02 03:04:05Z", "expected an RFC 3339 date-time"},
      {"2024-01-02t03:04:05Z", "expected an RFC 3339 date-time"},
      {"2024-01-02T03:04:05z", "expected an RFC 3339 date-time"},
      {"2024-1-02T03:04:05Z", "expected an RFC 3339 date-time"},
      {"2024-01-02T03:04:05", "missing time zone"},
      {"2024-01-02T03:04:05.Z", "expected an RFC 3339 date-time"},
      {"2024-01-02T03:04:05,Z", "expected an RFC 3339 date-time"},
      {"2024-01-02T03:04:05+0100", "expected an RFC 3339 date-time"},
      {"2024-01-02T03:04:05+01:00Z", "expected an RFC 3339 date-time"},
      {"2024-13-02T03:04:05Z", "month 13"},
      {"2024-00-02T03:04:05Z", "month 0"},
      {"2023-02-29T00:00:00Z", "day 29 out of range"},
      {"2024-04-31T00:00:00Z", "day 31 out of range"},
      {"2024-01-02T24:00:00Z", "hour 24"},
      {"2024-01-02T03:60:00Z", "minute 60"},
      {"2024-12-31T23:59:60Z", "second 60"},
      {"2024-01-02T03:04:05+24:00", "offset `+24:00` out of range"},
      {"2024-01-02T03:04:05+01:60", "out of range"},
      {"0000-12-31T23:59:59Z", "outside"},
      {"0001-01-01T00:00:00+00:01", "outside"},
      {"9999-12-31T23:59:59-00:01", "outside"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    TimestampParse r = parseRfc3339(c.text);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error.find(c.error), std::string::npos) << r.error;
  }
}

TEST(GoFormat, Rfc3339RoundTrip) {
  for (const char* text : {"2024-01-02T03:04:05Z", "2024-01-02T03:04:05.5Z", "1999-12-31T23:59:59.999999999Z",
                           "2000-02-29T12:00:00.01Z"}) {
    TimestampParse r = parseRfc3339(text);
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(formatRfc3339Nano(r.value->seconds, r.value->nanos), text);
  }
}

} // namespace
