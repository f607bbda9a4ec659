// Resource rules on one requests/limits group; see resource_group.h.
#include "rules/resource_group.h"

#include <algorithm>
#include <map>

#include "idl/quantity.h"
#include "model_builder.h"
#include "rules/field_values.h"
#include "typecheck/language_keys.h"

namespace flytec::tc {

namespace {

/// `memory` is `mem`; "" for a key that is not a resource.
std::string canonicalKey(const std::string& k) {
  if (k == "cpu" || k == "gpu" || k == "ephemeral_storage") return k;
  if (k == "mem" || k == "memory") return "mem";
  return "";
}

/// Spellings from Kubernetes, flytekit and other tools that mean a key.
const std::map<std::string, std::string, std::less<>> kKeyAliases = {
    {"ephemeral-storage", "ephemeral_storage"}, {"ephemeralStorage", "ephemeral_storage"},
    {"disk", "ephemeral_storage"},              {"nvidia.com/gpu", "gpu"},
    {"gpus", "gpu"},                            {"cpus", "cpu"},
    {"ram", "mem"}};

/// The resource names, with `memory` (accepted for `mem`) right after `mem`.
const std::vector<std::string> kKeys = [] {
  std::vector<std::string> names = keyNames(resourceKeys());
  names.insert(std::find(names.begin(), names.end(), "mem") + 1, "memory");
  return names;
}();

/// One set resource. Copies what it needs: the entries it came from die with readSide.
struct Value {
  std::string key;  ///< as written (`memory`)
  llvm::SMRange range;  ///< of the value
  idl::Quantity q;
  std::string text;  ///< as written
};
using Side = std::map<std::string, Value>;

/// The text of a literal as written in the source.
std::string sourceOf(const ast::Expr* e) { return std::string(e->range.Start.getPointer(), e->range.End.getPointer()); }

void reportUnknownKey(const Entry& e, const std::vector<Entry>& entries, DiagnosticEngine& diags) {
  std::string best;
  if (auto it = kKeyAliases.find(e.name()); it != kKeyAliases.end()) best = it->second;
  else best = closestName(e.name(), kKeys);
  auto d = best.empty() ? diags.report(diag::err_unknown_resource_listed, e.key->range, e.name())
                        : diags.report(diag::err_unknown_resource, e.key->range, e.name()).didYouMean(best);
  bool taken = false;
  for (const Entry& other : entries) taken |= canonicalKey(other.name()) == canonicalKey(best);
  if (!best.empty() && !taken) d.fixit(e.key->range, best);
}

/// The quantity of one entry, or nullopt (reported).
std::optional<idl::Quantity> quantityOf(const Entry& e, DiagnosticEngine& diags) {
  if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value)) {
    idl::QuantityParse p = idl::parseSourceQuantity(s->value);
    if (p) return *p.quantity;
    std::string reason = p.error.message;
    std::optional<std::string> fix = idl::suggestQuantityFix(s->value);
    // The suggestion replaces the parser's own advice (after "; ").
    if (fix) reason = reason.substr(0, reason.find("; "));
    auto d = diags.report(diag::err_invalid_quantity, s->range, s->value, e.name(), reason);
    if (fix) d.didYouMean(*fix).fixit(s->contentRange.isValid() ? s->contentRange : s->range,
                                      s->contentRange.isValid() ? *fix : "\"" + *fix + "\"");
    return std::nullopt;
  }
  if (llvm::isa_and_nonnull<ast::IntExpr, ast::FloatExpr>(e.value)) {
    std::string text = sourceOf(e.value);
    bool quotable = static_cast<bool>(idl::parseSourceQuantity(text));
    if (quotable)
      diags.report(diag::err_quantity_not_quoted, e.value->range, text, e.name(), text)
          .fixit(e.value->range, "\"" + text + "\"");
    else
      diags.report(diag::err_quantity_not_string, e.value->range, text, e.name());
    return std::nullopt;
  }
  reportWrongKind(e, "a quantity string such as `\"500m\"` or `\"2Gi\"`", diags);
  return std::nullopt;
}

Side readSide(const Entry& side, DiagnosticEngine& diags) {
  Side out;
  std::optional<std::vector<Entry>> entries = nestedEntries(side);
  if (!entries) {
    reportWrongKind(side, "a dict of quantities such as `{ cpu = \"1\", mem = \"1Gi\" }`", diags);
    return out;
  }
  reportDuplicateKeys(*entries, "`" + side.name() + "`", diags, [](const std::string& k) {
    std::string c = canonicalKey(k);
    return c.empty() ? k : c;
  });
  for (const Entry& e : *entries) {
    std::string key = canonicalKey(e.name());
    if (key.empty()) {
      if (e.name() == "storage") {
        diags.report(diag::warn_storage_resource_ignored, e.key->range).fixit(e.key->range, "ephemeral_storage", /*certain=*/false);
      } else {
        reportUnknownKey(e, *entries, diags);
      }
      continue;
    }
    std::optional<idl::Quantity> q = quantityOf(e, diags);
    if (!q) continue;
    const std::string& text = q->text();
    if (key == "mem" && idl::isMilliBytes(*q)) {
      std::string number = text.substr(0, text.size() - 1);
      diags.report(diag::warn_milli_bytes, e.value->range, text, e.name(), q->toDecimalString(), number, number);
    }
    if (key == "gpu" && !q->isWhole()) {
      diags.report(diag::err_gpu_not_whole, e.value->range, text);
      continue;
    }
    if (q->isZero()) continue;  // "0" means unset
    out.emplace(key, Value{e.name(), e.value->range, *q, text});  // keeps the first of duplicates (E0324 above)
  }
  return out;
}

const std::optional<std::string>& capFor(const PlatformCaps& caps, const std::string& key) {
  if (key == "cpu") return caps.cpu;
  if (key == "mem") return caps.mem;
  if (key == "gpu") return caps.gpu;
  return caps.ephemeralStorage;
}

void checkCaps(const Side& side, const char* which, const PlatformCaps& caps, DiagnosticEngine& diags) {
  for (const auto& [key, v] : side) {
    const std::optional<std::string>& cap = capFor(caps, key);
    if (!cap) continue;
    std::optional<idl::Quantity> max = idl::parseQuantity(*cap);
    if (max && v.q > *max) diags.report(diag::err_resource_above_platform_max, v.range, which, v.text, v.key, *cap);
  }
}

}  // namespace

void checkResourceGroup(const Entry* requests, const Entry* limits, const PlatformCaps& caps,
                        DiagnosticEngine& diags) {
  Side req = requests ? readSide(*requests, diags) : Side{};
  Side lim = limits ? readSide(*limits, diags) : Side{};
  for (const auto& [key, r] : req) {
    auto it = lim.find(key);
    if (it == lim.end()) continue;  // a request alone is also its limit
    const Value& l = it->second;
    if (key == "gpu") {
      if (r.q != l.q)
        diags.report(diag::err_gpu_request_differs_from_limit, r.range, r.text, l.text).note(l.range, reason::note_limit_set_here);
    } else if (r.q > l.q) {
      diags.report(diag::err_request_above_limit, r.range, r.text, r.key, l.text).note(l.range, reason::note_limit_set_here);
    }
  }
  checkCaps(req, "request", caps, diags);
  checkCaps(lim, "limit", caps, diags);
}

}  // namespace flytec::tc
