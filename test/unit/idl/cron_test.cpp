// Cron schedules as robfig/cron v3 ParseStandard takes them: accepted specs
// (with robfig's quirks), rejected ones with robfig's exact messages, and the
// field, text and offset flytec adds for its diagnostics.
#include "idl/cron.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace flytec::idl;

namespace {

uint64_t bitsOf(std::initializer_list<int> values) {
  uint64_t b = 0;
  for (int v : values) b |= uint64_t(1) << v;
  return b;
}

uint64_t range(int lo, int hi) {
  uint64_t b = 0;
  for (int v = lo; v <= hi; ++v) b |= uint64_t(1) << v;
  return b;
}

bool haveZoneinfo() { return std::filesystem::exists("/usr/share/zoneinfo/Europe/Berlin"); }

TEST(Cron, AcceptsWhatRobfigAccepts) {
  const char* specs[] = {
      "* * * * *",
      "0 0 * * *",
      "*/5 * * * *",
      "0 9 * * MON-FRI",
      "0 9 * * mon-fri",
      "0 9 * * Mon-Fri",
      "0 0 1 JAN *",
      "0 0 1 jan-mar *",
      "0 0 ? * sun",
      "? ? ? ? ?",
      "0 0 1,15 * *",
      "5/15 * * * *",
      "0-59/10 * * * *",
      "0 0 * * 0-6",
      "0 0 31 12 6",
      "0 0 30 FEB *",  // no cross-field check
      "59 23 31 DEC SAT",
      "0\t0  *   *\t*",
      " 0 0 * * * ",
      "*/1 * * * *",
      "*/60 * * * *",
      "+5 * * * *",
      "05 007 * * *",
      "*-5 * * * *",   // robfig ignores what follows `*`
      "?-x-y * * * *",
      "1,,2 * * * *",
      ", * * * *",     // an empty list: never fires, but accepted
      "0 0 * * 0/2",
      "0 0 * JAN/3 *",
      "@yearly",
      "@annually",
      "@monthly",
      "@weekly",
      "@daily",
      "@midnight",
      "@hourly",
      "@every 1h30m",
      "@every 90s",
      "@every 1.5h",
      "TZ=UTC 0 0 * * *",
      "CRON_TZ=UTC 0 0 * * *",
      "TZ= 0 0 * * *",  // an empty zone is UTC in Go
      "CRON_TZ=Local @daily",
      "TZ=UTC   @daily",
  };
  for (const char* spec : specs) {
    SCOPED_TRACE(spec);
    CronParse r = parseCronStandard(spec);
    EXPECT_TRUE(r) << r.error.message;
  }
}

TEST(Cron, FieldBits) {
  CronParse r = parseCronStandard("1-5/2 */6 1,15 jan/3 mon-fri");
  ASSERT_TRUE(r) << r.error.message;
  const CronSchedule& s = *r.schedule;
  EXPECT_EQ(s.kind, CronKind::Fields);
  EXPECT_EQ(s.bits[0], bitsOf({1, 3, 5}));
  EXPECT_EQ(s.bits[1], bitsOf({0, 6, 12, 18}));
  EXPECT_EQ(s.bits[2], bitsOf({1, 15}));
  EXPECT_EQ(s.bits[3], bitsOf({1, 4, 7, 10}));
  EXPECT_EQ(s.bits[4], range(1, 5));
  EXPECT_FALSE(s.star[1]);  // a step > 1 clears robfig's star bit

  r = parseCronStandard("* * ? * */1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.schedule->bits[0], range(0, 59));
  EXPECT_EQ(r.schedule->bits[1], range(0, 23));
  EXPECT_EQ(r.schedule->bits[2], range(1, 31));
  EXPECT_EQ(r.schedule->bits[3], range(1, 12));
  EXPECT_EQ(r.schedule->bits[4], range(0, 6));
  for (bool star : r.schedule->star) EXPECT_TRUE(star);
  EXPECT_FALSE(r.schedule->timezone);

  r = parseCronStandard("5/15 * * * *");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.schedule->bits[0], bitsOf({5, 20, 35, 50}));

  r = parseCronStandard(", * * * *");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.schedule->bits[0], 0u);
}

