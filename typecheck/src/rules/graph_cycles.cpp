// Finds cycles through `after` (see graph_cycles.h) with Tarjan's strongly
// connected components, iteratively so that a chain of 10,000 nodes cannot
// exhaust the stack, then a breadth-first search for one shortest cycle in
// each component.
#include "rules/graph_cycles.h"

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/graph_uses.h"

namespace flytec::tc {

namespace {

/// `from` waits for `to`: it names `to` in its `after` list or reads one of
/// its outputs, at `where`.
struct Edge {
  size_t from, to;
  bool after;
  llvm::SMRange where;
};

/// Tarjan's algorithm without recursion; components come out in reverse
/// topological order, each a list of node indexes.
std::vector<std::vector<size_t>> stronglyConnected(const std::vector<std::vector<Edge>>& out) {
  const size_t n = out.size();
  constexpr size_t kUnvisited = SIZE_MAX;
  std::vector<size_t> index(n, kUnvisited), low(n, 0);
  std::vector<bool> onStack(n, false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> components;
  size_t counter = 0;
  struct Frame { size_t node, next; };
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    std::vector<Frame> frames{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next < out[f.node].size()) {
        size_t w = out[f.node][f.next++].to;
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          frames.push_back({w, 0});
        } else if (onStack[w]) {
          low[f.node] = std::min(low[f.node], index[w]);
        }
        continue;
      }
      size_t v = f.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<size_t> component;
      size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        onStack[w] = false;
        component.push_back(w);
      } while (w != v);
      std::sort(component.begin(), component.end());
      components.push_back(std::move(component));
    }
  }
  return components;
}

}  // namespace

void reportAfterCycles(const ast::WorkflowDecl& wf, DiagnosticEngine& diags) {
  const size_t n = wf.nodes.size();
  // Data edges alone point upwards: without `after` there is no cycle.
  if (std::none_of(wf.nodes.begin(), wf.nodes.end(), [](const ast::Node& x) { return !x.after.empty(); })) return;
  // The first definition of a name wins; a second one is E0701's business.
  std::map<std::string, size_t, std::less<>> byName;
  for (size_t i = 0; i < n; ++i) byName.emplace(wf.nodes[i].name.name, i);

  std::vector<std::vector<Edge>> out(n);
  bool anyAfter = false;
  // seenBy[j] == i: node i already has a data edge to j (one per pair).
  std::vector<size_t> seenBy(n, n);
  for (size_t i = 0; i < n; ++i) {
    const ast::Node& node = wf.nodes[i];
    for (const ast::Ident& a : node.after) {
      auto it = byName.find(a.name);
      if (it == byName.end()) continue;
      out[i].push_back({i, it->second, true, a.range});
      anyAfter = true;
    }
    forEachNameRead(node.value.get(), [&](const NameRead& r) {
      auto it = byName.find(r.name->name);
      if (it == byName.end() || it->second >= i || seenBy[it->second] == i) return;
      seenBy[it->second] = i;
      out[i].push_back({i, it->second, false, r.name->range});
    });
  }
  if (!anyAfter) return;  // no `after` names a node of this workflow

  std::vector<std::vector<size_t>> components = stronglyConnected(out);
  std::sort(components.begin(), components.end());
  for (const std::vector<size_t>& comp : components) {
    std::vector<bool> inComp(n, false);
    for (size_t v : comp) inComp[v] = true;
    // Start at the first node with an `after` edge inside the component.
    const Edge* first = nullptr;
    size_t start = 0;
    for (size_t v : comp) {
      for (const Edge& e : out[v])
        if (e.after && inComp[e.to]) { first = &e; break; }
      if (first) { start = v; break; }
    }
    if (!first) continue;  // a single node without a self-`after`

    // Shortest path first.to -> ... -> start inside the component.
    std::vector<const Edge*> via(n, nullptr);
    std::vector<bool> reached(n, false);
    std::deque<size_t> queue{first->to};
    reached[first->to] = true;
    while (!queue.empty() && !reached[start]) {
      size_t v = queue.front();
      queue.pop_front();
      for (const Edge& e : out[v]) {
        if (!inComp[e.to] || reached[e.to]) continue;
        reached[e.to] = true;
        via[e.to] = &e;
        queue.push_back(e.to);
      }
    }
    // Walk back from start to first->to, collecting the edges in order.
    std::vector<const Edge*> steps;  // after `first`, in order
    if (first->to != start) {
      std::vector<const Edge*> back;
      for (size_t v = start; v != first->to;) {
        back.push_back(via[v]);
        v = via[v]->from;
      }
      steps.assign(back.rbegin(), back.rend());
    }

    auto name = [&](size_t v) { return std::string(wf.nodes[v].name.name); };
    auto verb = [](const Edge* e) { return e->after ? std::string_view("runs after") : std::string_view("reads"); };
    std::string path = "`" + name(start) + "` " + std::string(verb(first)) + " `" + name(first->to) + "`";
    for (const Edge* e : steps) path += ", which " + std::string(verb(e)) + " `" + name(e->to) + "`";
    DiagBuilder b = diags.report(diag::err_workflow_cycle, first->where, wf.name.name, path);
    for (const Edge* e : steps) {
      if (e->after)
        b.note(e->where, reason::note_runs_after_here, name(e->from), name(e->to));
      else
        b.note(e->where, reason::note_reads_output_of_here, name(e->from), name(e->to));
    }
  }
}

}  // namespace flytec::tc
