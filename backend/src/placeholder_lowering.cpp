// Placeholder lowering (spec §6 "lowered to"); see placeholder_lowering.h.
// Which spellings count (case, spaces, `.` or `$`) is the scanner's business
// (typecheck/placeholder_scanner.h, after flyteplugins' template regexps).
#include "backend/placeholder_lowering.h"

#include <optional>

#include "typecheck/placeholder_scanner.h"

namespace flytec::backend {

namespace {

using tc::PlaceholderKind;

/// The lowered text of one placeholder, or nullopt when Flyte keeps it as
/// written (scalar inputs, unknown names, passthroughs).
std::optional<std::string> lowerOne(const tc::Placeholder& p, const PlaceholderContext& ctx) {
  switch (p.kind) {
    case PlaceholderKind::Inputs: return std::string("/var/inputs/inputs.json");
    case PlaceholderKind::OutputDir: return std::string("/var/outputs");
    case PlaceholderKind::Output: return "/var/outputs/" + p.name;
    case PlaceholderKind::Passthrough: return std::nullopt;
    case PlaceholderKind::Input: break;
  }
  const idl::LiteralType* t = ctx.inputType(p.name);
  if (!t) return std::nullopt;
  if (ctx.isMapped(p.name)) {
    // The variant's interface holds list[P]; the element type decides.
    const idl::LiteralType& elem = t->kind() == idl::LiteralType::Kind::Collection ? t->elementType() : *t;
    if (!isPathType(elem)) return std::nullopt;
    return "/var/inputs/" + p.name + "/${FLYTE_K8S_ARRAY_INDEX}";
  }
  if (!isPathType(*t)) return std::nullopt;
  return "/var/inputs/" + p.name;
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
  for (const tc::Placeholder& p : tc::scanPlaceholders(text)) {
    if (auto lowered = lowerOne(p, ctx)) {
      out.append(text.substr(copied, p.begin - copied));
      out.append(*lowered);
      copied = p.end;
    }
  }
  out.append(text.substr(copied));
  return out;
}

bool hasFlytecPlaceholder(std::string_view text, const PlaceholderContext& ctx) {
  // Scalar inputs are kept on purpose; everything lowering rewrites must not survive.
  for (const tc::Placeholder& p : tc::scanPlaceholders(text))
    if (lowerOne(p, ctx)) return true;
  return false;
}

}  // namespace flytec::backend