TEST(Cron, Descriptors) {
  CronParse r = parseCronStandard("@daily");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.schedule->kind, CronKind::Descriptor);
  EXPECT_EQ(r.schedule->descriptor, "@daily");

  r = parseCronStandard("@every 1h30m");
  ASSERT_TRUE(r);
  EXPECT_EQ(r.schedule->kind, CronKind::Every);
  EXPECT_EQ(r.schedule->everyNanos, 5400000000000);
  EXPECT_EQ(r.schedule->everyEffectiveNanos, 5400000000000);

  // robfig's Every(): at least a second, fractions of a second dropped; it
  // accepts zero and negative durations too.
  struct Case {
    const char* spec;
    int64_t nanos, effective;
  } cases[] = {
      {"@every 1500ms", 1500000000, 1000000000},
      {"@every 2.9s", 2900000000, 2000000000},
      {"@every 500ms", 500000000, 1000000000},
      {"@every 0s", 0, 1000000000},
      {"@every 0", 0, 1000000000},
      {"@every -5m", -300000000000, 1000000000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.spec);
    CronParse e = parseCronStandard(c.spec);
    ASSERT_TRUE(e) << e.error.message;
    EXPECT_EQ(e.schedule->everyNanos, c.nanos);
    EXPECT_EQ(e.schedule->everyEffectiveNanos, c.effective);
  }
}

