// The three text forms Flyte gives a value (spec §6), applied to
// core.Literal values as the runtime holds them:
//   - inline: what `{{.inputs.x}}` becomes in a command (Go `%v`);
//   - file: the content of a scalar file under the inputs directory (no
//     trailing newline, floats never in exponent form);
//   - JSON: Go `encoding/json` of the value, as in `inputs.json`.
// It also renders the run result. It does not parse text (output_reader.cpp
// and literal_json.cpp do) and does not touch the file system.
#pragma once

#include <optional>
#include <string>

#include "flyteidl/core/literals.pb.h"

namespace flytec::rt {

/// Go `%v` of a float64: shortest digits, exponent form when the decimal
/// exponent is below -4 or at least 6 (`2`, `0.5`, `1e+06`, `1.5e-05`).
std::string goFloatInline(double v);
/// strconv.FormatFloat(v, 'f', -1, 64): plain decimal, never an exponent.
std::string goFloatPlain(double v);
/// encoding/json of a float64: exponent only below 1e-6 or from 1e21, with
/// Go's exponent spelling (`1e-7`, `1e+21`).
std::string goFloatJson(double v);
/// RFC 3339 in UTC as Go's RFC3339Nano writes it (fraction without trailing
/// zeros): `2024-01-02T03:04:05.5Z`.
std::string rfc3339Nano(int64_t seconds, int32_t nanos);

/// The inline form of a scalar literal (int, float, str, bool, datetime,
/// enum; a blob gives its path), or nullopt for values Flyte cannot inline
/// (collections, maps, structs, durations, none).
std::optional<std::string> inlineText(const flyteidl::core::Literal& lit);

/// The file form of a scalar primitive or none (`null`); nullopt for other
/// literals (they become files, directories or JSON, see input_layout.h).
std::optional<std::string> fileText(const flyteidl::core::Literal& lit);

/// How JSON renders values Flyte's own JSON has no form for.
struct JsonFlavor {
  /// inputs.json writes durations as `null` (a Flyte quirk); the run result
  /// writes Go's duration text instead.
  bool durationsAsNull = true;
};

/// Go encoding/json of `lit` (objects with sorted keys, no spaces). Blobs are
/// their paths (uri with any file:// prefix removed), structs JSON objects.
std::string literalToJson(const flyteidl::core::Literal& lit, JsonFlavor flavor = {});
/// `{"name": value, ...}` with sorted keys.
std::string literalMapToJson(const flyteidl::core::LiteralMap& map, JsonFlavor flavor = {});

/// The local path of a blob uri ("file:///a" and "/a" both give "/a").
std::string blobPath(const std::string& uri);

}  // namespace flytec::rt
