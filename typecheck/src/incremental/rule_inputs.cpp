// See rule_inputs.h.
#include "rule_inputs.h"

#include <algorithm>

#include "llvm/ADT/DenseMap.h"

namespace flytec::tc {

llvm::StringRef declarationText(const Entity& e) {
  const char* begin = e.decl->range.Start.getPointer();
  const char* end = e.decl->range.End.getPointer();
  return begin && end >= begin ? llvm::StringRef(begin, end - begin) : llvm::StringRef();
}

EntityAtLocation::EntityAtLocation(const SemanticModel& model) {
  for (size_t i = 0; i < model.entities.size(); ++i) {
    const Entity& e = *model.entities[i];
    if (!e.decl) continue;
    llvm::StringRef text = declarationText(e);
    if (text.data()) spans_.push_back({text.begin(), text.end(), static_cast<uint32_t>(i)});
  }
  // In order within each file already; the files' buffers lie anywhere.
  std::stable_sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
}

int64_t EntityAtLocation::operator()(const char* p) const {
  auto after = std::upper_bound(spans_.begin(), spans_.end(), p, [](const char* q, const Span& s) { return q < s.begin; });
  if (after == spans_.begin()) return -1;
  const Span& s = *std::prev(after);
  return p <= s.end ? s.entity : -1;
}

namespace {

using Graph = std::vector<std::vector<uint32_t>>;

/// Edges from the entity a resolved name is written in to the entity it
/// names: `uses[a]` holds b when a's text names b, `usedBy[b]` holds a.
void nameEdges(const SemanticModel& model, const EntityAtLocation& entityAt, Graph& uses, Graph& usedBy) {
  llvm::DenseMap<const ast::Decl*, uint32_t> index;
  index.reserve(model.entities.size());
  for (size_t i = 0; i < model.entities.size(); ++i)
    if (model.entities[i]->decl) index[model.entities[i]->decl] = static_cast<uint32_t>(i);
  for (const NameUse& use : model.names.uses()) {
    if (use.isDeclaration || !use.declaration || !use.declaration->decl) continue;
    auto target = index.find(use.declaration->decl);
    int64_t owner = entityAt(use.range.Start.getPointer());
    if (target == index.end() || owner < 0 || owner == target->second) continue;
    uses[owner].push_back(target->second);
    usedBy[target->second].push_back(static_cast<uint32_t>(owner));
  }
  for (Graph* g : {&uses, &usedBy})
    for (std::vector<uint32_t>& edges : *g) {
      std::sort(edges.begin(), edges.end());
      edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    }
}

/// Every entity reachable from `from` in `g` (`from` included) is appended
/// to `out` and stamped with `stamp`; false once `out` exceeds the bound.
bool reach(const Graph& g, std::vector<uint32_t>& out, std::vector<uint32_t>& seen, uint32_t stamp) {
  for (size_t next = 0; next < out.size(); ++next)
    for (uint32_t to : g[out[next]]) {
      if (seen[to] == stamp) continue;
      seen[to] = stamp;
      out.push_back(to);
      if (out.size() > kMaxRuleInputs) return false;
    }
  return true;
}

}  // namespace

RuleInputs ruleInputs(const SemanticModel& model, const CheckOptions& options, const EntityAtLocation& entityAt) {
  RuleInputs out;
  const size_t n = model.entities.size();
  if (!model.names.enabled()) return out;
  for (const auto& e : model.entities)
    if (!e->decl) return out;
  Graph uses(n), usedBy(n);
  nameEdges(model, entityAt, uses, usedBy);
  out.of.resize(n);
  out.selfAt.resize(n);
  std::vector<uint32_t> seenBy(n, 0), seenUse(n, 0);
  for (uint32_t i = 0; i < n; ++i) {
    if (!options.checks(model.entities[i].get())) continue;
    std::vector<uint32_t> users{i};
    seenBy[i] = i + 1;
    if (!reach(usedBy, users, seenBy, i + 1)) return RuleInputs{};
    std::vector<uint32_t>& set = out.of[i];
    for (uint32_t u : users) seenUse[u] = i + 1;
    set = users;
    if (!reach(uses, set, seenUse, i + 1)) return RuleInputs{};
    std::sort(set.begin(), set.end());
    out.selfAt[i] = static_cast<uint32_t>(std::lower_bound(set.begin(), set.end(), i) - set.begin());
  }
  out.complete = true;
  return out;
}

}  // namespace flytec::tc
