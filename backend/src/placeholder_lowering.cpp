// Placeholder lowering (spec §6 "lowered to"); see placeholder_lowering.h.
// The recognised spellings follow flyteplugins' template regular expressions
// (`(?i){{\s*[\.$]Inputs\.(?P<input_name>[^}\s]+)\s*}}`): keyword case and
// the leading `.` or `$` are free, spaces inside the braces are allowed.
#include "backend/placeholder_lowering.h"

#include <cctype>
#include <optional>

namespace flytec::backend {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool istartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool validName(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n)
    if (isSpace(c) || c == '}') return false;
  return true;
}

/// The lowered text of one `{{...}}` (inner = between the braces), or nullopt
/// when it is not one of flytec's placeholders (or one that Flyte keeps).
std::optional<std::string> lowerOne(std::string_view inner, const PlaceholderContext& ctx) {
  std::string_view s = trim(inner);
  if (s.empty() || (s.front() != '.' && s.front() != '$')) return std::nullopt;
  s.remove_prefix(1);
  if (iequals(s, "inputs")) return std::string("/var/inputs/inputs.json");
  if (iequals(s, "outputDir")) return std::string("/var/outputs");
  if (istartsWith(s, "outputs.")) {
    std::string_view name = s.substr(8);
    if (!validName(name)) return std::nullopt;
    return "/var/outputs/" + std::string(name);
  }
  if (istartsWith(s, "inputs.")) {
    std::string_view name = s.substr(7);
    if (!validName(name)) return std::nullopt;
    const idl::LiteralType* t = ctx.inputType(name);
    if (!t) return std::nullopt;
    if (ctx.isMapped(name)) {
      // The variant's interface holds list[P]; the element type decides.
      const idl::LiteralType& elem = t->kind() == idl::LiteralType::Kind::Collection ? t->elementType() : *t;
      if (!isPathType(elem)) return std::nullopt;
      return "/var/inputs/" + std::string(name) + "/${FLYTE_K8S_ARRAY_INDEX}";
    }
    if (!isPathType(*t)) return std::nullopt;
    return "/var/inputs/" + std::string(name);
  }
  return std::nullopt;
}

template <typename OnPlaceholder>
void scan(std::string_view text, OnPlaceholder&& on) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    on(open, close + 2, text.substr(open + 2, close - open - 2));
    pos = close + 2;
  }
}

}  // namespace

bool isPathType(const idl::LiteralType& t) {
  using K = idl::LiteralType::Kind;
  switch (t.kind()) {
    case K::Blob:
    case K::Collection:
    case K::Map:
      return true;
    case K::Simple:
      return t.simpleType() == idl::SimpleType::Struct;
    default:
      return false;
  }
}

std::string lowerPlaceholders(std::string_view text, const PlaceholderContext& ctx) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  scan(text, [&](size_t begin, size_t end, std::string_view inner) {
    if (auto lowered = lowerOne(inner, ctx)) {
      out.append(text.substr(copied, begin - copied));
      out.append(*lowered);
      copied = end;
    }
  });
  out.append(text.substr(copied));
  return out;
}

bool hasFlytecPlaceholder(std::string_view text, const PlaceholderContext& ctx) {
  bool found = false;
  scan(text, [&](size_t, size_t, std::string_view inner) {
    if (found) return;
    std::string_view s = trim(inner);
    if (s.empty() || (s.front() != '.' && s.front() != '$')) return;
    s.remove_prefix(1);
    if (iequals(s, "inputs") || iequals(s, "outputDir") || istartsWith(s, "outputs.")) {
      found = true;
    } else if (istartsWith(s, "inputs.")) {
      // Scalar inputs are kept on purpose; a path-typed one must not survive.
      found = lowerOne(inner, ctx).has_value();
    }
  });
  return found;
}

}  // namespace flytec::backend
