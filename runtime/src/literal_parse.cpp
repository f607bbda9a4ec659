// Typed parsing of text and JSON into core.Literal (see literal_parse.h).
// Errors are the catalogue's reasons ("expected an integer, found `x`":
// diagnostics/diagnostic_reason.h), which the caller's message places after
// the input or output name.
#include "runtime/literal_parse.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "diagnostics/diagnostic_reason.h"
#include "idl/duration.h"
#include "idl/go_format.h"
#include "idl/go_strconv.h"
#include "idl/struct_json.h"
#include "support/bounded_json.h"
#include "runtime/path_checks.h"
#include "runtime/scalar_list_parse.h"
#include "runtime/struct_schema.h"

namespace flytec::rt {

using flyteidl::core::Literal;
using flyteidl::core::LiteralType;
using flyteidl::core::SimpleType;

namespace fs = std::filesystem;

namespace {

/// `s`, cut to 80 characters, for a reason that shows what was found.
std::string clipped(std::string_view s) {
  std::string t(s.substr(0, 80));
  if (s.size() > 80) t += "...";
  return t;
}

/// Sets `error` to "expected WANT, found `TEXT`"; returns nullopt.
std::nullopt_t expected(std::string& error, std::string_view want, std::string_view found) {
  error = reasonText(reason::expected_but_found, want, clipped(found));
  return std::nullopt;
}

Literal intLiteral(int64_t v) {
  Literal l;
  l.mutable_scalar()->mutable_primitive()->set_integer(v);
  return l;
}
Literal floatLiteral(double v) {
  Literal l;
  l.mutable_scalar()->mutable_primitive()->set_float_value(v);
  return l;
}
Literal stringLiteral(std::string v) {
  Literal l;
  l.mutable_scalar()->mutable_primitive()->set_string_value(std::move(v));
  return l;
}
Literal boolLiteral(bool v) {
  Literal l;
  l.mutable_scalar()->mutable_primitive()->set_boolean(v);
  return l;
}

/// An `--input` int: an optional sign, then decimal digits ("+-1" is not one).
bool parseInt(std::string_view s, int64_t& out) {
  if (!s.empty() && s[0] == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s[0] == '-') return false;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

/// An integer JSON number in int64 range. Integers above it arrive as
/// doubles (widenHugeIntegers), and getAsInteger() takes a double of
/// exactly +-2^63 as an integer; only the exact extremes, printed as
/// integers, are the int64 limits.
std::optional<int64_t> jsonInteger(const llvm::json::Value& v) {
  auto d = v.getAsNumber();
  if (!d) return std::nullopt;
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (*d >= kTwoTo63 || *d <= -kTwoTo63) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << v;
    os.flush();
    if (text == "9223372036854775807") return std::numeric_limits<int64_t>::max();
    if (text == "-9223372036854775808") return std::numeric_limits<int64_t>::min();
    return std::nullopt;
  }
  if (auto i = v.getAsInteger()) return *i;
  return std::nullopt;
}

bool parseFloat(std::string_view s, double& out) {
  if (s.empty()) return false;
  std::string t(s);
  if (t[0] == '+') t.erase(0, 1);
  // Reject hex, inf and nan spellings that strtod would take.
  for (char c : t)
    if (!(isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+' || c == '_'))
      return false;
  std::string u;
  for (char c : t)
    if (c != '_') u += c;
  auto r = std::from_chars(u.data(), u.data() + u.size(), out);
  return r.ec == std::errc() && r.ptr == u.data() + u.size();
}

std::optional<int64_t> parseDurationText(std::string_view s, bool goOnly) {
  if (goOnly) return idl::parseGoDuration(s).nanos;
  if (auto d = idl::parseDurationLiteral(s)) return d.nanos;
  if (auto d = idl::parseGoDuration(s)) return d.nanos;
  return std::nullopt;
}

void setDuration(Literal& l, int64_t nanos) {
  auto* d = l.mutable_scalar()->mutable_primitive()->mutable_duration();
  d->set_seconds(nanos / 1000000000LL);
  d->set_nanos(static_cast<int32_t>(nanos % 1000000000LL));
}

std::optional<Literal> blobFromPath(std::string_view text, const LiteralType& type,
                                    const ParseContext& ctx, std::string& error) {
  if (text.empty()) {
    error = reasonText(reason::path_empty);
    return std::nullopt;
  }
  std::string t(text);
  if (t.rfind("file://", 0) == 0) t = t.substr(7);
  fs::path p(t);
  if (p.is_relative()) p = ctx.baseDir / p;
  p = p.lexically_normal();
  bool wantDir = type.blob().dimensionality() == flyteidl::core::BlobType::MULTIPART;
  if (ctx.checkPaths) {
    auto problem = ctx.outputRoot.empty() ? inputPathProblem(p, wantDir)
                                          : outputPathProblem(p, wantDir, ctx.outputRoot);
    if (problem) {
      error = std::move(*problem);
      return std::nullopt;
    }
  }
  Literal l;
  auto* blob = l.mutable_scalar()->mutable_blob();
  *blob->mutable_metadata()->mutable_type() = type.blob();
  blob->set_uri(p.string());
  return l;
}

std::optional<Literal> enumValue(std::string_view text, const LiteralType& type, std::string& error) {
  for (const auto& v : type.enum_type().values())
    if (v == text) return stringLiteral(std::string(text));
  std::string members;
  for (const auto& v : type.enum_type().values()) members += (members.empty() ? "" : ", ") + v;
  error = reasonText(reason::not_an_enum_member_of, clipped(text), members);
  return std::nullopt;
}

Literal wrapUnion(Literal value, const LiteralType& variant) {
  Literal l;
  auto* u = l.mutable_scalar()->mutable_union_();
  *u->mutable_value() = std::move(value);
  *u->mutable_type() = variant;
  return l;
}

}  // namespace

std::string widenHugeIntegers(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool inString = false;
  for (size_t i = 0; i < json.size();) {
    char c = json[i];
    if (inString) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) out += json[++i];
      else if (c == '"') inString = false;
      ++i;
      continue;
    }
    if (c == '"') inString = true;
    if (!(c == '-' || isdigit(static_cast<unsigned char>(c)))) {
      out += c;
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < json.size() && (isalnum(static_cast<unsigned char>(json[end])) || json[end] == '.' ||
                                 json[end] == '+' || json[end] == '-'))
      ++end;
    std::string_view token = json.substr(i, end - i);
    out += token;
    int64_t v;
    auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec == std::errc::result_out_of_range && r.ptr == token.data() + token.size()) out += ".0";
    i = end;
  }
  return out;
}

