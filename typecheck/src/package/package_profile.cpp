// `check PKG` against a cluster profile: the rules of profile/fit_rules.h
// (E1101, W1102, W1103) on what a package's entries declare, as the source
// check applies them to a `.flyte` file: each container task's template,
// each task node's resource override, and each ArrayNode's concurrent
// elements. Dask tasks are left out, as in the source check: the Dask plugin
// builds their pods from the scheduler's and workers' groups.
#include "idl/quantity.h"
#include "package/package_check_impl.h"
#include "profile/fit_rules.h"

namespace flytec::tc::pkg {

namespace {

std::optional<ResourceKind> kindOf(core::Resources::ResourceName n) {
  switch (n) {
  case core::Resources::CPU: return ResourceKind::Cpu;
  case core::Resources::MEMORY: return ResourceKind::Memory;
  case core::Resources::EPHEMERAL_STORAGE: return ResourceKind::EphemeralStorage;
  case core::Resources::GPU: return ResourceKind::Gpu;
  default: return std::nullopt;  // `storage`: Flyte ignores it
  }
}

/// One list as the source check reads a `requests`/`limits` group: the
/// first of duplicates; values that are no quantity (E0501) or zero skipped.
ResourceSet readList(const google::protobuf::RepeatedPtrField<core::Resources::ResourceEntry>& list) {
  ResourceSet out;
  for (const auto& e : list) {
    std::optional<ResourceKind> k = kindOf(e.name());
    if (!k || out[*k]) continue;
    std::optional<idl::Quantity> q = idl::parseQuantity(e.value());
    if (q && !q->isZero()) out[*k] = q;
  }
  return out;
}

DeclaredResources declaredOf(const core::Resources& r) { return {readList(r.requests()), readList(r.limits())}; }

/// The container task `id` names, unless it is a Dask task or not in the package.
const core::TaskTemplate* containerTask(const PackageIndex& index, const core::Identifier& id) {
  const core::TaskTemplate* t = index.task(id);
  return t && t->has_container() && t->type() != "dask" ? t : nullptr;
}

struct ProfileChecker {
  const PackageIndex& index;
  const ClusterProfile& profile;
  const std::string& where;
  DiagnosticEngine& diags;

  void fitAndDifferences(const char* subjectKind, const std::string& name, const DeclaredResources& compared,
                         const EffectiveResources& e) {
    auto report = [this](auto kind, auto&&... args) { diags.reportAtPath(kind, where, args...); };
    if (std::optional<NoFit> why = whyFitsNoNode(e, profile)) reportNoFit(report, subjectKind, name, e, *why);
    for (const ResourceDifference& d : resourceDifferences(compared, e, profile, index.caps)) reportDifference(report, d);
  }

  void task(const core::TaskTemplate& t) {
    DeclaredResources declared = declaredOf(t.container().resources());
    fitAndDifferences("task", t.id().name(), declared, effectiveResources(declared, nullptr, profile));
  }

  /// The node's effective resources; checks its override (if any) on the way.
  std::optional<EffectiveResources> taskNode(const core::Node& n) {
    if (!n.has_task_node() || !n.task_node().has_reference_id()) return std::nullopt;
    const core::TaskTemplate* t = containerTask(index, n.task_node().reference_id());
    if (!t) return std::nullopt;
    DeclaredResources declared = declaredOf(t->container().resources());
    if (!n.task_node().has_overrides() || !n.task_node().overrides().has_resources())
      return effectiveResources(declared, nullptr, profile);
    DeclaredResources override = declaredOf(n.task_node().overrides().resources());
    EffectiveResources e = effectiveResources(declared, &override, profile);
    if (!override.empty()) fitAndDifferences("node", n.id(), override, e);
    return e;
  }

  /// Elements at once: the ArrayNode's parallelism, else the length of a
  /// literal list its sub-node is bound to.
  static std::optional<int64_t> elementsAtOnce(const core::ArrayNode& a) {
    if (a.has_parallelism() && a.parallelism() > 0) return a.parallelism();
    for (const core::Binding& b : a.node().inputs())
      if (b.binding().has_collection()) return b.binding().collection().bindings_size();
    return std::nullopt;
  }

  void arrayNode(const core::Node& n) {
    std::optional<EffectiveResources> e = taskNode(n.array_node().node());
    std::optional<int64_t> count = elementsAtOnce(n.array_node());
    if (!e || !count || profile.quota.empty()) return;
    for (const QuotaExcess& q : quotaExcesses(*count, *e, profile))
      diags.reportAtPath(diag::warn_map_above_namespace_quota, where, n.id(), *count, q.request, resourceKindName(q.kind), q.total,
                         q.quota, q.atOnce);
  }

  void workflow(const core::WorkflowTemplate& wf) {
    for (const core::Node& n : wf.nodes()) {
      if (n.has_array_node()) arrayNode(n);
      else taskNode(n);
    }
  }
};

}  // namespace

void checkProfile(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags) {
  if (!index.profile) return;
  const std::string where = index.locate(entry);
  ProfileChecker check{index, *index.profile, where, diags};
  if (const auto* t = entry.task())
    if (containerTask(index, t->template_().id()) == &t->template_()) check.task(t->template_());
  if (const auto* w = entry.workflow()) {
    check.workflow(w->template_());
    for (const auto& sub : w->sub_workflows()) check.workflow(sub);
  }
}

}  // namespace flytec::tc::pkg
