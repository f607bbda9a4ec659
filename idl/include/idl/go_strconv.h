// Go's strconv parsers, exactly: what Flyte's data sidecar accepts when it
// reads a task's scalar outputs. The uploader (flyteorg/flyte v1.16.5
// flytecopilot/data/upload.go:41-57, handleSimpleType) trims the file's text
// of spaces, tabs and newlines and hands it to coreutils.MakePrimitiveForType
// (flyteidl/clients/go/coreutils/literals.go:335-378), which calls
// strconv.ParseInt(s, 10, 64), strconv.ParseFloat(s, 64) and
// strconv.ParseBool(s); durations go through time.ParseDuration (duration.h,
// parseGoDuration) and datetimes through time.Parse(time.RFC3339, s)
// (go_format.h, parseRfc3339).
//
// The grammar follows Go's strconv/atof.go and atoi.go (readFloat, special,
// underscoreOK); the numeric value of a decimal or hexadecimal float comes
// from std::from_chars, which rounds correctly as Go does. The table in
// test/unit/idl/go_strconv_test.cpp was checked against Go 1.19's strconv.
// It does not trim: the caller trims as the uploader does.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flytec::idl {

/// strconv.ParseInt(text, 10, 64): an optional `+` or `-`, then one or more
/// decimal digits (no underscores, no base prefix, no spaces), in int64
/// range. nullopt on a syntax or range error.
std::optional<int64_t> parseGoInt(std::string_view text);

/// strconv.ParseFloat(text, 64): decimal (`1.5`, `.5`, `5.`, `1e3`) and
/// hexadecimal (`0x1.8p1`, exponent required) floats with an optional sign,
/// underscores only between digits (or after a base prefix); `inf`,
/// `infinity` (either case, optional sign) and `nan` (either case, no
/// sign). Values beyond float64's range are an error; values too small
/// round to (signed) zero, as Go does.
std::optional<double> parseGoFloat(std::string_view text);

/// strconv.ParseBool: `1 t T TRUE true True` and `0 f F FALSE false False`.
std::optional<bool> parseGoBool(std::string_view text);

} // namespace flytec::idl