Literal noneLiteral() {
  Literal l;
  l.mutable_scalar()->mutable_none_type();
  return l;
}

bool acceptsNone(const LiteralType& type) {
  if (type.type_case() == LiteralType::kSimple) return type.simple() == flyteidl::core::NONE;
  if (type.type_case() == LiteralType::kUnionType)
    for (const auto& v : type.union_type().variants())
      if (acceptsNone(v)) return true;
  return false;
}

std::string typeName(const LiteralType& type) {
  switch (type.type_case()) {
    case LiteralType::kSimple:
      switch (type.simple()) {
        case flyteidl::core::NONE: return "none";
        case flyteidl::core::INTEGER: return "int";
        case flyteidl::core::FLOAT: return "float";
        case flyteidl::core::STRING: return "str";
        case flyteidl::core::BOOLEAN: return "bool";
        case flyteidl::core::DATETIME: return "datetime";
        case flyteidl::core::DURATION: return "duration";
        case flyteidl::core::BINARY: return "binary";
        case flyteidl::core::ERROR: return "error";
        case flyteidl::core::STRUCT: return "struct";
        default: return "?";
      }
    case LiteralType::kBlob:
      return type.blob().dimensionality() == flyteidl::core::BlobType::MULTIPART ? "dir" : "file";
    case LiteralType::kCollectionType: return "list[" + typeName(type.collection_type()) + "]";
    case LiteralType::kMapValueType: return "dict[str, " + typeName(type.map_value_type()) + "]";
    case LiteralType::kEnumType: return "enum";
    case LiteralType::kUnionType: {
      const auto& vs = type.union_type().variants();
      if (vs.size() == 2 && acceptsNone(vs[1]) && !acceptsNone(vs[0])) return typeName(vs[0]) + "?";
      std::string s = "union[";
      for (int i = 0; i < vs.size(); ++i) s += (i ? ", " : "") + typeName(vs[i]);
      return s + "]";
    }
    case LiteralType::kSchema: return "schema";
    case LiteralType::kStructuredDatasetType: return "structured dataset";
    default: return "unset";
  }
}

bool parseRfc3339(std::string_view s, int64_t& seconds, int32_t& nanos) {
  auto r = idl::parseRfc3339(s);
  if (!r) return false;
  seconds = r.value->seconds;
  nanos = r.value->nanos;
  return true;
}

