// The cluster profile's rules on effective resources, as findings with no
// location: the source checks (rules/cluster_fit.cpp, on the semantic
// model) and the package checks (package/package_profile.cpp, on task
// templates) word and place them.
//  - fit (E1101): Kubernetes schedules a pod only on a node whose
//    allocatable resources cover every request (kube-scheduler's
//    NodeResourcesFit filter); Flyte then leaves the task Pending/Running
//    (flyte#2933, flyte#6417).
//  - quota (W1102): a map's concurrent elements times the effective request
//    exceed the namespace ResourceQuota's `requests.*`; the quota admission
//    plugin rejects the extra pods (Kubernetes ResourceQuota).
//  - differences (W1103): an effective request or limit differs from the
//    declared one (flyteadmin's limits clamp it, or an override's request is
//    clamped by the limit kept from the task: container_helper.go:29-44 and
//    :133-145, flyteorg/flyte v1.16.5).
// Values are compared exactly (idl::Quantity).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "typecheck/effective_resources.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// `cpu `2`, mem `1Gi``: the effective requests, for messages.
std::string describeRequest(const EffectiveResources& e);

/// Why `e` fits no node shape of `p`; nullopt when one fits or `p` lists none.
std::optional<std::string> whyFitsNoNode(const EffectiveResources& e, const ClusterProfile& p);

/// One declared value the cluster changes.
struct ResourceDifference {
  bool isRequest = true;
  ResourceKind kind = ResourceKind::Cpu;
  std::string effective;  ///< its text, or `unset`
  std::string declared;
  std::string reason;
};

/// Every value of `declared` (the task's own, or a node override's) that
/// differs in `effective`, except those above a platform cap (E0505 says it).
std::vector<ResourceDifference> resourceDifferences(const DeclaredResources& declared,
                                                    const EffectiveResources& effective, const ClusterProfile& p,
                                                    const PlatformCaps& caps);

/// One resource whose quota `count` concurrent elements exceed.
struct QuotaExcess {
  ResourceKind kind = ResourceKind::Cpu;
  std::string request;  ///< one element's effective request
  std::string total;    ///< `count` times it, or `more than 2^63`
  std::string quota;
  int64_t atOnce = 0;   ///< how many elements fit the quota
};

std::vector<QuotaExcess> quotaExcesses(int64_t count, const EffectiveResources& e, const ClusterProfile& p);

}  // namespace flytec::tc
