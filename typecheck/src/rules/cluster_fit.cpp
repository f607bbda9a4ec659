// The cluster profile's checks on effective resources (resource_rows.h):
//  - E1101: the effective request fits no node shape. Kubernetes schedules a
//    pod only on a node whose allocatable resources cover every request
//    (kube-scheduler's NodeResourcesFit filter); Flyte then leaves the task
//    Pending/Running (flyte#2933, flyte#6417).
//  - W1102: a map's concurrent elements times the effective request exceed the
//    namespace ResourceQuota's `requests.*`; the quota admission plugin
//    rejects the extra pods (Kubernetes ResourceQuota).
//  - W1103: an effective request or limit differs from the declared one
//    (flyteadmin's limits clamp it, or an override's request is clamped by
//    the limit kept from the task: container_helper.go:29-44 and :133-145,
//    flyteorg/flyte v1.16.5).
// Values are compared exactly (idl::Quantity); nothing here changes the model.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

#include "typecheck/resource_rows.h"
#include "typecheck/rules.h"

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

std::string describeRequest(const EffectiveResources& e) {
  std::string out;
  for (ResourceKind k : kResourceKinds)
    if (e.requests[k]) out += (out.empty() ? "" : ", ") + std::string(resourceKindName(k)) + " `" + e.requests[k]->text() + "`";
  return out;
}

std::string subject(const ResourceRow& row) {
  if (row.node) return "the effective request of node `" + row.node->node->name.name + "` (" + describeRequest(row.effective) + ")";
  return "the effective request of task `" + row.task->name + "` (" + describeRequest(row.effective) + ")";
}

/// Why no node fits: the first kind no node has enough of, with the node
/// that has the most of it; else the nodes each lack something.
std::string whyNoFit(const EffectiveResources& e, const std::vector<NodeShape>& nodes) {
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
    if (largest)
      return "`" + std::string(resourceKindName(k)) + "` `" + r->text() + "` is more than the largest node, `" +
             largest->name + "`, allocates (`" + allocatable(*largest, k)->text() + "`)";
  }
  return "each node shape lacks one of the requested resources";
}

void checkFit(const ResourceRow& row, const ClusterProfile& p, DiagnosticEngine& diags) {
  if (p.nodes.empty()) return;
  for (const NodeShape& n : p.nodes) {
    bool fits = true;
    for (ResourceKind k : kResourceKinds)
      if (const Q& r = row.effective.requests[k]) fits = fits && fitsKind(n, k, *r);
    if (fits) return;
  }
  diags.report(diag::err_pod_fits_no_node, row.range, subject(row), whyNoFit(row.effective, p.nodes));
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

std::string reasonFor(const idl::Quantity& declared, const Q& effectiveLimit, ResourceKind k, const ClusterProfile& p,
                      bool isRequest) {
  const Q& platform = p.limits[k];
  if (platform && declared > *platform && !(k == ResourceKind::Gpu && p.gpuResourceName != "nvidia.com/gpu"))
    return "flyteadmin's `task_resources` limit is `" + platform->text() + "`";
  if (isRequest && effectiveLimit)
    return "the limit `" + effectiveLimit->text() +
           "` kept from the task (or its defaults) caps it; Flyte merges a `with` override key by key, so set "
           "`limits` in the override too";
  return "Flyte adjusted it";
}

void checkDiffers(const ResourceRow& row, const ClusterProfile& p, const PlatformCaps& caps, DiagnosticEngine& diags) {
  for (ResourceKind k : kResourceKinds) {
    for (bool isRequest : {true, false}) {
      const Q& fromOverride = isRequest ? row.override.requests[k] : row.override.limits[k];
      if (row.node && !fromOverride) continue;  // the task's own row reports the task's values
      const Q& declared = row.node ? fromOverride : (isRequest ? row.declared.requests[k] : row.declared.limits[k]);
      const Q& effective = isRequest ? row.effective.requests[k] : row.effective.limits[k];
      if (!declared || (effective && *effective == *declared)) continue;
      if (capCovers(caps, k, *declared)) continue;
      diags.report(diag::warn_cluster_resource_differs, row.range, isRequest ? "request" : "limit", resourceKindName(k),
                   effective ? effective->text() : std::string("unset"), declared->text(),
                   reasonFor(*declared, row.effective.limits[k], k, p, isRequest));
    }
  }
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

const ast::CallExpr* mapCall(const NodeInfo& n) {
  auto* outer = llvm::dyn_cast_or_null<ast::CallExpr>(n.node->value.get());
  return outer ? llvm::dyn_cast_or_null<ast::CallExpr>(outer->callee.get()) : nullptr;
}

/// Elements at once: `concurrency`, else the length of a literal list mapped over.
std::optional<int64_t> elementsAtOnce(const NodeInfo& n, llvm::SMRange* where) {
  *where = n.node->name.range;
  if (n.map->concurrency && *n.map->concurrency > 0) {
    if (const ast::CallExpr* m = mapCall(n))
      for (const ast::Arg& a : m->args)
        if (a.name && a.name->name == "concurrency") *where = a.range;
    return *n.map->concurrency;
  }
  for (const NodeArg& a : n.args)
    if (a.mapped)
      if (auto* list = llvm::dyn_cast_or_null<ast::ListExpr>(a.value)) return static_cast<int64_t>(list->elements.size());
  return std::nullopt;
}

void checkQuota(const NodeInfo& n, const ResourceRow& row, const ClusterProfile& p, DiagnosticEngine& diags) {
  llvm::SMRange where;
  std::optional<int64_t> count = elementsAtOnce(n, &where);
  if (!count) return;
  for (ResourceKind k : kResourceKinds) {
    const Q& quota = p.quota[k];
    const Q& request = row.effective.requests[k];
    if (!quota || !request) continue;
    std::optional<int64_t> q = units(*quota, k), r = units(*request, k);
    if (!q || !r || *r <= 0) continue;
    int64_t total = 0;
    bool overflow = __builtin_mul_overflow(*r, *count, &total);
    if (!overflow && total <= *q) continue;
    diags.report(diag::warn_map_above_namespace_quota, where, n.node->name.name, *count, request->text(), resourceKindName(k),
                 overflow ? std::string("more than 2^63") : formatUnits(total, k), quota->text(), *q / *r);
  }
}

}  // namespace

void checkClusterFit(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  if (!options.profile) return;
  const ClusterProfile& p = *options.profile;
  std::vector<ResourceRow> rows = resourceRows(model, p);
  std::map<const Entity*, const ResourceRow*> taskRows;
  std::map<const NodeInfo*, const ResourceRow*> nodeRows;
  for (const ResourceRow& row : rows) {
    checkFit(row, p, diags);
    checkDiffers(row, p, options.caps, diags);
    if (row.node) nodeRows[row.node] = &row;
    else taskRows[row.task] = &row;
  }
  if (p.quota.empty()) return;
  for (const auto& [decl, wf] : model.workflows) {
    for (const auto& n : wf->nodes) {
      if (n->kind != NodeKind::Map || !n->map) continue;
      const ResourceRow* row = nodeRows.count(n.get()) ? nodeRows[n.get()] : nullptr;
      if (!row && taskRows.count(n->target)) row = taskRows[n->target];
      if (row) checkQuota(*n, *row, p, diags);
    }
  }
}

}  // namespace flytec::tc
