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

#include <map>
#include <set>

#include "flyteidl/admin/task.pb.h"
#include "idl/go_format.h"

namespace flytec::backend {

namespace fp = flyteidl;

namespace {

constexpr int kMaxClusterDepth = 8;
constexpr size_t kMaxLineBytes = 40;

void appendCodePointRef(std::string& out, uint32_t cp) { out += "&#" + std::to_string(cp) + ";"; }

/// `s` cut to at most kMaxLineBytes, at a UTF-8 boundary, with `...` when cut.
std::string shorten(std::string s) {
  if (s.size() <= kMaxLineBytes) return s;
  size_t cut = kMaxLineBytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

std::string resourceName(int name) {
  switch (name) {
    case fp::core::Resources::CPU: return "cpu";
    case fp::core::Resources::GPU: return "gpu";
    case fp::core::Resources::MEMORY: return "mem";
    case fp::core::Resources::STORAGE: return "storage";
    case fp::core::Resources::EPHEMERAL_STORAGE: return "ephemeral_storage";
    default: return "?";
  }
}

std::string resourceList(const google::protobuf::RepeatedPtrField<fp::core::Resources::ResourceEntry>& list) {
  std::string out;
  for (const auto& e : list) out += (out.empty() ? "" : " ") + resourceName(e.name()) + "=" + e.value();
  return out;
}

/// `requests` and `limits` lines, each only when short enough to read.
void appendResources(const fp::core::Resources& r, std::vector<std::string>& lines) {
  std::string req = resourceList(r.requests()), lim = resourceList(r.limits());
  if (!req.empty() && req.size() + 4 <= kMaxLineBytes) lines.push_back("req " + req);
  if (!lim.empty() && lim.size() + 4 <= kMaxLineBytes) lines.push_back("lim " + lim);
}

/// A string as the language writes it: quoted, with `\"`, `\\`, `\n`, `\t`.
std::string sourceString(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += {'\\', c};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "\"";
}

std::string scalarText(const fp::core::Scalar& s) {
  switch (s.value_case()) {
    case fp::core::Scalar::kPrimitive: {
      const auto& p = s.primitive();
      switch (p.value_case()) {
        case fp::core::Primitive::kInteger: return idl::formatIntInline(p.integer());
        case fp::core::Primitive::kFloatValue: return idl::formatFloatInline(p.float_value());
        case fp::core::Primitive::kStringValue: return sourceString(p.string_value());
        case fp::core::Primitive::kBoolean: return idl::formatBoolInline(p.boolean());
        case fp::core::Primitive::kDatetime: return "datetime";
        case fp::core::Primitive::kDuration: return "duration";
        default: return "?";
      }
    }
    case fp::core::Scalar::kNoneType: return "none";
    case fp::core::Scalar::kBlob: return s.blob().uri();
    case fp::core::Scalar::kGeneric: return "{...}";
    default: return "...";
  }
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

/// A literal binding as short text, or empty when it reads an output.
std::string literalText(const fp::core::BindingData& b) {
  switch (b.value_case()) {
    case fp::core::BindingData::kScalar: return scalarText(b.scalar());
    case fp::core::BindingData::kCollection: {
      std::string s = "[";
      for (const auto& e : b.collection().bindings()) {
        std::string item = literalText(e);
        if (item.empty()) return "";
        s += (s.size() > 1 ? ", " : "") + item;
        if (s.size() > kMaxLineBytes) break;
      }
      return s + "]";
    }
    case fp::core::BindingData::kMap: return b.map().bindings().empty() ? "{}" : "{...}";
    default: return "";
  }
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

/// The source task of a map variant: `{prefix.}map_{task}_{h}-arraynode`
/// (spec §10) gives `{prefix.}{task}`; any other name is returned as is.
std::string mappedTaskName(const std::string& variant) {
  static const std::string suffix = "-arraynode";
  size_t dot = variant.rfind('.');
  std::string prefix = dot == std::string::npos ? "" : variant.substr(0, dot + 1);
  std::string bare = dot == std::string::npos ? variant : variant.substr(dot + 1);
  if (bare.size() < 4 + 17 + suffix.size() || bare.compare(0, 4, "map_") != 0 ||
      bare.compare(bare.size() - suffix.size(), suffix.size(), suffix) != 0)
    return variant;
  std::string core = bare.substr(4, bare.size() - 4 - suffix.size());  // task_h
  size_t us = core.rfind('_');
  if (us == std::string::npos || core.size() - us - 1 != 16) return variant;
  return prefix + core.substr(0, us);
}

class DotWriter {
 public:
  DotWriter(const idl::Package& pkg, const fp::admin::WorkflowSpec& spec) {
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

  void emitEdge(const std::string& indent, const std::string& from, const std::string& to,
                const std::string& label, bool control) {
    out_ += indent + from + " -> " + to;
    std::vector<std::string> attrs;
    if (!label.empty()) attrs.push_back("label=" + dotQuote(label));
    if (control) attrs.push_back("style=dashed, color=gray40, tooltip=\"after\"");
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

  void appendTaskResources(const std::string& task, const fp::core::TaskNodeOverrides* overrides,
                           std::vector<std::string>& lines) {
    if (overrides && (overrides->resources().requests_size() || overrides->resources().limits_size())) {
      appendResources(overrides->resources(), lines);
      return;
    }
    auto it = tasks_.find(task);
    if (it != tasks_.end() && it->second->has_container()) appendResources(it->second->container().resources(), lines);
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
          lines.push_back("min_success_ratio " + idl::formatFloatInline(an.min_success_ratio()));
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
          if (!from.empty() && drawn.emplace(from, b.var()).second) emitEdge(indent, from, to, b.var(), false);
        }
      }
      for (const auto& up : n.upstream_node_ids()) {
        if (dataFrom.count(up)) continue;
        std::string from = source(up);
        if (!from.empty() && drawn.emplace(from, "").second) emitEdge(indent, from, to, "", true);
      }
      // A node with nothing upstream still starts after the start node.
      if (drawn.empty()) emitEdge(indent, ports.start, to, "", true);
    }
    std::set<std::string> reachesEnd;
    for (const auto& o : t.outputs()) {
      std::vector<const fp::core::OutputReference*> refs;
      collectPromises(o.binding(), refs);
      for (const auto* r : refs) {
        std::string from = source(r->node_id());
        if (!from.empty() && reachesEnd.insert(from + "/" + o.var()).second)
          emitEdge(indent, from, ports.end, o.var(), false);
      }
    }
    if (reachesEnd.empty()) emitEdge(indent, ports.start, ports.end, "", true);
    return ports;
  }

  std::map<std::string, const fp::core::TaskTemplate*> tasks_;
  std::map<std::string, const fp::core::WorkflowTemplate*> workflows_;
  std::string out_;
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

std::string workflowToDot(const idl::Package& pkg, const fp::admin::WorkflowSpec& spec) {
  return DotWriter(pkg, spec).write(spec.template_());
}

std::string dotQuote(std::string_view text) {
  std::string out = "\"";
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '&') out += "&amp;";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') {
        if (i < text.size() && text[i] == '\n') ++i;
        out += "\\n";
      } else if (c == '\t') out += ' ';
      else if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
      continue;
    }
    // Decode one UTF-8 sequence; anything malformed is one U+FFFD per byte.
    int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    uint32_t cp = len == 4 ? c & 0x07 : len == 3 ? c & 0x0F : c & 0x1F;
    bool ok = len != 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))))
      ok = false;
    if (!ok) {
      appendCodePointRef(out, 0xFFFD);
      ++i;
      continue;
    }
    appendCodePointRef(out, cp);
    i += len;
  }
  return out + "\"";
}

}  // namespace flytec::backend
