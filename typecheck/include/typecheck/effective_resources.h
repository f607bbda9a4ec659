// Effective resources: the requests and limits a task's container gets on a
// cluster after flyteadmin and flytepropeller applied the profile's defaults
// and limits and a node's `with` override, computed exactly as Flyte v1.16.5
// does (each step cites its source in effective_resources.cpp and in
// docs/cluster-profile.md).
//
// It works on quantities only (no AST, no protobuf), so the source checks,
// `--show-resources`, the editor's hover and the package checks share it. It
// reports nothing; cluster_fit.cpp turns its results into diagnostics.
#pragma once

#include "typecheck/cluster_profile.h"

namespace flytec::tc {

/// Requests and limits as a task or a node override declares them (zero = unset).
struct DeclaredResources {
  ResourceSet requests;
  ResourceSet limits;
  bool empty() const { return requests.empty() && limits.empty(); }
};

/// What the container gets. A kind unset on both sides is absent from the pod.
struct EffectiveResources {
  ResourceSet requests;
  ResourceSet limits;
};

/// flyteadmin's step at execution creation: setCompiledTaskDefaults rewrites
/// the task template's container resources.
EffectiveResources applyAdminDefaults(const DeclaredResources& task, const ClusterProfile& profile);

/// The whole path: applyAdminDefaults, then propeller's merge of the node
/// override (null for none) and its ApplyResourceOverrides with the
/// execution's platform resources.
EffectiveResources effectiveResources(const DeclaredResources& task, const DeclaredResources* override,
                                      const ClusterProfile& profile);

}  // namespace flytec::tc
