// Cron schedules as flyteadmin's native scheduler parses them: robfig/cron v3
// ParseStandard (spec §10, E0801). Five fields (minute, hour, day of month,
// month, day of week) with `*`, `?`, ranges, steps, lists and case-insensitive
// month and weekday names; the descriptors `@yearly @annually @monthly
// @weekly @daily @midnight @hourly @every <Go duration>`; an optional
// `CRON_TZ=Zone ` or `TZ=Zone ` prefix.
//
// It accepts exactly what robfig accepts, including its quirks: `*-5` and
// `?-x` are accepted (the part after `*` is ignored), `1,,2` and `,` are
// lists with empty items (`,` matches nothing), `5/15` means 5-max/15, `+5`
// is 5, and `@every` takes any Go duration, `0s` and negatives included
// (robfig runs them every second: see CronSchedule::everyEffectiveNanos).
// The one difference: a time-zone prefix without a following space, which
// makes robfig panic, is an error here. Error messages are robfig's own
// ("end of range (61) above maximum (59): 61"); the field, the offending
// text and the allowed range come separately for a better diagnostic.
//
// Time zones are checked as Go's time.LoadLocation does on Linux: `UTC`,
// `Local` and the empty name always exist; any other name must be a TZif file
// under the zoneinfo directory (default /usr/share/zoneinfo). When that
// directory does not exist, every name without `..` or a leading `/` is
// accepted and CronSchedule::zoneVerified says so. It does not compute
// next run times.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flytec::idl {

/// The five fields of a standard cron line, in order.
enum class CronField { Minute, Hour, DayOfMonth, Month, DayOfWeek };

/// "minute", "hour", "day of month", "month", "day of week".
std::string_view cronFieldName(CronField f);
/// What a field allows: "0-59", "0-23", "1-31", "1-12 or JAN-DEC", "0-6 or SUN-SAT".
std::string_view cronFieldAllowed(CronField f);

/// What a parsed schedule is.
enum class CronKind {
  Fields,      ///< five fields
  Descriptor,  ///< @yearly ... @hourly
  Every,       ///< @every DURATION
};

/// A valid schedule.
struct CronSchedule {
  CronKind kind = CronKind::Fields;
  /// The zone of a `CRON_TZ=`/`TZ=` prefix (possibly empty: `TZ= ...` is
  /// UTC in Go); nullopt without a prefix (flyteadmin's local time).
  std::optional<std::string> timezone;
  /// False when the zone could not be looked up (no zoneinfo directory).
  bool zoneVerified = true;
  /// For Descriptor: the descriptor as written (`@daily`).
  std::string descriptor;
  /// For Every: the parsed Go duration, and the delay robfig actually uses
  /// (cron.Every: at least one second, fractions of a second dropped).
  int64_t everyNanos = 0;
  int64_t everyEffectiveNanos = 0;
  /// For Fields: the matching values of each field as bits (bit v set when
  /// value v matches), indexed by CronField; and whether it started with
  /// `*` or `?` (robfig's star bit, which changes day matching).
  std::array<uint64_t, 5> bits{};
  std::array<bool, 5> star{};
};

/// Why a schedule is rejected.
struct CronError {
  /// robfig's message: "end of range (61) above maximum (59): 61",
  /// "expected exactly 5 fields, found 4: [0 0 * *]",
  /// "provided bad location Mars/Base: unknown time zone Mars/Base", ...
  std::string message;
  /// The field at fault, when one is.
  std::optional<CronField> field;
  /// The offending text: the range expression (`61`, `1-5/0`), the zone
  /// name, the descriptor, or the whole spec for a field-count error.
  std::string text;
  /// What is allowed there: cronFieldAllowed(field), the descriptor list, ...
  std::string allowed;
  /// Byte offset of `text` in the spec.
  size_t offset = 0;
};

/// A schedule or the reason there is none.
struct CronParse {
  std::optional<CronSchedule> schedule;
  CronError error;
  explicit operator bool() const { return schedule.has_value(); }
};

/// Where time zones are looked up.
struct CronOptions {
  std::string zoneinfoDir = "/usr/share/zoneinfo";
};

/// Parses `spec` exactly as robfig/cron v3 ParseStandard does.
CronParse parseCronStandard(std::string_view spec, const CronOptions& options = {});

} // namespace flytec::idl
