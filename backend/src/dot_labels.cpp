// Label text for the DOT writer (dot_labels.h): DOT string quoting, short
// resource lines, literal bindings as the language writes them, and the
// mapped task behind a map variant's name. It draws nothing and decides no
// graph structure (dot_writer.cpp does).
#include "dot_labels.h"

#include <optional>

#include "idl/quantity.h"
#include "typecheck/effective_resources.h"
#include "typecheck/resource_rows.h"

#include "backend/dot_writer.h"
#include "idl/go_format.h"

namespace flytec::backend {

namespace fp = flyteidl;

namespace {

void appendCodePointRef(std::string& out, uint32_t cp) { out += "&#" + std::to_string(cp) + ";"; }

std::string resourceName(int name) {
  switch (name) {
    case fp::core::Resources::CPU: return "cpu";
    case fp::core::Resources::GPU: return "gpu";
    case fp::core::Resources::MEMORY: return "mem";
    case fp::core::Resources::STORAGE: return "storage";
    case fp::core::Resources::EPHEMERAL_STORAGE: return "ephemeral_storage";
    default: return "?";
  }
}

std::string resourceList(const google::protobuf::RepeatedPtrField<fp::core::Resources::ResourceEntry>& list) {
  std::string out;
  for (const auto& e : list) out += (out.empty() ? "" : " ") + resourceName(e.name()) + "=" + e.value();
  return out;
}

/// A string as the language writes it: quoted, with `\"`, `\\`, `\n`, `\t`.
std::string sourceString(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += {'\\', c};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "\"";
}

std::string scalarText(const fp::core::Scalar& s) {
  switch (s.value_case()) {
    case fp::core::Scalar::kPrimitive: {
      const auto& p = s.primitive();
      switch (p.value_case()) {
        case fp::core::Primitive::kInteger: return idl::formatIntInline(p.integer());
        case fp::core::Primitive::kFloatValue: return idl::formatFloatInline(p.float_value());
        case fp::core::Primitive::kStringValue: return sourceString(p.string_value());
        case fp::core::Primitive::kBoolean: return idl::formatBoolInline(p.boolean());
        case fp::core::Primitive::kDatetime: return "datetime";
        case fp::core::Primitive::kDuration: return "duration";
        default: return "?";
      }
    }
    case fp::core::Scalar::kNoneType: return "none";
    case fp::core::Scalar::kBlob: return s.blob().uri();
    case fp::core::Scalar::kGeneric: return "{...}";
    default: return "...";
  }
}

}  // namespace

/// `s` cut to at most kMaxLineBytes, at a UTF-8 boundary, with `...` when cut.
std::string shorten(std::string s) {
  if (s.size() <= kMaxLineBytes) return s;
  size_t cut = kMaxLineBytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

/// `requests` and `limits` lines, each only when short enough to read.
void appendResources(const fp::core::Resources& r, std::vector<std::string>& lines) {
  std::string req = resourceList(r.requests()), lim = resourceList(r.limits());
  if (!req.empty() && req.size() + 4 <= kMaxLineBytes) lines.push_back("req " + req);
  if (!lim.empty() && lim.size() + 4 <= kMaxLineBytes) lines.push_back("lim " + lim);
}

namespace {

tc::ResourceSet setOf(const google::protobuf::RepeatedPtrField<fp::core::Resources::ResourceEntry>& list) {
  tc::ResourceSet out;
  for (const auto& e : list) {
    std::optional<tc::ResourceKind> k;
    switch (e.name()) {
      case fp::core::Resources::CPU: k = tc::ResourceKind::Cpu; break;
      case fp::core::Resources::MEMORY: k = tc::ResourceKind::Memory; break;
      case fp::core::Resources::GPU: k = tc::ResourceKind::Gpu; break;
      case fp::core::Resources::EPHEMERAL_STORAGE: k = tc::ResourceKind::EphemeralStorage; break;
      default: break;
    }
    auto q = idl::parseQuantity(e.value());
    if (k && q && !q->isZero()) out[*k] = q;
  }
  return out;
}

}  // namespace

void appendEffective(const fp::core::Resources& task, const fp::core::Resources* override,
                     const tc::ClusterProfile& profile, std::vector<std::string>& lines) {
  tc::DeclaredResources declared{setOf(task.requests()), setOf(task.limits())};
  std::optional<tc::DeclaredResources> o;
  if (override) o = tc::DeclaredResources{setOf(override->requests()), setOf(override->limits())};
  lines.push_back(shorten("eff " + tc::formatEffective(tc::effectiveResources(declared, o ? &*o : nullptr, profile))));
}

/// A literal binding as short text, or empty when it reads an output.
std::string literalText(const fp::core::BindingData& b) {
  switch (b.value_case()) {
    case fp::core::BindingData::kScalar: return scalarText(b.scalar());
    case fp::core::BindingData::kCollection: {
      std::string s = "[";
      for (const auto& e : b.collection().bindings()) {
        std::string item = literalText(e);
        if (item.empty()) return "";
        s += (s.size() > 1 ? ", " : "") + item;
        if (s.size() > kMaxLineBytes) break;
      }
      return s + "]";
    }
    case fp::core::BindingData::kMap: return b.map().bindings().empty() ? "{}" : "{...}";
    default: return "";
  }
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

/// The source task of a map variant: `{prefix.}map_{task}_{h}-arraynode`
/// (spec §10) gives `{prefix.}{task}`; any other name is returned as is.
std::string mappedTaskName(const std::string& variant) {
  static const std::string suffix = "-arraynode";
  size_t dot = variant.rfind('.');
  std::string prefix = dot == std::string::npos ? "" : variant.substr(0, dot + 1);
  std::string bare = dot == std::string::npos ? variant : variant.substr(dot + 1);
  if (bare.size() < 4 + 17 + suffix.size() || bare.compare(0, 4, "map_") != 0 ||
      bare.compare(bare.size() - suffix.size(), suffix.size(), suffix) != 0)
    return variant;
  std::string core = bare.substr(4, bare.size() - 4 - suffix.size());  // task_h
  size_t us = core.rfind('_');
  if (us == std::string::npos || core.size() - us - 1 != 16) return variant;
  return prefix + core.substr(0, us);
}

std::string dotQuote(std::string_view text) {
  std::string out = "\"";
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '&') out += "&amp;";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') {
        if (i < text.size() && text[i] == '\n') ++i;
        out += "\\n";
      } else if (c == '\t') out += ' ';
      else if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
      continue;
    }
    // Decode one UTF-8 sequence; anything malformed is one U+FFFD per byte.
    int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    uint32_t cp = len == 4 ? c & 0x07 : len == 3 ? c & 0x0F : c & 0x1F;
    bool ok = len != 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
      ok = false;
    if (!ok) {
      appendCodePointRef(out, 0xFFFD);
      ++i;
      continue;
    }
    appendCodePointRef(out, cp);
    i += len;
  }
  return out + "\"";
}

}  // namespace flytec::backend
