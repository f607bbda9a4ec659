// The cluster profile: what a Flyte deployment applies to a task after it
// leaves flytec (docs/cluster-profile.md). flyteadmin's `task_resources`
// defaults and limits, the GPU resource name of propeller's k8s plugin, the
// node shapes a pod can land on and the namespace's ResourceQuota.
//
// This is data only: the TOML reading lives with the tools (the driver and
// the language server share one loader), the Flyte arithmetic in
// effective_resources.h and the checks in typecheck/src/rules/cluster_fit.cpp.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "idl/quantity.h"

namespace flytec::tc {

/// The resources Flyte's task model knows (flyteidl core.Resources), in the
/// order flyteadmin handles them.
enum class ResourceKind { Cpu = 0, Memory = 1, EphemeralStorage = 2, Gpu = 3 };
inline constexpr std::array<ResourceKind, 4> kResourceKinds = {ResourceKind::Cpu, ResourceKind::Memory,
                                                              ResourceKind::EphemeralStorage, ResourceKind::Gpu};

/// "cpu", "mem", "ephemeral_storage", "gpu": the source spelling.
const char* resourceKindName(ResourceKind k);

/// One value per resource kind; unset (or zero, which Flyte reads as unset) = none.
struct ResourceSet {
  std::array<std::optional<idl::Quantity>, 4> values;

  const std::optional<idl::Quantity>& operator[](ResourceKind k) const { return values[static_cast<int>(k)]; }
  std::optional<idl::Quantity>& operator[](ResourceKind k) { return values[static_cast<int>(k)]; }
  bool empty() const {
    for (const auto& v : values)
      if (v) return false;
    return true;
  }
};

/// A node a pod can be scheduled on: its allocatable resources (what
/// `kubectl describe node` lists under Allocatable). An unset cpu or memory
/// never happens (the loader requires both); unset GPUs are zero; unset
/// ephemeral storage is not compared.
struct NodeShape {
  std::string name;
  ResourceSet allocatable;
};

struct ClusterProfile {
  std::string path;  ///< the file it came from, for messages
  /// flyteadmin `task_resources.defaults` (flyteadmin/pkg/runtime/task_resource_provider.go:12-22;
  /// unset in the file = Flyte's built-in default cpu 2, memory 200Mi).
  ResourceSet defaults;
  /// flyteadmin `task_resources.limits` (same file; built-in cpu 2, memory 1Gi, gpu 1).
  ResourceSet limits;
  /// propeller k8s plugin `gpu-resource-name`
  /// (flyteplugins/go/tasks/pluginmachinery/flytek8s/config/config.go:183).
  std::string gpuResourceName = "nvidia.com/gpu";
  std::vector<NodeShape> nodes;  ///< empty: no fit check
  ResourceSet quota;             ///< ResourceQuota `requests.*` hard limits; empty: no quota check

  /// The profile with Flyte's built-in `task_resources` (what a default
  /// install applies) and nothing else.
  static ClusterProfile flyteDefaults();
};

}  // namespace flytec::tc
