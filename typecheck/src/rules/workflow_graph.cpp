// §7 workflow graph checks on a built model: a workflow without nodes
// (E0703), cycles through `after` (E0704, graph_cycles.cpp) and node outputs
// nobody reads (W0706).
//
// Decisions for W0706: an output counts as read when a later (or, wrongly,
// earlier: E0705 is reported elsewhere) node input or the workflow's
// `return` mentions it: `a.o0`, `a.o0[0]`, `a.o0.field`, or the bare node
// `a` (its single output; with several outputs E0702 is reported elsewhere
// and every output counts as read, so one mistake gives one diagnostic).
// `after a` is ordering only and reads nothing. A node without outputs, and
// a node whose target did not resolve, are never reported. One warning per
// node lists all its unread outputs.
//
// Name clashes (E0701) and use before definition (E0705) belong to the model
// builder, not here.
#include <string>
#include <string_view>
#include <vector>

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include "rules/graph_cycles.h"
#include "rules/graph_uses.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

void reportEmpty(const ast::WorkflowDecl& wf, DiagnosticEngine& diags) {
  if (!wf.nodes.empty()) return;
  diags.report(diag::err_empty_workflow, wf.name.range, wf.name.name);
}

void reportUnusedOutputs(const WorkflowInfo& info, const ast::WorkflowDecl& wf, DiagnosticEngine& diags) {
  // Per node (by its index in info.nodes): the names of its outputs that are
  // read, or `all`. Nodes have a handful of outputs: a list beats a set.
  struct Reads {
    bool all = false;  // the bare node, or a field of its single output
    llvm::SmallVector<std::string_view, 2> names;
    bool has(std::string_view name) const { return llvm::is_contained(names, name); }
  };
  std::vector<Reads> reads(info.nodes.size());
  auto onRead = [&](const NameRead& r) {
    std::optional<size_t> k = info.findNodeIndex(r.name->name);
    if (!k) return;
    Reads& got = reads[*k];
    if (r.member)
      for (const Variable& out : info.nodes[*k]->outputs)
        if (out.name == r.member->name) {
          if (!got.has(out.name)) got.names.push_back(out.name);
          return;
        }
    got.all = true;
  };
  for (const ast::Node& node : wf.nodes) forEachNameRead(node.value.get(), onRead);
  forEachNameRead(wf.returnValue.get(), onRead);

  for (size_t k = 0; k < info.nodes.size(); ++k) {
    const NodeInfo* n = info.nodes[k].get();
    if (!n || !n->node || n->kind == NodeKind::Invalid || n->outputs.empty()) continue;
    if (reads[k].all) continue;
    std::string unused;
    size_t count = 0;
    for (const Variable& out : n->outputs) {
      if (reads[k].has(out.name)) continue;
      if (count++) unused += ", ";
      unused += "`" + out.name + "`";
    }
    if (count == 0) continue;
    diags.report(count == 1 ? diag::warn_output_never_read : diag::warn_outputs_never_read, n->node->name.range,
                 unused, n->node->name.name);
  }
}

}  // namespace

void checkWorkflowGraph(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& [decl, info] : model.workflows) {
    if (!decl || (info && info->entity && !options.checks(info->entity))) continue;
    reportEmpty(*decl, diags);
    reportAfterCycles(*decl, diags);
    if (info) reportUnusedOutputs(*info, *decl, diags);
  }
}

}  // namespace flytec::tc