std::optional<Literal> literalFromText(std::string_view text, const LiteralType& type,
                                       const ParseContext& ctx, std::string& error) {
  switch (type.type_case()) {
    case LiteralType::kSimple:
      switch (type.simple()) {
        case flyteidl::core::INTEGER: {
          // Outputs: strconv.ParseInt(s, 10, 64), as Flyte's uploader reads them
          // (flyteorg/flyte v1.16.5 flyteidl/clients/go/coreutils/literals.go:339).
          if (ctx.goScalars) {
            if (auto v = idl::parseGoInt(text)) return intLiteral(*v);
          } else if (int64_t v; parseInt(text, v)) {
            return intLiteral(v);
          }
          return expected(error, "an integer", text);
        }
        case flyteidl::core::FLOAT: {
          // Outputs: strconv.ParseFloat(s, 64) (literals.go:345), which takes
          // `inf`, `NaN` and hex floats; inputs stay finite decimal numbers.
          if (ctx.goScalars) {
            if (auto v = idl::parseGoFloat(text)) return floatLiteral(*v);
          } else if (double v; parseFloat(text, v) && std::isfinite(v)) {
            return floatLiteral(v);
          }
          return expected(error, "a number", text);
        }
        case flyteidl::core::STRING: return stringLiteral(std::string(text));
        case flyteidl::core::BOOLEAN: {
          // strconv.ParseBool for inputs and outputs alike (literals.go:351).
          if (auto v = idl::parseGoBool(text)) return boolLiteral(*v);
          return expected(error, "`true` or `false`", text);
        }
        case flyteidl::core::DATETIME: {
          int64_t sec;
          int32_t ns;
          if (parseRfc3339(text, sec, ns)) {
            Literal l;
            auto* ts = l.mutable_scalar()->mutable_primitive()->mutable_datetime();
            ts->set_seconds(sec);
            ts->set_nanos(ns);
            return l;
          }
          return expected(error, "an RFC 3339 datetime (2024-01-02T03:04:05Z)", text);
        }
        case flyteidl::core::DURATION: {
          // Outputs: time.ParseDuration only (literals.go:359), so no `1d`.
          if (auto n = parseDurationText(text, ctx.goScalars)) {
            Literal l;
            setDuration(l, *n);
            return l;
          }
          return expected(error, "a duration (1h30m, 250ms)", text);
        }
        case flyteidl::core::NONE:
          if (text.empty() || text == "null" || text == "none") return noneLiteral();
          return expected(error, "`null`", text);
        default: break;
      }
      break;
    case LiteralType::kBlob: return blobFromPath(text, type, ctx, error);
    case LiteralType::kEnumType: return enumValue(text, type, error);
    case LiteralType::kUnionType: {
      if ((text == "null" || text == "none" || text.empty()) && acceptsNone(type)) return noneLiteral();
      std::string first;
      for (const auto& v : type.union_type().variants()) {
        if (acceptsNone(v)) continue;
        std::string e;
        if (auto l = literalFromText(text, v, ctx, e)) return wrapUnion(std::move(*l), v);
        if (first.empty()) first = e;
      }
      error = first.empty() ? reasonText(reason::no_variant_accepts_text, typeName(type), clipped(text)) : first;
      return std::nullopt;
    }
    default: break;
  }
  // Lists, dicts, structs: JSON text.
  return literalFromJsonText(text, type, ctx, error);
}

std::optional<Literal> literalFromJsonText(std::string_view text, const LiteralType& type, const ParseContext& ctx,
                                           std::string& error) {
  Literal fast;
  switch (parseScalarList(text, type, fast, error)) {
    case FastParse::Parsed: return fast;
    case FastParse::Invalid: return std::nullopt;
    case FastParse::NotApplicable: break;
  }
  auto parsed = support::parseJson(widenHugeIntegers(text));
  if (!parsed) {
    // Nesting beyond flytec's limit is said as such. Any other error means
    // the text is not JSON at all, and the parser's position and guess
    // ("[1:2, byte=2]: Invalid JSON value (false?)") mean nothing to a user
    // who typed `--input xs=foo`.
    std::string why = llvm::toString(parsed.takeError());
    error = support::findExcessiveNesting(text) ? reasonText(reason::json_not_parsed, typeName(type), why)
                                                : reasonText(reason::not_json_for, typeName(type), clipped(text));
    return std::nullopt;
  }
  return literalFromJson(*parsed, type, ctx, error);
}

