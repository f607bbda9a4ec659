// §6 resources: finds every group of `requests`/`limits` (a task body, each
// node's `with`, a Dask task's `scheduler` and `workers`) and checks it with
// resource_group.h against the platform caps of CheckOptions. Unknown keys of
// the blocks that hold the groups are reported by their own checks
// (task_fields.cpp, with_overrides.cpp, dask.cpp), not here.
#include "rules/block_entries.h"
#include "rules/resource_group.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

void checkGroupIn(const std::vector<Entry>& entries, const PlatformCaps& caps, DiagnosticEngine& diags) {
  const Entry* requests = findEntry(entries, "requests");
  const Entry* limits = findEntry(entries, "limits");
  if (requests || limits) checkResourceGroup(requests, limits, caps, diags);
}

void checkTask(const ast::TaskDecl& task, const PlatformCaps& caps, DiagnosticEngine& diags) {
  std::vector<Entry> fields = entriesOf(task.body);
  checkGroupIn(fields, caps, diags);
  const Entry* dask = findEntry(fields, "dask");
  if (!dask) return;
  std::optional<std::vector<Entry>> groups = nestedEntries(*dask);
  if (!groups) return;  // dask.cpp reports the shape
  for (const char* name : {"scheduler", "workers"})
    if (const Entry* g = findEntry(*groups, name))
      if (std::optional<std::vector<Entry>> inner = nestedEntries(*g)) checkGroupIn(*inner, caps, diags);
}

}  // namespace

void checkResources(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  // From the AST, so that nodes the model could not resolve are checked too.
  for (const auto& e : model.entities) {
    if (!options.checks(e.get())) continue;
    if (auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl)) {
      checkTask(*task, options.caps, diags);
    } else if (auto* wf = llvm::dyn_cast_or_null<ast::WorkflowDecl>(e->decl)) {
      for (const ast::Node& n : wf->nodes)
        if (n.with) checkGroupIn(entriesOf(*n.with), options.caps, diags);
    }
  }
}

}  // namespace flytec::tc
