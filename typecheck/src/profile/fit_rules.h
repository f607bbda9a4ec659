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

#include "diagnostics/diagnostic_catalogue.h"
#include "typecheck/effective_resources.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// `cpu `2`, mem `1Gi``: the effective requests, for messages.
std::string describeRequest(const EffectiveResources& e);

/// Why a request fits no node shape: the first kind no node has enough of,
/// with the node that has the most of it; no kind: each node shape lacks
/// one of the requested resources.
struct NoFit {
  std::optional<ResourceKind> kind;
  std::string request;      ///< the request of `kind`
  std::string largestNode;  ///< the node shape with the most of `kind`
  std::string allocatable;  ///< what it allocates of `kind`
};

/// Why `e` fits no node shape of `p`; nullopt when one fits or `p` lists none.
std::optional<NoFit> whyFitsNoNode(const EffectiveResources& e, const ClusterProfile& p);

/// E1101 for the effective request `e` of `subjectKind` ("task", "node")
/// `name`, through `report(diag, args...)`, which places it.
template <typename Report>
void reportNoFit(const Report& report, const char* subjectKind, const std::string& name, const EffectiveResources& e,
                 const NoFit& why) {
  if (why.kind)
    report(diag::err_pod_fits_no_node, subjectKind, name, describeRequest(e), resourceKindName(*why.kind), why.request,
           why.largestNode, why.allocatable);
  else
    report(diag::err_pod_fits_no_node_each_lacks, subjectKind, name, describeRequest(e));
}

/// Why the cluster changes a declared value (W1103).
enum class DifferenceReason {
  PlatformLimit,  ///< flyteadmin's `task_resources` limit (`limit`) clamps it
  KeptLimit,      ///< an override's request capped by the limit (`limit`) kept from the task
  Adjusted,       ///< Flyte adjusted it otherwise
};

/// One declared value the cluster changes.
struct ResourceDifference {
  bool isRequest = true;
  ResourceKind kind = ResourceKind::Cpu;
  std::string effective;  ///< its text, or `unset`
  std::string declared;
  DifferenceReason reason = DifferenceReason::Adjusted;
  std::string limit;  ///< the limit that caps it (PlatformLimit, KeptLimit)
};

/// W1103 for `d`, through `report(diag, args...)`, which places it.
template <typename Report>
void reportDifference(const Report& report, const ResourceDifference& d) {
  const char* what = d.isRequest ? "request" : "limit";
  const char* kind = resourceKindName(d.kind);
  switch (d.reason) {
  case DifferenceReason::PlatformLimit:
    report(diag::warn_cluster_resource_differs, what, kind, d.effective, d.declared, d.limit);
    break;
  case DifferenceReason::KeptLimit:
    report(diag::warn_cluster_request_capped_by_kept_limit, what, kind, d.effective, d.declared, d.limit);
    break;
  case DifferenceReason::Adjusted:
    report(diag::warn_cluster_resource_adjusted, what, kind, d.effective, d.declared);
    break;
  }
}

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
