// Graphviz DOT of a lowered workflow (`flytec graph`, spec §1). It draws the
// flyteidl WorkflowSpec that `flytec compile` writes, not the source, so the
// picture is what Flyte will run: a start and an end node, task nodes
// (node id, task name, short resources, literal inputs), map nodes (the
// ArrayNode: mapped task, concurrency, min_success_ratio/min_successes,
// bound inputs), sub-workflow nodes as clusters holding their own graph,
// launch-plan nodes, data edges from bindings (labelled with the input
// name) and dashed control edges for upstream ids that carry no data
// (`after`). Branch and gate nodes (which the language cannot produce) are
// drawn as plain labelled nodes.
//
// It does not choose the workflow (the driver does), run Graphviz, or write
// files. Every label goes through dotQuote, so node names, task names and
// string literals cannot break the DOT syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flyteidl/admin/workflow.pb.h"
#include "idl/package.h"

namespace flytec::tc {
struct ClusterProfile;
}

namespace flytec::backend {

/// The names (template id names, e.g. `demo.squares`) of every workflow
/// entry of `pkg`, in package order.
std::vector<std::string> packageWorkflowNames(const idl::Package& pkg);

/// The WorkflowSpec entry of `pkg` whose template is named `name`, or null.
const flyteidl::admin::WorkflowSpec* findPackageWorkflow(const idl::Package& pkg, std::string_view name);

/// Renders `spec` (one of `pkg`'s workflows) as a DOT digraph. `pkg` supplies
/// the task specs (resources) and the templates of sub-workflows that are not
/// in `spec.sub_workflows`. Deterministic: the same input gives the same text.
/// With `profile`, a task node also gets an `eff ...` line: its effective
/// requests/limits on that cluster (typecheck/effective_resources.h).
std::string workflowToDot(const idl::Package& pkg, const flyteidl::admin::WorkflowSpec& spec,
                          const tc::ClusterProfile* profile = nullptr);

/// `text` as a DOT double-quoted string, quotes included: `"` and `\` are
/// escaped, a line break becomes `\n` (Graphviz's centred line break), other
/// control bytes are dropped, `&` and every non-ASCII code point become HTML
/// character references (`&amp;`, `&#233;`) so the output is pure ASCII
/// whatever charset Graphviz assumes; invalid UTF-8 bytes become U+FFFD.
std::string dotQuote(std::string_view text);

}  // namespace flytec::backend
