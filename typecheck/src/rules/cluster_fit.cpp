// The cluster profile's checks on a checked program's effective resources
// (resource_rows.h): E1101, W1102 and W1103 as profile/fit_rules.h finds
// them, placed on the task's `requests` or the node's `with`.
#include <map>

#include "profile/fit_rules.h"
#include "typecheck/resource_rows.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

/// Reports at `row`'s place: the task's `requests` or the node's `with`.
auto reporterAt(const ResourceRow& row, DiagnosticEngine& diags) {
  return [&row, &diags](auto kind, auto&&... args) { diags.report(kind, row.range, args...); };
}

void checkFit(const ResourceRow& row, const ClusterProfile& p, DiagnosticEngine& diags) {
  if (std::optional<NoFit> why = whyFitsNoNode(row.effective, p)) {
    if (row.node) reportNoFit(reporterAt(row, diags), "node", std::string(row.node->node->name.name), row.effective, *why);
    else reportNoFit(reporterAt(row, diags), "task", row.task->name, row.effective, *why);
  }
}

void checkDiffers(const ResourceRow& row, const ClusterProfile& p, const PlatformCaps& caps, DiagnosticEngine& diags) {
  // A node's row reports only what its override sets; the task's row the rest.
  for (const ResourceDifference& d : resourceDifferences(row.node ? row.override : row.declared, row.effective, p, caps))
    reportDifference(reporterAt(row, diags), d);
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
  for (const QuotaExcess& q : quotaExcesses(*count, row.effective, p))
    diags.report(diag::warn_map_above_namespace_quota, where, n.node->name.name, *count, q.request, resourceKindName(q.kind), q.total,
                 q.quota, q.atOnce);
}

}  // namespace

void checkClusterFit(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  if (!options.profile) return;
  const ClusterProfile& p = *options.profile;
  std::vector<ResourceRow> rows = resourceRows(model, p);
  std::map<const Entity*, const ResourceRow*> taskRows;
  std::map<const NodeInfo*, const ResourceRow*> nodeRows;
  for (const ResourceRow& row : rows) {
    // A task's row is reported at the task, a node's at the node.
    if (options.checks(row.workflow ? row.workflow : row.task)) {
      checkFit(row, p, diags);
      checkDiffers(row, p, options.caps, diags);
    }
    if (row.node) nodeRows[row.node] = &row;
    else taskRows[row.task] = &row;
  }
  if (p.quota.empty()) return;
  for (const auto& [decl, wf] : model.workflows) {
    if (wf->entity && !options.checks(wf->entity)) continue;
    for (const auto& n : wf->nodes) {
      if (n->kind != NodeKind::Map || !n->map) continue;
      const ResourceRow* row = nodeRows.count(n.get()) ? nodeRows[n.get()] : nullptr;
      if (!row && taskRows.count(n->target)) row = taskRows[n->target];
      if (row) checkQuota(*n, *row, p, diags);
    }
  }
}

}  // namespace flytec::tc
