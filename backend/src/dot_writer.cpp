// The DOT writer (dot_writer.h): walks a lowered WorkflowTemplate and prints
// one Graphviz statement per node and edge. Every DOT node gets a generated
// id (`n0`, `n1`, ...) so that source names never appear unquoted; names only
// appear in labels, which go through dotQuote.
//
// A sub-workflow node becomes a cluster holding the sub-workflow's own graph:
// edges into the node go to the cluster's start, edges out of it leave from
// the cluster's end. Depth is bounded (Flyte rejects recursive workflows, but
// a package read from disk is not trusted to be acyclic); past the bound the
// node is drawn as a plain labelled node.
//
// It does not lay anything out: Graphviz does.
#include "backend/dot_writer.h"

#include <charconv>
#include <map>
#include <set>

#include "flyteidl/admin/task.pb.h"
#include "dot_labels.h"

namespace flytec::backend {

namespace fp = flyteidl;

namespace {

constexpr int kMaxClusterDepth = 8;

/// A float32 field (`min_success_ratio`) in the shortest form that reads
/// back as the same float32: 0.7, not the double widening 0.699999988079071.
std::string shortestFloat32(float v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

/// Output references (node id, output name) a binding reads, in order.
void collectPromises(const fp::core::BindingData& b, std::vector<const fp::core::OutputReference*>& out) {
  switch (b.value_case()) {
    case fp::core::BindingData::kPromise: out.push_back(&b.promise()); break;
    case fp::core::BindingData::kCollection:
      for (const auto& e : b.collection().bindings()) collectPromises(e, out);
      break;
    case fp::core::BindingData::kMap: {
      std::map<std::string, const fp::core::BindingData*> sorted;  // protobuf maps are unordered
      for (const auto& [k, v] : b.map().bindings()) sorted.emplace(k, &v);
      for (const auto& [k, v] : sorted) collectPromises(*v, out);
      break;
    }
    default: break;
  }
}

class DotWriter {
 public:
  DotWriter(const idl::Package& pkg, const fp::admin::WorkflowSpec& spec, const tc::ClusterProfile* profile)
      : profile_(profile) {
    for (const auto& e : pkg.entries) {
      if (const auto* t = e.task()) tasks_.emplace(t->template_().id().name(), &t->template_());
      if (const auto* w = e.workflow()) workflows_.emplace(w->template_().id().name(), &w->template_());
    }
    // The spec's own sub-workflows are what Flyte compiles against: they win.
    for (const auto& s : spec.sub_workflows()) workflows_[s.id().name()] = &s;
  }

  std::string write(const fp::core::WorkflowTemplate& t) {
    out_ = "digraph " + dotQuote(t.id().name()) + " {\n";
    out_ += "  graph [rankdir=TB, fontname=\"Helvetica\", label=" + dotQuote("workflow " + t.id().name()) +
            ", labelloc=t];\n";
    out_ += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
    out_ += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    std::set<std::string> active{t.id().name()};
    Ports ports = emitTemplate(t, "  ", 0, active);
    (void)ports;
    out_ += "}\n";
    return out_;
  }

 private:
  /// Where edges attach for one workflow node: into `in`, out of `out`.
  struct Port {
    std::string in, out;
  };
  /// A template's start and end nodes.
  struct Ports {
    std::string start, end;
  };

  std::string fresh() { return "n" + std::to_string(next_++); }

  void emitNode(const std::string& id, const std::string& indent, const std::string& label,
                const std::string& attrs) {
    out_ += indent + id + " [label=" + dotQuote(label) + (attrs.empty() ? "" : ", " + attrs) + "];\n";
  }

  /// Data (solid, labelled), After (an `after` or other upstream id without
  /// data; dashed) or Order (a node with nothing upstream hangs off start).
  enum class Edge { Data, After, Order };

  void emitEdge(const std::string& indent, const std::string& from, const std::string& to,
                const std::string& label, Edge kind) {
    out_ += indent + from + " -> " + to;
    std::vector<std::string> attrs;
    if (!label.empty()) attrs.push_back("label=" + dotQuote(label));
    if (kind == Edge::After) attrs.push_back("style=dashed, color=gray40, tooltip=\"after\"");
    if (kind == Edge::Order) attrs.push_back("style=dashed, color=gray70");
    if (!attrs.empty()) {
      out_ += " [";
      for (size_t i = 0; i < attrs.size(); ++i) out_ += (i ? ", " : "") + attrs[i];
      out_ += "]";
    }
    out_ += ";\n";
  }

  /// Literal inputs of a node as `name = value` lines.
  static void appendLiterals(const fp::core::Node& n, std::vector<std::string>& lines) {
    for (const auto& b : n.inputs()) {
      std::string lit = literalText(b.binding());
      if (!lit.empty()) lines.push_back(shorten(b.var() + " = " + lit));
    }
  }

  bool isDaskTask(const std::string& task) const {
    auto it = tasks_.find(task);
    return it != tasks_.end() && it->second->type() == "dask";
  }

  void appendTaskResources(const std::string& task, const fp::core::TaskNodeOverrides* overrides,
                           std::vector<std::string>& lines) {
    auto it = tasks_.find(task);
    bool container = it != tasks_.end() && it->second->has_container();
    bool overridden = overrides && (overrides->resources().requests_size() || overrides->resources().limits_size());
    if (overridden) appendResources(overrides->resources(), lines);
    else if (container) appendResources(it->second->container().resources(), lines);
    if (profile_ && container)
      appendEffective(it->second->container().resources(), overridden ? &overrides->resources() : nullptr, *profile_,
                      lines);
  }

  Port emitWorkflowNode(const fp::core::Node& n, const std::string& indent, int depth,
                        std::set<std::string>& active) {
    const auto& wn = n.workflow_node();
    if (wn.has_launchplan_ref()) {
      std::string id = fresh();
      emitNode(id, indent, n.id() + "\nlaunch plan " + wn.launchplan_ref().name(),
               "shape=box, style=\"rounded,bold\", color=darkgreen");
      return {id, id};
    }
    const std::string& name = wn.sub_workflow_ref().name();
    auto it = workflows_.find(name);
    if (it == workflows_.end() || depth >= kMaxClusterDepth || active.count(name)) {
      std::string id = fresh();
      emitNode(id, indent, n.id() + "\nsub-workflow " + name, "shape=box3d");
      return {id, id};
    }
    std::string cluster = "cluster_" + fresh();
    out_ += indent + "subgraph " + cluster + " {\n";
    out_ += indent + "  graph [label=" + dotQuote(n.id() + ": sub-workflow " + name) +
            ", style=\"rounded,dashed\", color=gray50];\n";
    active.insert(name);
    Ports ports = emitTemplate(*it->second, indent + "  ", depth + 1, active);
    active.erase(name);
    out_ += indent + "}\n";
    return {ports.start, ports.end};
  }

  Port emitOne(const fp::core::Node& n, const std::string& indent, int depth, std::set<std::string>& active) {
    std::vector<std::string> lines{n.id()};
    std::string attrs;
    switch (n.target_case()) {
      case fp::core::Node::kTaskNode: {
        const std::string& task = n.task_node().reference_id().name();
        lines.push_back(task);
        if (isDaskTask(task)) {
          lines.push_back("Dask cluster");
          attrs = "shape=box, style=\"filled,bold\", fillcolor=lightyellow";
        }
        appendTaskResources(task, &n.task_node().overrides(), lines);
        break;
      }
      case fp::core::Node::kArrayNode: {
        const auto& an = n.array_node();
        std::string variant = an.node().has_task_node() ? an.node().task_node().reference_id().name() : "";
        lines.push_back("map " + (variant.empty() ? std::string("?") : mappedTaskName(variant)));
        lines.push_back(an.has_parallelism() ? "concurrency " + std::to_string(an.parallelism())
                                             : "concurrency unlimited");
        if (an.has_min_success_ratio())
          lines.push_back("min_success_ratio " + shortestFloat32(an.min_success_ratio()));
        if (an.has_min_successes()) lines.push_back("min_successes " + std::to_string(an.min_successes()));
        if (an.bound_inputs_size()) {
          std::string bound;
          for (const auto& b : an.bound_inputs()) bound += (bound.empty() ? "" : ", ") + b;
          lines.push_back(shorten("bound " + bound));
        }
        if (!variant.empty()) appendTaskResources(variant, &an.node().task_node().overrides(), lines);
        attrs = "shape=box3d, style=\"filled\", fillcolor=aliceblue, tooltip=" + dotQuote(variant);
        break;
      }
      case fp::core::Node::kWorkflowNode: return emitWorkflowNode(n, indent, depth, active);
      case fp::core::Node::kBranchNode: lines.push_back("branch"); attrs = "shape=diamond"; break;
      case fp::core::Node::kGateNode: lines.push_back("gate"); attrs = "shape=octagon"; break;
      default: lines.push_back("(no target)"); break;
    }
    appendLiterals(n, lines);
    std::string id = fresh();
    emitNode(id, indent, joinLines(lines), attrs);
    return {id, id};
  }

  Ports emitTemplate(const fp::core::WorkflowTemplate& t, const std::string& indent, int depth,
                     std::set<std::string>& active) {
    Ports ports{fresh(), fresh()};
    bool top = depth == 0;
    emitNode(ports.start, indent, "start", top ? "shape=Mdiamond, style=\"\"" : "shape=circle, style=\"\", fontsize=9");
    emitNode(ports.end, indent, "end", top ? "shape=Msquare, style=\"\"" : "shape=doublecircle, style=\"\", fontsize=9");
    std::map<std::string, Port> byId;
    for (const auto& n : t.nodes()) byId.emplace(n.id(), emitOne(n, indent, depth, active));

    auto source = [&](const std::string& nodeId) -> std::string {
      if (nodeId.empty() || nodeId == "start-node") return ports.start;
      auto it = byId.find(nodeId);
      return it == byId.end() ? std::string() : it->second.out;
    };
    for (const auto& n : t.nodes()) {
      const std::string& to = byId.at(n.id()).in;
      std::set<std::string> dataFrom;
      std::set<std::pair<std::string, std::string>> drawn;  // (source dot id, input) once each
      for (const auto& b : n.inputs()) {
        std::vector<const fp::core::OutputReference*> refs;
        collectPromises(b.binding(), refs);
        for (const auto* r : refs) {
          dataFrom.insert(r->node_id());
          std::string from = source(r->node_id());
          if (!from.empty() && drawn.emplace(from, b.var()).second) emitEdge(indent, from, to, b.var(), Edge::Data);
        }
      }
      for (const auto& up : n.upstream_node_ids()) {
        if (dataFrom.count(up)) continue;
        std::string from = source(up);
        if (!from.empty() && drawn.emplace(from, "").second) emitEdge(indent, from, to, "", Edge::After);
      }
      // A node with nothing upstream still starts after the start node.
      if (drawn.empty()) emitEdge(indent, ports.start, to, "", Edge::Order);
    }
    std::set<std::string> reachesEnd;
    for (const auto& o : t.outputs()) {
      std::vector<const fp::core::OutputReference*> refs;
      collectPromises(o.binding(), refs);
      for (const auto* r : refs) {
        std::string from = source(r->node_id());
        if (!from.empty() && reachesEnd.insert(from + "/" + o.var()).second)
          emitEdge(indent, from, ports.end, o.var(), Edge::Data);
      }
    }
    if (reachesEnd.empty()) emitEdge(indent, ports.start, ports.end, "", Edge::Order);
    return ports;
  }

  std::map<std::string, const fp::core::TaskTemplate*> tasks_;
  std::map<std::string, const fp::core::WorkflowTemplate*> workflows_;
  std::string out_;
  const tc::ClusterProfile* profile_ = nullptr;  ///< set: `eff` lines
  unsigned next_ = 0;
};

}  // namespace

std::vector<std::string> packageWorkflowNames(const idl::Package& pkg) {
  std::vector<std::string> out;
  for (const auto& e : pkg.entries)
    if (const auto* w = e.workflow()) out.push_back(w->template_().id().name());
  return out;
}

const fp::admin::WorkflowSpec* findPackageWorkflow(const idl::Package& pkg, std::string_view name) {
  for (const auto& e : pkg.entries)
    if (const auto* w = e.workflow(); w && w->template_().id().name() == name) return w;
  return nullptr;
}

std::string workflowToDot(const idl::Package& pkg, const fp::admin::WorkflowSpec& spec,
                          const tc::ClusterProfile* profile) {
  return DotWriter(pkg, spec, profile).write(spec.template_());
}

}  // namespace flytec::backend
