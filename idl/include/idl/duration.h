// Durations in nanoseconds (int64, as Go's time.Duration and the ranges of
// protobuf Duration that Flyte uses): flytec's duration literals (`30s`,
// `1h30m`, `2d`, `250ms`; spec §3), Go's time.ParseDuration syntax (for
// `@every` in a cron schedule and for reading values Flyte wrote), and Go's
// time.Duration.String() text (`1h30m0s`), which is how Flyte renders a
// duration into a file or an output (spec §6).
//
// It does not lex: the lexer finds the literal's extent and calls
// parseDurationLiteral on it. It knows nothing of protobuf Duration messages
// (seconds + nanos) beyond the arithmetic: converting is the caller's job.
// No exceptions; overflow is an error, never a wrap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flytec::idl {

/// Nanoseconds per unit.
inline constexpr int64_t kNanosecond = 1;
inline constexpr int64_t kMicrosecond = 1000 * kNanosecond;
inline constexpr int64_t kMillisecond = 1000 * kMicrosecond;
inline constexpr int64_t kSecond = 1000 * kMillisecond;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

/// The result of parsing a duration: `nanos` on success, otherwise `error`
/// (a lower-case message) and `errorOffset` (byte offset into the text of the
/// first character at fault).
struct DurationParse {
  std::optional<int64_t> nanos;
  std::string error;
  size_t errorOffset = 0;

  explicit operator bool() const { return nanos.has_value(); }
};

/// Parses a flytec duration literal: one or more `<digits><unit>` components,
/// units `d h m s ms us ns`, each unit at most once and in decreasing order
/// (`1h30m`, not `30m1h`), no sign, no fraction, no spaces. The total must fit
/// an int64 of nanoseconds (about 292 years).
DurationParse parseDurationLiteral(std::string_view text);

/// Parses Go's time.ParseDuration syntax exactly: `[-+]?([0-9]*(\.[0-9]*)?unit)+`
/// with units `ns us µs μs ms s m h`, or a bare `0`. The error texts are Go's
/// (`time: invalid duration "x"`, `time: missing unit in duration "1"`,
/// `time: unknown unit "d" in duration "1d"`), as robfig/cron quotes them.
/// Fractions are converted as Go does (through float64 per component).
DurationParse parseGoDuration(std::string_view text);

/// Go's time.Duration.String(): `1h30m0s`, `250ms`, `1.5µs`, `0s`, `-1m0s`,
/// `2562047h47m16.854775807s`. Microseconds use U+00B5 (µ), as Go does.
std::string formatGoDuration(int64_t nanos);

/// The shortest flytec literal for a duration: `1h30m`, `2d`, `250ms`, `0s`
/// (a negative value gets a leading `-`, which is not a literal). Round-trips
/// through parseDurationLiteral for every value >= 0.
std::string formatDurationLiteral(int64_t nanos);

} // namespace flytec::idl
