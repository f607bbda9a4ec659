// The profile's rules on effective resources (fit_rules.h).
#include "profile/fit_rules.h"

namespace flytec::tc {

namespace {

using Q = std::optional<idl::Quantity>;

/// A node's allocatable of kind `k`: unset GPUs are none; unset ephemeral
/// storage (or cpu/memory, which the loader requires) is not compared.
Q allocatable(const NodeShape& n, ResourceKind k) {
  if (n.allocatable[k]) return n.allocatable[k];
  if (k == ResourceKind::Gpu) return idl::Quantity();
  return std::nullopt;
}

bool fitsKind(const NodeShape& n, ResourceKind k, const idl::Quantity& request) {
  Q a = allocatable(n, k);
  return !a || request <= *a;
}

bool fits(const NodeShape& n, const EffectiveResources& e) {
  for (ResourceKind k : kResourceKinds)
    if (const Q& r = e.requests[k]; r && !fitsKind(n, k, *r)) return false;
  return true;
}

/// The first kind no node has enough of, with the node that has the most
/// of it; else the nodes each lack something.
NoFit whyNoFit(const EffectiveResources& e, const std::vector<NodeShape>& nodes) {
  for (ResourceKind k : kResourceKinds) {
    const Q& r = e.requests[k];
    if (!r) continue;
    const NodeShape* largest = nullptr;
    for (const NodeShape& n : nodes) {
      if (fitsKind(n, k, *r)) {
        largest = nullptr;
        break;
      }
      if (!largest || *allocatable(n, k) > *allocatable(*largest, k)) largest = &n;
    }
    if (largest) return {k, r->text(), largest->name, allocatable(*largest, k)->text()};
  }
  return {};
}

bool capCovers(const PlatformCaps& caps, ResourceKind k, const idl::Quantity& declared) {
  const std::optional<std::string>* cap = nullptr;
  switch (k) {
  case ResourceKind::Cpu: cap = &caps.cpu; break;
  case ResourceKind::Memory: cap = &caps.mem; break;
  case ResourceKind::Gpu: cap = &caps.gpu; break;
  case ResourceKind::EphemeralStorage: cap = &caps.ephemeralStorage; break;
  }
  if (!*cap) return false;
  Q max = idl::parseQuantity(**cap);
  return max && declared > *max;  // E0505 already says it
}

/// Why `declared` became something else, with the limit that capped it.
std::pair<DifferenceReason, std::string> reasonFor(const idl::Quantity& declared, const Q& effectiveLimit, ResourceKind k,
                                                   const ClusterProfile& p, bool isRequest) {
  const Q& platform = p.limits[k];
  if (platform && declared > *platform && !(k == ResourceKind::Gpu && p.gpuResourceName != "nvidia.com/gpu"))
    return {DifferenceReason::PlatformLimit, platform->text()};
  if (isRequest && effectiveLimit) return {DifferenceReason::KeptLimit, effectiveLimit->text()};
  return {DifferenceReason::Adjusted, ""};
}

/// The value in the unit quotas are compared in: millicores, bytes, GPUs.
std::optional<int64_t> units(const idl::Quantity& q, ResourceKind k) {
  return k == ResourceKind::Cpu ? q.milliValue() : q.value();
}

std::string formatUnits(int64_t v, ResourceKind k) {
  if (k == ResourceKind::Cpu) return v % 1000 == 0 ? std::to_string(v / 1000) : std::to_string(v) + "m";
  if (k == ResourceKind::Memory || k == ResourceKind::EphemeralStorage) {
    if (v % (int64_t{1} << 30) == 0) return std::to_string(v >> 30) + "Gi";
    if (v % (int64_t{1} << 20) == 0) return std::to_string(v >> 20) + "Mi";
  }
  return std::to_string(v);
}

}  // namespace

std::string describeRequest(const EffectiveResources& e) {
  std::string out;
  for (ResourceKind k : kResourceKinds)
    if (e.requests[k]) out += (out.empty() ? "" : ", ") + std::string(resourceKindName(k)) + " `" + e.requests[k]->text() + "`";
  return out;
}

std::optional<NoFit> whyFitsNoNode(const EffectiveResources& e, const ClusterProfile& p) {
  if (p.nodes.empty()) return std::nullopt;
  for (const NodeShape& n : p.nodes)
    if (fits(n, e)) return std::nullopt;
  return whyNoFit(e, p.nodes);
}

std::vector<ResourceDifference> resourceDifferences(const DeclaredResources& declared,
                                                    const EffectiveResources& effective, const ClusterProfile& p,
                                                    const PlatformCaps& caps) {
  std::vector<ResourceDifference> out;
  for (ResourceKind k : kResourceKinds) {
    for (bool isRequest : {true, false}) {
      const Q& given = isRequest ? declared.requests[k] : declared.limits[k];
      const Q& got = isRequest ? effective.requests[k] : effective.limits[k];
      if (!given || (got && *got == *given) || capCovers(caps, k, *given)) continue;
      auto [reason, limit] = reasonFor(*given, effective.limits[k], k, p, isRequest);
      out.push_back({isRequest, k, got ? got->text() : std::string("unset"), given->text(), reason, std::move(limit)});
    }
  }
  return out;
}

std::vector<QuotaExcess> quotaExcesses(int64_t count, const EffectiveResources& e, const ClusterProfile& p) {
  std::vector<QuotaExcess> out;
  for (ResourceKind k : kResourceKinds) {
    const Q& quota = p.quota[k];
    const Q& request = e.requests[k];
    if (!quota || !request) continue;
    std::optional<int64_t> q = units(*quota, k), r = units(*request, k);
    if (!q || !r || *r <= 0) continue;
    int64_t total = 0;
    bool overflow = __builtin_mul_overflow(*r, count, &total);
    if (!overflow && total <= *q) continue;
    out.push_back({k, request->text(), overflow ? std::string("more than 2^63") : formatUnits(total, k),
                   quota->text(), *q / *r});
  }
  return out;
}

}  // namespace flytec::tc
