// Values from text and JSON, by declared type: what `--input k=v`,
// `--inputs F.json` and task outputs (spec §6 "Outputs") turn into
// core.Literal values. Paths are made absolute against a base directory and,
// when asked, must exist with the right kind (file or directory). It does
// not render values (literal_text.h) or read files (output_reader.h).
#pragma once

#include <llvm/Support/JSON.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "flyteidl/core/literals.pb.h"
#include "flyteidl/core/types.pb.h"

namespace flytec::rt {

/// Where relative paths point and whether they must exist.
struct ParseContext {
  std::filesystem::path baseDir;
  bool checkPaths = true;
  /// Empty for inputs (a `file` is a regular file, a `dir` a directory of
  /// them: path_checks.h). For outputs, the task's directory: a path must
  /// lie inside it and be no symbolic link.
  std::filesystem::path outputRoot;
  /// True for task outputs: int, float, bool and duration text is read
  /// exactly as Flyte's data sidecar reads it (Go's strconv.ParseInt,
  /// ParseFloat, ParseBool and time.ParseDuration: idl/go_strconv.h), so a
  /// value `flytec run` accepts is one a cluster accepts, and the other way
  /// round (`inf`, `NaN`, `0x1p-2` are floats; `1d` is no duration). False
  /// for `--input k=v`, which also takes flytec's literal forms (`2d`).
  bool goScalars = false;
};

/// Parses `text` as a value of `type`: text as is for str, Go forms for
/// int/float/bool/datetime/duration (a flytec duration literal such as `1h30m`
/// or `2d` too), a member name for an enum, a path for file/dir, JSON for
/// lists, dicts and structs, `null` for none; a union tries `null` and then
/// each variant in order. On failure returns nullopt and sets `error`
/// ("expected an integer, found `x`").
std::optional<flyteidl::core::Literal> literalFromText(std::string_view text,
                                                       const flyteidl::core::LiteralType& type,
                                                       const ParseContext& ctx, std::string& error);

/// Converts a JSON value to a literal of `type` (the JSON forms of
/// literal_text.h; durations also as strings or integer nanoseconds).
std::optional<flyteidl::core::Literal> literalFromJson(const llvm::json::Value& value,
                                                       const flyteidl::core::LiteralType& type,
                                                       const ParseContext& ctx, std::string& error);

/// Parses JSON `text` as a value of `type` (lists of numbers or booleans
/// without a JSON tree: scalar_list_parse.h); `error` as literalFromText.
std::optional<flyteidl::core::Literal> literalFromJsonText(std::string_view text,
                                                           const flyteidl::core::LiteralType& type,
                                                           const ParseContext& ctx, std::string& error);

/// `json` with ".0" after every integer outside int64, so that llvm::json
/// reads it as the double it is rather than clamping it to INT64_MAX (an
/// `int` then refuses it; a `float` takes it). Text in strings is kept.
std::string widenHugeIntegers(std::string_view json);

/// The flytec spelling of a protobuf type (`int`, `list[file]`, `int?`), for
/// messages.
std::string typeName(const flyteidl::core::LiteralType& type);

/// True for a union with a `none` variant (flytec `T?`) or the none type.
bool acceptsNone(const flyteidl::core::LiteralType& type);

/// The none literal (scalar.none_type).
flyteidl::core::Literal noneLiteral();

/// Parses an RFC 3339 timestamp (`2024-01-02T03:04:05.5Z`, offsets allowed).
bool parseRfc3339(std::string_view text, int64_t& seconds, int32_t& nanos);

}  // namespace flytec::rt
