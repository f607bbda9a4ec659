// Building the rows of resource_rows.h from the AST and the model.
#include "typecheck/resource_rows.h"

#include "rules/block_entries.h"

namespace flytec::tc {

namespace {

std::optional<ResourceKind> kindOf(const std::string& key) {
  if (key == "cpu") return ResourceKind::Cpu;
  if (key == "mem" || key == "memory") return ResourceKind::Memory;
  if (key == "gpu") return ResourceKind::Gpu;
  if (key == "ephemeral_storage") return ResourceKind::EphemeralStorage;
  return std::nullopt;
}

ResourceSet readSet(const Entry* side) {
  ResourceSet out;
  if (!side) return out;
  std::optional<std::vector<Entry>> entries = nestedEntries(*side);
  if (!entries) return out;
  for (const Entry& e : *entries) {
    std::optional<ResourceKind> k = kindOf(e.name());
    auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value);
    if (!k || !s || out[*k]) continue;  // the first of duplicates, as lowering
    idl::QuantityParse p = idl::parseSourceQuantity(s->value);
    if (p && !p.quantity->isZero()) out[*k] = p.quantity;
  }
  return out;
}

bool isDask(const ast::TaskDecl& task) { return findEntry(entriesOf(task.body), "dask") != nullptr; }

llvm::SMRange groupRange(const ast::Block& block, llvm::SMRange fallback) {
  std::vector<Entry> fields = entriesOf(block);
  if (const Entry* r = findEntry(fields, "requests")) return r->key->range;
  if (const Entry* l = findEntry(fields, "limits")) return l->key->range;
  return fallback;
}

}  // namespace

DeclaredResources declaredResourcesOf(const ast::Block& block) {
  std::vector<Entry> fields = entriesOf(block);
  return {readSet(findEntry(fields, "requests")), readSet(findEntry(fields, "limits"))};
}

std::vector<ResourceRow> resourceRows(const SemanticModel& model, const ClusterProfile& profile) {
  std::vector<ResourceRow> rows;
  for (const auto& e : model.entities) {
    auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl);
    if (e->kind != EntityKind::Task || !task || isDask(*task)) continue;
    ResourceRow row;
    row.task = e.get();
    row.declared = declaredResourcesOf(task->body);
    row.effective = effectiveResources(row.declared, nullptr, profile);
    row.range = groupRange(task->body, task->name.range);
    rows.push_back(std::move(row));
  }
  for (const auto& e : model.entities) {
    const WorkflowInfo* wf = e->kind == EntityKind::Workflow
                                 ? model.workflowFor(llvm::dyn_cast_or_null<ast::WorkflowDecl>(e->decl))
                                 : nullptr;
    if (!wf) continue;
    for (const auto& n : wf->nodes) {
      if ((n->kind != NodeKind::Task && n->kind != NodeKind::Map) || !n->target || !n->node->with) continue;
      auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(n->target->decl);
      if (!task || isDask(*task)) continue;
      DeclaredResources override = declaredResourcesOf(*n->node->with);
      if (override.empty()) continue;
      ResourceRow row;
      row.task = n->target;
      row.workflow = e.get();
      row.node = n.get();
      row.declared = declaredResourcesOf(task->body);
      row.hasOverride = true;
      row.override = override;
      row.effective = effectiveResources(row.declared, &row.override, profile);
      row.range = groupRange(*n->node->with, n->node->name.range);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string formatEffective(const EffectiveResources& e) {
  std::string out;
  for (ResourceKind k : kResourceKinds) {
    const auto& r = e.requests[k];
    const auto& l = e.limits[k];
    if (!r && !l) continue;
    if (!out.empty()) out += ' ';
    out += std::string(resourceKindName(k)) + "=" + (r ? r->text() : "-") + "/" + (l ? l->text() : "-");
  }
  return out.empty() ? "-" : out;
}

}  // namespace flytec::tc
