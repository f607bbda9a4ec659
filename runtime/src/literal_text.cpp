// Flyte's text forms of values (see literal_text.h). Numbers and datetimes
// come from idl/go_format.h; this file applies them to literals and writes
// JSON as encoding/json does: sorted object keys,
// HTML-safe string escaping (`<` as \u003c), no whitespace.
#include "runtime/literal_text.h"

#include <cmath>
#include <vector>

#include "idl/duration.h"
#include "idl/go_format.h"
#include "idl/struct_json.h"

namespace flytec::rt {

using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;
using flyteidl::core::Primitive;
using flyteidl::core::Scalar;

namespace {

void appendJsonString(std::string& out, const std::string& s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
      continue;
    }
    // U+2028 and U+2029 (E2 80 A8/A9) are escaped by encoding/json too.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  out += '"';
}

void appendJsonValue(std::string& out, const llvm::json::Value& v) {
  switch (v.kind()) {
    case llvm::json::Value::Null: out += "null"; break;
    case llvm::json::Value::Boolean: out += *v.getAsBoolean() ? "true" : "false"; break;
    case llvm::json::Value::Number:
      if (auto i = v.getAsInteger()) out += std::to_string(*i);
      else out += goFloatJson(*v.getAsNumber());
      break;
    case llvm::json::Value::String: appendJsonString(out, v.getAsString()->str()); break;
    case llvm::json::Value::Array: {
      out += '[';
      bool first = true;
      for (const auto& e : *v.getAsArray()) {
        if (!first) out += ',';
        first = false;
        appendJsonValue(out, e);
      }
      out += ']';
      break;
    }
    case llvm::json::Value::Object: {
      const auto* o = v.getAsObject();
      std::vector<std::string> keys;
      for (const auto& kv : *o) keys.push_back(kv.first.str());
      std::sort(keys.begin(), keys.end());
      out += '{';
      bool first = true;
      for (const auto& k : keys) {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, k);
        out += ':';
        appendJsonValue(out, *o->get(k));
      }
      out += '}';
      break;
    }
  }
}

int64_t durationNanos(const google::protobuf::Duration& d) {
  return d.seconds() * 1000000000LL + d.nanos();
}

void appendLiteral(std::string& out, const Literal& lit, const JsonFlavor& flavor);

void appendScalar(std::string& out, const Scalar& s, const JsonFlavor& flavor) {
  switch (s.value_case()) {
    case Scalar::kPrimitive: {
      const Primitive& p = s.primitive();
      switch (p.value_case()) {
        case Primitive::kInteger: out += std::to_string(p.integer()); return;
        case Primitive::kFloatValue:
          if (!std::isfinite(p.float_value())) out += "null";
          else out += goFloatJson(p.float_value());
          return;
        case Primitive::kStringValue: appendJsonString(out, p.string_value()); return;
        case Primitive::kBoolean: out += p.boolean() ? "true" : "false"; return;
        case Primitive::kDatetime:
          appendJsonString(out, rfc3339Nano(p.datetime().seconds(), p.datetime().nanos()));
          return;
        case Primitive::kDuration:
          if (flavor.durationsAsNull) out += "null";
          else appendJsonString(out, idl::formatGoDuration(durationNanos(p.duration())));
          return;
        default: out += "null"; return;
      }
    }
    case Scalar::kBlob: appendJsonString(out, blobPath(s.blob().uri())); return;
    case Scalar::kGeneric:
      appendJsonValue(out, llvm::json::Value(idl::jsonFromProto(s.generic())));
      return;
    case Scalar::kUnion: appendLiteral(out, s.union_().value(), flavor); return;
    case Scalar::kBinary: appendJsonString(out, s.binary().value()); return;
    case Scalar::kSchema: appendJsonString(out, blobPath(s.schema().uri())); return;
    case Scalar::kStructuredDataset: appendJsonString(out, blobPath(s.structured_dataset().uri())); return;
    case Scalar::kError: appendJsonString(out, s.error().message()); return;
    default: out += "null"; return;
  }
}

void appendLiteral(std::string& out, const Literal& lit, const JsonFlavor& flavor) {
  switch (lit.value_case()) {
    case Literal::kScalar: appendScalar(out, lit.scalar(), flavor); return;
    case Literal::kCollection: {
      out += '[';
      bool first = true;
      for (const auto& e : lit.collection().literals()) {
        if (!first) out += ',';
        first = false;
        appendLiteral(out, e, flavor);
      }
      out += ']';
      return;
    }
    case Literal::kMap: out += literalMapToJson(lit.map(), flavor); return;
    default: out += "null"; return;
  }
}

}  // namespace

std::string goFloatInline(double v) { return idl::formatFloatInline(v); }
std::string goFloatPlain(double v) { return idl::formatFloatFile(v); }
std::string goFloatJson(double v) { return idl::formatFloatJson(v).value_or("null"); }
std::string rfc3339Nano(int64_t seconds, int32_t nanos) { return idl::formatRfc3339Nano(seconds, nanos); }

std::string blobPath(const std::string& uri) {
  if (uri.rfind("file://", 0) == 0) return uri.substr(7);
  return uri;
}

std::optional<std::string> inlineText(const Literal& lit) {
  if (lit.value_case() != Literal::kScalar) return std::nullopt;
  const Scalar& s = lit.scalar();
  if (s.value_case() == Scalar::kBlob) return blobPath(s.blob().uri());
  if (s.value_case() == Scalar::kUnion) return inlineText(s.union_().value());
  if (s.value_case() != Scalar::kPrimitive) return std::nullopt;
  const Primitive& p = s.primitive();
  switch (p.value_case()) {
    case Primitive::kInteger: return std::to_string(p.integer());
    case Primitive::kFloatValue: return goFloatInline(p.float_value());
    case Primitive::kStringValue: return p.string_value();
    case Primitive::kBoolean: return p.boolean() ? "true" : "false";
    case Primitive::kDatetime: return rfc3339Nano(p.datetime().seconds(), p.datetime().nanos());
    case Primitive::kDuration: return idl::formatGoDuration(durationNanos(p.duration()));
    default: return std::nullopt;
  }
}

std::optional<std::string> fileText(const Literal& lit) {
  if (lit.value_case() != Literal::kScalar) return std::nullopt;
  const Scalar& s = lit.scalar();
  if (s.value_case() == Scalar::kNoneType) return "null";
  if (s.value_case() == Scalar::kUnion) return fileText(s.union_().value());
  if (s.value_case() != Scalar::kPrimitive) return std::nullopt;
  const Primitive& p = s.primitive();
  switch (p.value_case()) {
    case Primitive::kInteger: return std::to_string(p.integer());
    case Primitive::kFloatValue: return goFloatPlain(p.float_value());
    case Primitive::kStringValue: return p.string_value();
    case Primitive::kBoolean: return p.boolean() ? "true" : "false";
    case Primitive::kDatetime: return rfc3339Nano(p.datetime().seconds(), p.datetime().nanos());
    case Primitive::kDuration: return idl::formatGoDuration(durationNanos(p.duration()));
    default: return std::nullopt;
  }
}

std::string literalToJson(const Literal& lit, JsonFlavor flavor) {
  std::string out;
  appendLiteral(out, lit, flavor);
  return out;
}

std::string literalMapToJson(const LiteralMap& map, JsonFlavor flavor) {
  std::vector<std::string> keys;
  for (const auto& kv : map.literals()) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  std::string out = "{";
  bool first = true;
  for (const auto& k : keys) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, k);
    out += ':';
    appendLiteral(out, map.literals().at(k), flavor);
  }
  return out + "}";
}

}  // namespace flytec::rt
