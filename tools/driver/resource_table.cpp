// See resource_table.h. Columns: what runs (a task, or `workflow.node` for an
// override), then per resource `request/limit` as declared and as effective.
#include "resource_table.h"

#include <fmt/format.h>

#include "typecheck/resource_rows.h"

namespace flytec::driver {

namespace {

tc::EffectiveResources declaredOf(const tc::ResourceRow& row);

tc::EffectiveResources declaredOf(const tc::ResourceRow& row) {
  tc::EffectiveResources d{row.declared.requests, row.declared.limits};
  if (row.hasOverride)
    for (tc::ResourceKind k : tc::kResourceKinds) {
      if (row.override.requests[k]) d.requests[k] = row.override.requests[k];
      if (row.override.limits[k]) d.limits[k] = row.override.limits[k];
    }
  return d;
}

llvm::json::Object setJson(const tc::ResourceSet& set) {
  llvm::json::Object o;
  for (tc::ResourceKind k : tc::kResourceKinds)
    if (set[k]) o[tc::resourceKindName(k)] = set[k]->text();
  return o;
}

llvm::json::Object pairJson(const tc::EffectiveResources& e) {
  return llvm::json::Object{{"requests", setJson(e.requests)}, {"limits", setJson(e.limits)}};
}

}  // namespace

llvm::json::Array resourceJson(const tc::SemanticModel& model,
                               const std::shared_ptr<const tc::ClusterProfile>& profile) {
  tc::ClusterProfile builtIn = tc::ClusterProfile::flyteDefaults();
  llvm::json::Array out;
  for (const tc::ResourceRow& row : tc::resourceRows(model, profile ? *profile : builtIn)) {
    out.push_back(llvm::json::Object{
        {"task", row.task->name},
        {"workflow", row.workflow ? llvm::json::Value(row.workflow->name) : llvm::json::Value(nullptr)},
        {"node", row.node ? llvm::json::Value(row.node->node->name.name) : llvm::json::Value(nullptr)},
        {"declared", pairJson(declaredOf(row))},
        {"effective", pairJson(row.effective)}});
  }
  return out;
}

void printResourceTable(const tc::SemanticModel& model, const std::shared_ptr<const tc::ClusterProfile>& profile,
                        llvm::raw_ostream& os) {
  tc::ClusterProfile builtIn = tc::ClusterProfile::flyteDefaults();
  const tc::ClusterProfile& p = profile ? *profile : builtIn;
  os << "effective resources (request/limit) on "
     << (profile ? "the cluster profile of " + p.path : std::string("Flyte's built-in task_resources (no cluster profile)"))
     << ":\n";
  std::vector<tc::ResourceRow> rows = tc::resourceRows(model, p);
  std::vector<std::array<std::string, 3>> cells;
  cells.push_back({"task / node", "declared", "effective"});
  for (const tc::ResourceRow& row : rows) {
    std::string what = row.node ? row.workflow->name + "." + std::string(row.node->node->name.name) + " (" + row.task->name + ")"
                                : row.task->name;
    cells.push_back({what, tc::formatEffective(declaredOf(row)), tc::formatEffective(row.effective)});
  }
  size_t w0 = 0, w1 = 0;
  for (const auto& c : cells) {
    w0 = std::max(w0, c[0].size());
    w1 = std::max(w1, c[1].size());
  }
  for (const auto& c : cells) os << fmt::format("  {:<{}}  {:<{}}  {}\n", c[0], w0, c[1], w1, c[2]);
}

}  // namespace flytec::driver
