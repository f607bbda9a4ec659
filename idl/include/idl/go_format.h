// The text forms Flyte writes values in (spec §6), byte for byte as Go does:
//   - inline `{{.inputs.X}}`: Go fmt `%v` (float = strconv 'g' shortest:
//     `2`, `0.5`, `123456`, `1e+06`, `1.5e-05`);
//   - files under /var/inputs and outputs: float as strconv 'f' shortest,
//     never an exponent (`1000000`, `0.000015`);
//   - inputs.json: Go encoding/json numbers (exponent only below 1e-6 or
//     from 1e21, written `1e-7`, `1e+21`);
//   - datetimes: Go's time.RFC3339Nano in UTC (`2024-01-02T03:04:05.5Z`),
//     and a parser for RFC 3339 literals with offsets.
// Ints and bools are the same in all three forms (decimal, `true`/`false`);
// durations use formatGoDuration (duration.h).
//
// It does not write JSON documents or files (the runtime does) and does not
// quote strings. Shortest digits come from std::to_chars, which, like Go's
// strconv, picks the shortest digit string that reads back to the same double
// (the closest one when several are equally short).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flytec::idl {

/// An int as every form writes it: decimal, `-` for negatives.
std::string formatIntInline(int64_t v);

/// A bool as every form writes it: `true` / `false`.
std::string formatBoolInline(bool v);

/// A float as Go's `%v` writes it (strconv.FormatFloat(v, 'g', -1, 64) with
/// fmt's sign handling): shortest digits; an exponent (at least two digits,
/// signed) when the decimal exponent is < -4 or >= 6; `+Inf`, `-Inf`, `NaN`.
std::string formatFloatInline(double v);

/// A float as Flyte writes it in a file: strconv.FormatFloat(v, 'f', -1, 64),
/// shortest digits in plain decimal (`1e21` is `1000000000000000000000`);
/// `+Inf`, `-Inf`, `NaN`.
std::string formatFloatFile(double v);

/// A float as Go's encoding/json writes it: 'f' shortest unless the magnitude
/// is below 1e-6 or at least 1e21, then 'e' shortest with `e-07` cleaned to
/// `e-7` (`1e+21` keeps its `+`). NaN and infinities are not JSON (Go's
/// encoder fails): nullopt.
std::optional<std::string> formatFloatJson(double v);

/// A protobuf Timestamp (seconds since the Unix epoch, nanos) as Go's
/// time.RFC3339Nano in UTC: `2024-01-02T03:04:05Z`, `2024-01-02T03:04:05.5Z`
/// (fractional seconds without trailing zeros). Nanos outside [0, 1e9) are
/// carried into the seconds first, as time.Unix does. Years outside 0-9999
/// are written as Go does (`-0001`, `10000`); protobuf rejects them anyway.
std::string formatRfc3339Nano(int64_t seconds, int32_t nanos);

/// A point in time as protobuf Timestamp holds it: UTC seconds since the
/// epoch and 0 <= nanos < 1e9.
struct Timestamp {
  int64_t seconds = 0;
  int32_t nanos = 0;
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

/// The result of parseRfc3339: `value`, or a lower-case `error`.
struct TimestampParse {
  std::optional<Timestamp> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
};

/// Parses an RFC 3339 date-time as Go's time.Parse(time.RFC3339, ...) accepts
/// it: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`, upper-case `T` and
/// `Z`, seconds 0-59, day checked against the month, a comma or a period
/// before the fraction, digits after the ninth dropped. The offset is
/// applied, giving UTC. Stricter than Go in one place: the result must lie in
/// protobuf Timestamp's range (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z).
TimestampParse parseRfc3339(std::string_view text);

} // namespace flytec::idl
