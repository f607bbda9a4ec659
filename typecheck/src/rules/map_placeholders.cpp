// Map rules on placeholders; see map_placeholders.h.
#include "rules/map_placeholders.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace flytec::tc {

namespace {

/// Inputs whose placeholder is a path (spec §6 table): file, dir, struct, list, dict.
bool isPathType(const idl::LiteralType& t) {
  using K = idl::LiteralType::Kind;
  return t.kind() == K::Blob || t.kind() == K::Collection || t.kind() == K::Map ||
         t.isSimple(idl::SimpleType::Struct);
}

/// Where `node` binds `input`: its argument's value, else the node's name.
llvm::SMRange mappedAt(const NodeInfo& node, const std::string& input) {
  for (const NodeArg& a : node.args)
    if (a.name() == input && a.value) return a.value->range;
  return node.node->name.range;
}

const NodeInfo* firstMapping(const std::vector<const NodeInfo*>& nodes, const std::string& input) {
  for (const NodeInfo* n : nodes)
    if (std::find(n->map->mappedInputs.begin(), n->map->mappedInputs.end(), input) != n->map->mappedInputs.end())
      return n;
  return nullptr;
}

const Variable* findInput(const Entity& task, const std::string& name) {
  for (const Variable& v : task.inputs)
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace

std::map<const Entity*, std::vector<const NodeInfo*>> mapNodesByTask(const SemanticModel& model) {
  std::map<const Entity*, std::vector<const NodeInfo*>> out;
  for (const auto& [decl, wf] : model.workflows)
    for (const auto& n : wf->nodes)
      if (n->kind == NodeKind::Map && n->map && n->target && n->target->kind == EntityKind::Task && n->node)
        out[n->target].push_back(n.get());
  // workflows is keyed by pointer: order by source position for stable notes.
  for (auto& [task, nodes] : out)
    std::sort(nodes.begin(), nodes.end(), [](const NodeInfo* a, const NodeInfo* b) {
      return a->node->range.Start.getPointer() < b->node->range.Start.getPointer();
    });
  return out;
}

void checkMappedTask(const Entity& task, const std::vector<TaskText>& texts,
                     const std::vector<const NodeInfo*>& mapNodes, DiagnosticEngine& diags) {
  if (mapNodes.empty()) return;
  const NodeInfo& first = *mapNodes.front();
  for (const TaskText& text : texts) {
    for (const Placeholder& p : text.placeholders) {
      if (p.kind == PlaceholderKind::Inputs) {
        diags.report(diag::warn_mapped_task_reads_all_elements, text.rangeOf(p), ".inputs", task.name)
            .note(first.node->name.range, reason::note_mapped_by_node_here, first.node->name.name);
        continue;
      }
      if (p.kind != PlaceholderKind::Input) continue;
      const Variable* var = findInput(task, p.name);
      const NodeInfo* mapper = firstMapping(mapNodes, p.name);
      if (!var || !mapper || var->type.isUnset() || !isPathType(var->type)) continue;
      const char* where = !text.isScript ? "in `command`"
                          : text.quoteAt(p.begin) == ShellQuote::Single ? "inside single quotes"
                                                                        : nullptr;
      if (!where) continue;
      diags.report(diag::err_mapped_path_input_misused, text.rangeOf(p), p.name, task.name, where, p.name)
          .note(mappedAt(*mapper, p.name), reason::note_mapped_by_node_here, mapper->node->name.name);
    }
    // A literal /var/inputs names the whole layout, every element's entries included.
    std::string_view v = text.literal->value;
    for (size_t at = v.find("/var/inputs"); at != std::string::npos; at = v.find("/var/inputs", at + 1)) {
      size_t end = at + 11;
      while (end < v.size() && !std::isspace(static_cast<unsigned char>(v[end])) && v[end] != '"' &&
             v[end] != '\'' && v[end] != ';' && v[end] != ')')
        ++end;
      diags.report(diag::warn_mapped_task_reads_all_elements, text.source.range(at, end), v.substr(at, end - at), task.name)
          .note(first.node->name.range, reason::note_mapped_by_node_here, first.node->name.name);
    }
  }
}

}  // namespace flytec::tc