TEST(Cron, RejectsWithRobfigMessages) {
  struct Case {
    const char* spec;
    const char* message;
    std::optional<CronField> field;
    const char* text;
    size_t offset;
  } cases[] = {
      {"", "empty spec string", std::nullopt, "", 0},
      {"* * * *", "expected exactly 5 fields, found 4: [* * * *]", std::nullopt, "* * * *", 0},
      {"0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]", std::nullopt, "0 0 0 * * *", 0},
      {"   ", "expected exactly 5 fields, found 0: []", std::nullopt, "   ", 0},
      {" @daily", "expected exactly 5 fields, found 1: [@daily]", std::nullopt, " @daily", 0},
      {"61 * * * *", "end of range (61) above maximum (59): 61", CronField::Minute, "61", 0},
      {"0 24 * * *", "end of range (24) above maximum (23): 24", CronField::Hour, "24", 2},
      {"0 0 0 * *", "beginning of range (0) below minimum (1): 0", CronField::DayOfMonth, "0", 4},
      {"0 0 32 * *", "end of range (32) above maximum (31): 32", CronField::DayOfMonth, "32", 4},
      {"0 0 * 13 *", "end of range (13) above maximum (12): 13", CronField::Month, "13", 6},
      {"0 0 * 0 *", "beginning of range (0) below minimum (1): 0", CronField::Month, "0", 6},
      {"0 0 * * 7", "end of range (7) above maximum (6): 7", CronField::DayOfWeek, "7", 8},
      {"0 0 * * 1-7", "end of range (7) above maximum (6): 1-7", CronField::DayOfWeek, "1-7", 8},
      {"5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1", CronField::Minute, "5-1", 0},
      {"*/0 * * * *", "step of range should be a positive number: */0", CronField::Minute, "*/0", 0},
      {"1-2-3 * * * *", "too many hyphens: 1-2-3", CronField::Minute, "1-2-3", 0},
      {"1/2/3 * * * *", "too many slashes: 1/2/3", CronField::Minute, "1/2/3", 0},
      {"a * * * *", R"(failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax)",
       CronField::Minute, "a", 0},
      {"0 0 * FOO *", R"(failed to parse int from FOO: strconv.Atoi: parsing "FOO": invalid syntax)",
       CronField::Month, "FOO", 6},
      {"0 0 * * MONDAY", R"(failed to parse int from MONDAY: strconv.Atoi: parsing "MONDAY": invalid syntax)",
       CronField::DayOfWeek, "MONDAY", 8},
      {"JAN * * * *", R"(failed to parse int from JAN: strconv.Atoi: parsing "JAN": invalid syntax)",
       CronField::Minute, "JAN", 0},
      {"0 0 * SUN *", R"(failed to parse int from SUN: strconv.Atoi: parsing "SUN": invalid syntax)",
       CronField::Month, "SUN", 6},
      {"-5 * * * *", R"(failed to parse int from : strconv.Atoi: parsing "": invalid syntax)", CronField::Minute,
       "-5", 0},
      {"/5 * * * *", R"(failed to parse int from : strconv.Atoi: parsing "": invalid syntax)", CronField::Minute,
       "/5", 0},
      {"*/-1 * * * *", "negative number (-1) not allowed: -1", CronField::Minute, "*/-1", 0},
      {"*/ * * * *", R"(failed to parse int from : strconv.Atoi: parsing "": invalid syntax)", CronField::Minute,
       "*/", 0},
      {"99999999999999999999 * * * *",
       R"(failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range)",
       CronField::Minute, "99999999999999999999", 0},
      {"0 0 1,40 * *", "end of range (40) above maximum (31): 40", CronField::DayOfMonth, "40", 6},
      {"0 0 * * 1,2,x", R"(failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax)",
       CronField::DayOfWeek, "x", 12},
      {"1.5 * * * *", R"(failed to parse int from 1.5: strconv.Atoi: parsing "1.5": invalid syntax)",
       CronField::Minute, "1.5", 0},
      {"L * * * *", R"(failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax)", CronField::Minute,
       "L", 0},
      {"@reboot", "unrecognized descriptor: @reboot", std::nullopt, "@reboot", 0},
      {"@Daily", "unrecognized descriptor: @Daily", std::nullopt, "@Daily", 0},
      {"@daily ", "unrecognized descriptor: @daily ", std::nullopt, "@daily ", 0},
      {"@every", "unrecognized descriptor: @every", std::nullopt, "@every", 0},
      {"@every 1d", R"(failed to parse duration @every 1d: time: unknown unit "d" in duration "1d")", std::nullopt,
       "1d", 7},
      {"@every 10", R"(failed to parse duration @every 10: time: missing unit in duration "10")", std::nullopt,
       "10", 7},
      {"@every  1h", R"(failed to parse duration @every  1h: time: invalid duration " 1h")", std::nullopt, " 1h",
       7},
      {"TZ=UTC", "a time zone prefix must be followed by a space and the schedule: TZ=UTC", std::nullopt,
       "TZ=UTC", 0},
      {"CRON_TZ=../etc/passwd * * * * *", "provided bad location ../etc/passwd: time: invalid location name",
       std::nullopt, "../etc/passwd", 8},
      {"TZ=/etc/localtime * * * * *", "provided bad location /etc/localtime: time: invalid location name",
       std::nullopt, "/etc/localtime", 3},
      {"TZ=UTC 61 * * * *", "end of range (61) above maximum (59): 61", CronField::Minute, "61", 7},
      {"CRON_TZ=UTC  0 0 * * 9", "end of range (9) above maximum (6): 9", CronField::DayOfWeek, "9", 21},
      {"TZ=UTC @every 1y", R"(failed to parse duration @every 1y: time: unknown unit "y" in duration "1y")",
       std::nullopt, "1y", 14},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("`") + c.spec + "`");
    CronParse r = parseCronStandard(c.spec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error.message, c.message);
    EXPECT_EQ(r.error.field, c.field);
    EXPECT_EQ(r.error.text, c.text);
    EXPECT_EQ(r.error.offset, c.offset);
    if (c.field) {
      EXPECT_EQ(r.error.allowed, cronFieldAllowed(*c.field));
    }
    EXPECT_FALSE(r.error.allowed.empty());
  }
}

