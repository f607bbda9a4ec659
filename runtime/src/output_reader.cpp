// Reading outputs (see output_reader.h).
#include "runtime/output_reader.h"

#include <fstream>
#include <sstream>

#include "runtime/literal_parse.h"
#include "support/bounded_json.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralType;

namespace {

constexpr size_t kMaxJsonOutputBytes = 64u << 20;

bool readCapped(const fs::path& p, size_t cap, std::string& out, std::string& error) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return error = "cannot read " + p.string() + ": " + ec.message(), false;
  if (size > cap) {
    error = "is " + std::to_string(size) + " bytes; the limit is " +
            (cap == kMaxScalarOutputBytes ? std::string("1 KiB") : std::to_string(cap) + " bytes");
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

std::optional<std::string> readErrorFile(const fs::path& dir) {
  fs::path p = dir / "_ERROR";
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  std::string text, error;
  if (!readCapped(p, 64 * 1024, text, error)) return "(unreadable _ERROR file: " + error + ")";
  text = trimOutputText(text);
  return text.empty() ? std::string("(empty _ERROR file)") : text;
}

bool readOutputs(const fs::path& dir, const flyteidl::core::VariableMap& outputs,
                 flyteidl::core::LiteralMap& result, std::string& error) {
  ParseContext ctx{dir, true};
  for (const auto& [name, var] : outputs.variables()) {
    const LiteralType& type = var.type();
    fs::path p = dir / name;
    std::error_code ec;
    auto st = fs::status(p, ec);
    auto fail = [&](const std::string& why) {
      error = "output `" + name + "` (" + typeName(type) + "): " + why;
      return false;
    };
    if (ec || !fs::exists(st)) {
      if (acceptsNone(type)) {
        (*result.mutable_literals())[name] = noneLiteral();
        continue;
      }
      return fail("the task did not write " + p.string());
    }
    std::string e;
    std::optional<Literal> value;
    if (type.type_case() == LiteralType::kBlob) {
      value = literalFromText(p.string(), type, ctx, e);
    } else {
      bool json = isJsonType(type);
      if (fs::is_directory(st)) return fail(p.string() + " is a directory");
      std::string text;
      if (!readCapped(p, json ? kMaxJsonOutputBytes : kMaxScalarOutputBytes, text, e))
        return fail(p.string() + " " + e);
      text = trimOutputText(std::move(text));
      if (json) {
        auto parsed = support::parseJson(text);
        if (!parsed) return fail("expected JSON in " + p.string() + ": " + llvm::toString(parsed.takeError()));
        value = literalFromJson(*parsed, type, ctx, e);
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
