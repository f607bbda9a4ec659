// Flyte's resource arithmetic, step by step; see effective_resources.h.
// Sources (flyteorg/flyte at tag v1.16.5):
//  - flyteadmin/pkg/manager/impl/execution_manager.go:189-275
//    (setCompiledTaskDefaults: cpu and memory always, ephemeral storage and
//    gpu only when the task sets them or a platform default exists);
//  - flyteplugins/go/tasks/pluginmachinery/flytek8s/container_helper.go:104-145
//    (AdjustOrDefaultResource, ensureResourceLimit, ensureResourceRange),
//    :29-44 (MergeResources: the override, key by key, over the container's),
//    :182-222 (ApplyResourceOverrides), :165-177 (SanitizeGPUResourceRequirements);
//  - flyteadmin/pkg/workflowengine/impl/prepare_execution.go:82-113 and
//    flytepropeller/pkg/controller/nodes/task/taskexec_context.go:194-210
//    (the platform resources: requests = task_resources defaults, limits =
//    task_resources limits; GPUs keyed `nvidia.com/gpu`);
//  - flyteplugins/go/tasks/pluginmachinery/flytek8s/utils.go:22-50
//    (a zero quantity is dropped, i.e. unset).
// resolvePlatformDefaults (container_helper.go:82-100) never fills anything
// here: taskexec_context.go:196-201 always sets the cpu and memory keys, so
// the plugin's `default-cpus`/`default-memory` are not part of the profile.
#include "typecheck/effective_resources.h"

namespace flytec::tc {

const char* resourceKindName(ResourceKind k) {
  switch (k) {
  case ResourceKind::Cpu: return "cpu";
  case ResourceKind::Memory: return "mem";
  case ResourceKind::EphemeralStorage: return "ephemeral_storage";
  case ResourceKind::Gpu: return "gpu";
  }
  return "?";
}

namespace {

using Q = std::optional<idl::Quantity>;

/// Flyte reads a zero quantity as unset.
Q nonZero(const Q& q) {
  if (q && !q->isZero()) return q;
  return std::nullopt;
}

/// ensureResourceLimit (container_helper.go:120-130).
Q ensureLimit(const Q& value, const Q& limit) {
  if (!value || !limit) return value;
  return *value > *limit ? limit : value;
}

struct Pair {
  Q request, limit;
};

/// AdjustOrDefaultResource + ensureResourceRange (container_helper.go:104-145).
Pair adjustOrDefault(Q request, Q limit, const Q& platformDefault, const Q& platformLimit) {
  request = nonZero(request);
  limit = nonZero(limit);
  if (!request) request = limit ? limit : nonZero(platformDefault);
  if (!limit) limit = request;
  request = ensureLimit(request, nonZero(platformLimit));
  limit = ensureLimit(limit, nonZero(platformLimit));
  request = ensureLimit(request, limit);
  return {request, limit};
}

void store(EffectiveResources& out, ResourceKind k, const Pair& p) {
  out.requests[k] = nonZero(p.request);
  out.limits[k] = nonZero(p.limit);
}

/// The kinds always handled (cpu, memory) and the ones handled only when
/// present (ephemeral storage, gpu); `present` says whether the latter are.
bool alwaysHandled(ResourceKind k) { return k == ResourceKind::Cpu || k == ResourceKind::Memory; }

}  // namespace

EffectiveResources applyAdminDefaults(const DeclaredResources& task, const ClusterProfile& profile) {
  EffectiveResources out;
  for (ResourceKind k : kResourceKinds) {
    bool present = nonZero(task.requests[k]) || nonZero(task.limits[k]) || nonZero(profile.defaults[k]);
    if (!alwaysHandled(k) && !present) continue;  // execution_manager.go:242-273
    store(out, k, adjustOrDefault(task.requests[k], task.limits[k], profile.defaults[k], profile.limits[k]));
  }
  return out;
}

EffectiveResources effectiveResources(const DeclaredResources& task, const DeclaredResources* override,
                                      const ClusterProfile& profile) {
  EffectiveResources container = applyAdminDefaults(task, profile);
  if (override) {  // MergeResources: the override's keys replace the container's
    for (ResourceKind k : kResourceKinds) {
      if (Q r = nonZero(override->requests[k])) container.requests[k] = r;
      if (Q l = nonZero(override->limits[k])) container.limits[k] = l;
    }
  }
  // The platform's GPU entries are keyed `nvidia.com/gpu` (taskexec_context.go:200)
  // while the container's are renamed to the plugin's gpu-resource-name
  // (container_helper.go:165-177): with another name they never meet.
  bool gpuPlatformApplies = profile.gpuResourceName == "nvidia.com/gpu";
  EffectiveResources out;
  for (ResourceKind k : kResourceKinds) {
    bool present = container.requests[k] || container.limits[k];
    if (!alwaysHandled(k) && !present) continue;  // container_helper.go:199-219
    static const Q kNone;
    bool platformApplies = k != ResourceKind::Gpu || gpuPlatformApplies;
    const Q& platformDefault = platformApplies ? profile.defaults[k] : kNone;
    const Q& platformLimit = platformApplies ? profile.limits[k] : kNone;
    store(out, k, adjustOrDefault(container.requests[k], container.limits[k], platformDefault, platformLimit));
  }
  return out;
}

ClusterProfile ClusterProfile::flyteDefaults() {
  // flyteadmin/pkg/runtime/task_resource_provider.go:12-22.
  ClusterProfile p;
  p.defaults[ResourceKind::Cpu] = idl::parseQuantity("2");
  p.defaults[ResourceKind::Memory] = idl::parseQuantity("200Mi");
  p.limits[ResourceKind::Cpu] = idl::parseQuantity("2");
  p.limits[ResourceKind::Memory] = idl::parseQuantity("1Gi");
  p.limits[ResourceKind::Gpu] = idl::parseQuantity("1");
  return p;
}

}  // namespace flytec::tc