TEST(Cron, FieldNames) {
  EXPECT_EQ(cronFieldName(CronField::Minute), "minute");
  EXPECT_EQ(cronFieldName(CronField::Hour), "hour");
  EXPECT_EQ(cronFieldName(CronField::DayOfMonth), "day of month");
  EXPECT_EQ(cronFieldName(CronField::Month), "month");
  EXPECT_EQ(cronFieldName(CronField::DayOfWeek), "day of week");
  EXPECT_EQ(cronFieldAllowed(CronField::Minute), "0-59");
  EXPECT_EQ(cronFieldAllowed(CronField::Hour), "0-23");
  EXPECT_EQ(cronFieldAllowed(CronField::DayOfMonth), "1-31");
  EXPECT_EQ(cronFieldAllowed(CronField::Month), "1-12 or JAN-DEC");
  EXPECT_EQ(cronFieldAllowed(CronField::DayOfWeek), "0-6 or SUN-SAT");
}

TEST(Cron, UnicodeWhiteSpaceSeparatesFields) {
  // strings.Fields splits on Unicode white space: NBSP (U+00A0) and U+3000.
  CronParse r = parseCronStandard("0\xC2\xA0" "0 * * \xE3\x80\x80*");
  ASSERT_TRUE(r) << r.error.message;
  // Other non-ASCII text is no separator; Go quotes it as it is.
  r = parseCronStandard("0 0 * * \xC3\xA9");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.message, "failed to parse int from \xC3\xA9: strconv.Atoi: parsing \"\xC3\xA9\": invalid syntax");
}

TEST(Cron, TimeZones) {
  if (!haveZoneinfo()) GTEST_SKIP() << "no /usr/share/zoneinfo on this machine";
  CronParse r = parseCronStandard("CRON_TZ=Europe/Berlin 0 0 * * *");
  ASSERT_TRUE(r) << r.error.message;
  EXPECT_EQ(r.schedule->timezone, "Europe/Berlin");
  EXPECT_TRUE(r.schedule->zoneVerified);

  r = parseCronStandard("TZ=America/New_York @daily");
  ASSERT_TRUE(r) << r.error.message;
  EXPECT_EQ(r.schedule->timezone, "America/New_York");
  EXPECT_EQ(r.schedule->kind, CronKind::Descriptor);

  r = parseCronStandard("TZ=Mars/Base 0 0 * * *");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.message, "provided bad location Mars/Base: unknown time zone Mars/Base");
  EXPECT_EQ(r.error.text, "Mars/Base");
  EXPECT_EQ(r.error.offset, 3u);

  // Zone names are case-sensitive on Linux, as for Go.
  r = parseCronStandard("CRON_TZ=europe/berlin 0 0 * * *");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.message, "provided bad location europe/berlin: unknown time zone europe/berlin");

  // A directory is no zone.
  r = parseCronStandard("TZ=Europe 0 0 * * *");
  EXPECT_FALSE(r);
}

TEST(Cron, ZonesWithoutZoneinfo) {
  CronOptions options;
  options.zoneinfoDir = "/nonexistent/zoneinfo";
  CronParse r = parseCronStandard("TZ=Anything/Goes 0 0 * * *", options);
  ASSERT_TRUE(r) << r.error.message;
  EXPECT_FALSE(r.schedule->zoneVerified);
  EXPECT_EQ(r.schedule->timezone, "Anything/Goes");
  // Still rejected without any lookup.
  EXPECT_FALSE(parseCronStandard("TZ=../x 0 0 * * *", options));
  // UTC needs no lookup.
  r = parseCronStandard("TZ=UTC 0 0 * * *", options);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r.schedule->zoneVerified);
}

} // namespace