std::optional<Literal> literalFromJson(const llvm::json::Value& v, const LiteralType& type,
                                       const ParseContext& ctx, std::string& error) {
  auto mismatch = [&](const char* want) {
    std::string found;
    llvm::raw_string_ostream os(found);
    os << v;
    return expected(error, want, os.str());
  };
  switch (type.type_case()) {
    case LiteralType::kSimple:
      switch (type.simple()) {
        case flyteidl::core::INTEGER:
          if (auto i = jsonInteger(v)) return intLiteral(*i);
          return mismatch("an integer in the range of a 64-bit signed integer");
        case flyteidl::core::FLOAT:
          if (auto d = v.getAsNumber()) return floatLiteral(*d);
          return mismatch("a number");
        case flyteidl::core::STRING:
          if (auto s = v.getAsString()) return stringLiteral(s->str());
          return mismatch("a string");
        case flyteidl::core::BOOLEAN:
          if (auto b = v.getAsBoolean()) return boolLiteral(*b);
          return mismatch("`true` or `false`");
        case flyteidl::core::DATETIME:
          if (auto s = v.getAsString()) return literalFromText(*s, type, ctx, error);
          return mismatch("an RFC 3339 datetime string");
        case flyteidl::core::DURATION:
          if (auto s = v.getAsString()) return literalFromText(*s, type, ctx, error);
          if (auto i = v.getAsInteger()) {
            Literal l;
            setDuration(l, *i);
            return l;
          }
          return mismatch("a duration string");
        case flyteidl::core::NONE:
          if (v.kind() == llvm::json::Value::Null) return noneLiteral();
          return mismatch("null");
        case flyteidl::core::STRUCT:
          if (auto o = v.getAsObject()) {
            // A declared struct's fields (its JSON schema) must match.
            if (type.has_metadata())
              if (auto bad = schemaMismatch(v, idl::jsonFromProto(type.metadata()))) {
                error = std::move(*bad);
                return std::nullopt;
              }
            Literal l;
            *l.mutable_scalar()->mutable_generic() = idl::jsonToProtoStruct(*o);
            return l;
          }
          return mismatch("a JSON object");
        default:
          error = reasonText(reason::type_not_supported, typeName(type));
          return std::nullopt;
      }
    case LiteralType::kBlob:
      if (auto s = v.getAsString()) return blobFromPath(*s, type, ctx, error);
      return mismatch("a path string");
    case LiteralType::kEnumType:
      if (auto s = v.getAsString()) return enumValue(*s, type, error);
      return mismatch("an enum member name");
    case LiteralType::kCollectionType: {
      const auto* arr = v.getAsArray();
      if (!arr) return mismatch("a JSON list");
      Literal l;
      auto* coll = l.mutable_collection();
      for (size_t i = 0; i < arr->size(); ++i) {
        std::string e;
        auto el = literalFromJson((*arr)[i], type.collection_type(), ctx, e);
        if (!el) {
          error = reasonText(reason::at_element, i, e);
          return std::nullopt;
        }
        *coll->add_literals() = std::move(*el);
      }
      return l;
    }
    case LiteralType::kMapValueType: {
      const auto* obj = v.getAsObject();
      if (!obj) return mismatch("a JSON object");
      Literal l;
      auto* map = l.mutable_map()->mutable_literals();
      for (const auto& kv : *obj) {
        std::string e;
        auto el = literalFromJson(kv.second, type.map_value_type(), ctx, e);
        if (!el) {
          error = reasonText(reason::at_key, kv.first.str(), e);
          return std::nullopt;
        }
        (*map)[kv.first.str()] = std::move(*el);
      }
      return l;
    }
    case LiteralType::kUnionType: {
      if (v.kind() == llvm::json::Value::Null && acceptsNone(type)) return noneLiteral();
      std::string first;
      for (const auto& variant : type.union_type().variants()) {
        if (acceptsNone(variant)) continue;
        std::string e;
        if (auto l = literalFromJson(v, variant, ctx, e)) return wrapUnion(std::move(*l), variant);
        if (first.empty()) first = e;
      }
      error = first.empty() ? reasonText(reason::no_variant_accepts_value, typeName(type)) : first;
      return std::nullopt;
    }
    default:
      error = reasonText(reason::type_not_supported, typeName(type));
      return std::nullopt;
  }
}

}  // namespace flytec::rt
