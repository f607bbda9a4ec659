// Reading outputs (see output_reader.h).
#include "runtime/output_reader.h"

#include <fstream>
#include <sstream>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/literal_parse.h"
#include "runtime/path_checks.h"
#include "support/bounded_json.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralType;

namespace {

// A list, dict or union output is JSON of at most 10 MiB (docs/limits.md).
// Flyte reads a task's outputs.pb through storage.limits.maxDownloadMBs,
// 2 MB by default (flyteorg/flyte v1.16.5
// flytestdlib/storage/config.go:36), and offloads a literal from 10 MB,
// failing it from 1000 MB, when literal offloading is on
// (flytepropeller/pkg/controller/config/config.go:131-137).
constexpr size_t kMaxJsonOutputBytes = 10u << 20;

bool readCapped(const fs::path& p, size_t cap, std::string& out, std::string& error) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return error = reasonText(reason::cannot_read, p.string(), ec.message()), false;
  if (size > cap) {
    std::string limit = cap == kMaxScalarOutputBytes ? std::string("1 KiB")
                        : cap % (1u << 20) == 0      ? std::to_string(cap >> 20) + " MiB"
                                                     : std::to_string(cap) + " bytes";
    error = reasonText(reason::file_over_limit, p.string(), size, limit);
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool isJsonType(const LiteralType& t) {
  return t.type_case() == LiteralType::kCollectionType || t.type_case() == LiteralType::kMapValueType ||
         t.type_case() == LiteralType::kUnionType;
}

}  // namespace

std::string trimOutputText(std::string s) {
  auto trim = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  size_t b = 0, e = s.size();
  while (b < e && trim(s[b])) ++b;
  while (e > b && trim(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::optional<std::string> errorFileFailure(const fs::path& dir) {
  fs::path p = dir / "_ERROR";
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  std::string text, error;
  if (!readCapped(p, 64 * 1024, text, error)) return reasonText(reason::task_wrote_unreadable_error, error);
  text = trimOutputText(text);
  if (text.empty()) return reasonText(reason::task_wrote_empty_error);
  return reasonText(reason::task_wrote_error, text);
}

bool readOutputs(const fs::path& dir, const flyteidl::core::VariableMap& outputs,
                 flyteidl::core::LiteralMap& result, std::string& error) {
  // Paths an output names must lie in the attempt directory (its parent).
  ParseContext ctx{dir, true, dir.parent_path(), /*goScalars=*/true};
  for (const auto& entry : outputs.variables()) {
    // A named reference, not a structured binding: clang 14 (the fuzz
    // build) cannot capture a binding in the lambda below.
    const std::string& name = entry.first;
    const LiteralType& type = entry.second.type();
    fs::path p = dir / name;
    std::error_code ec;
    auto st = fs::status(p, ec);
    auto fail = [&](const std::string& why) {
      error = reasonText(reason::output_invalid, name, typeName(type), why);
      return false;
    };
    if (ec || !fs::exists(st)) {
      if (acceptsNone(type)) {
        (*result.mutable_literals())[name] = noneLiteral();
        continue;
      }
      return fail(reasonText(reason::output_not_written, p.string()));
    }
    std::string e;
    std::optional<Literal> value;
    if (type.type_case() == LiteralType::kBlob) {
      value = literalFromText(p.string(), type, ctx, e);
    } else {
      bool json = isJsonType(type);
      if (fs::is_directory(st)) return fail(reasonText(reason::output_is_directory, p.string()));
      if (auto problem = outputPathProblem(p, false, ctx.outputRoot)) return fail(*problem);
      std::string text;
      if (!readCapped(p, json ? kMaxJsonOutputBytes : kMaxScalarOutputBytes, text, e))
        return fail(e);
      text = trimOutputText(std::move(text));
      if (json) {
        value = literalFromJsonText(text, type, ctx, e);
      } else {
        value = literalFromText(text, type, ctx, e);
      }
    }
    if (!value) return fail(e);
    (*result.mutable_literals())[name] = std::move(*value);
  }
  return true;
}

}  // namespace flytec::rt
