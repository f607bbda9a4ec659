// The SemanticModel's queries: entity by declaration, qualified-name lookup
// from a module (imports not transitive), nodes by name.
// It builds nothing; ModelBuilder (model_builder.h) fills the model.
#include "typecheck/semantic_model.h"

#include "model_builder.h"

namespace flytec::tc {

const char* entityKindName(EntityKind k) {
  switch (k) {
    case EntityKind::Task: return "task";
    case EntityKind::Workflow: return "workflow";
    case EntityKind::LaunchPlan: return "launch plan";
    case EntityKind::Struct: return "struct";
    case EntityKind::Enum: return "enum";
  }
  return "declaration";
}

std::optional<size_t> WorkflowInfo::findNodeIndex(std::string_view name) const {
  // A small workflow is scanned: an index costs memory for every node and
  // buys nothing at that size.
  // The first node of a name wins (later ones are E0701).
  constexpr size_t kScanLimit = 16;
  if (nodes.size() <= kScanLimit) {
    for (size_t i = 0; i < nodes.size(); ++i)
      if (const NodeInfo* n = nodes[i].get(); n->node && n->node->name.name == name) return i;
    return std::nullopt;
  }
  // Nodes are appended while the model is built; index the new ones first.
  // Keys view the AST's names, which outlive the model.
  for (; indexed_ < nodes.size(); ++indexed_)
    if (const NodeInfo* n = nodes[indexed_].get(); n->node)
      byName_.try_emplace(n->node->name.name, indexed_);
  auto it = byName_.find(name);
  if (it == byName_.end()) return std::nullopt;
  return it->second;
}

const NodeInfo* WorkflowInfo::findNode(std::string_view name) const {
  auto i = findNodeIndex(name);
  return i ? nodes[*i].get() : nullptr;
}

const Entity* SemanticModel::entityFor(const ast::Decl* decl) const {
  auto it = byDecl_.find(decl);
  return it == byDecl_.end() ? nullptr : it->second;
}

const Entity* SemanticModel::lookup(const Module& module, std::string_view qualifiedName) const {
  auto scope = scopes_.find(&module);
  if (scope == scopes_.end()) return nullptr;
  size_t dot = qualifiedName.find('.');
  if (dot == std::string_view::npos) {
    auto it = scope->second.find(qualifiedName);
    return it == scope->second.end() ? nullptr : it->second;
  }
  std::string_view head = qualifiedName.substr(0, dot), rest = qualifiedName.substr(dot + 1);
  if (rest.find('.') != std::string_view::npos) return nullptr;
  for (const ResolvedImport& imp : module.imports) {
    if (imp.name != head || !imp.target) continue;
    auto target = scopes_.find(imp.target);
    if (target == scopes_.end()) return nullptr;
    auto it = target->second.find(rest);
    return it == target->second.end() ? nullptr : it->second;
  }
  return nullptr;
}

const WorkflowInfo* SemanticModel::workflowFor(const ast::WorkflowDecl* decl) const {
  auto it = workflows.find(decl);
  return it == workflows.end() ? nullptr : it->second.get();
}

}  // namespace flytec::tc
