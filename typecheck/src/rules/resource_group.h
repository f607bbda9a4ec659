// The §6 resource rules on one group of `requests` and `limits`: a task's,
// a node's `with` override, or a Dask scheduler's or workers'. Keys `cpu`,
// `mem` (= `memory`), `gpu`, `ephemeral_storage`; Kubernetes quantities
// (E0501, with the fix-its of idl::suggestQuantityFix), unknown keys (E0506),
// `storage` (W0507), memory in millibytes (W0508), whole GPUs (E0503) with
// request == limit (E0504), request <= limit compared exactly (E0502), and
// the platform caps on every request and limit (E0505). `"0"` means unset;
// a limit alone is also the request and a request alone the limit, so only
// values set on both sides are compared.
//
// It does not decide where groups are (resources.cpp finds them) and does
// not merge a `with` override with its task's resources: Flyte replaces the
// task's resources with an override's as a whole.
#pragma once

#include "diagnostics/diagnostic_engine.h"
#include "rules/block_entries.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Check one group; `requests` and `limits` are the entries holding the
/// dicts (either may be null).
void checkResourceGroup(const Entry* requests, const Entry* limits, const PlatformCaps& caps,
                        DiagnosticEngine& diags);

}  // namespace flytec::tc
