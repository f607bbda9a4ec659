// Checks of one WorkflowSpec entry as Flyte's compiler does at registration
// (flytepropeller v1.16.5 workflow_compiler.go, validators/): each node's
// interface (task, launch plan as flyteadmin exposes it, sub-workflow from
// `sub_workflows`, ArrayNode = its sub-node's interface as is, gate), its
// bindings with Flyte's assignability (idl::flyteCanAssign), unbound inputs,
// workflow outputs, then the graph: start/end edges, cycles and unreachable
// nodes. Duplicate node ids (the compiler keeps the first), ArrayNode
// success criteria and `bound_inputs`, node resource overrides and missing
// `upstream_node_ids` targets that harm nothing are W0910. Branch nodes and
// approve gates are not type-checked (their edges are still followed).
#include <functional>
#include <map>
#include <regex>

#include "idl/assignability.h"
#include "idl/type_conversion.h"
#include "package/package_check_impl.h"

namespace flytec::tc::pkg {

namespace {

const std::string kStart = "start-node";
const std::string kEnd = "end-node";

struct Iface {
  core::VariableMap inputs, outputs;
};

void collectNode(const core::Node& n, std::set<std::string>& out) {
  if (n.has_array_node()) {
    const core::Node& sub = n.array_node().node();
    if (sub.has_task_node() && sub.task_node().has_reference_id()) out.insert(idKey(sub.task_node().reference_id()));
  }
}

struct WorkflowChecker {
  const PackageIndex& index;
  const std::string& where;
  const admin::WorkflowSpec& spec;
  DiagnosticEngine& diags;
  std::set<std::string> checkedSubs;

  // --- per-workflow state -----------------------------------------------------
  struct Graph {
    std::string owner;
    const core::WorkflowTemplate* wf = nullptr;
    std::map<std::string, const core::Node*> nodes;           // first of each id
    std::map<std::string, std::optional<Iface>> ifaces;       // nullopt = unknown
    std::map<std::string, std::set<std::string>> down, up;
  };

  void edge(Graph& g, const std::string& from, const std::string& to) {
    std::string f = from.empty() ? kStart : from;
    g.down[f].insert(to);
    g.up[to].insert(f);
  }

  const core::WorkflowTemplate* findSub(const core::Identifier& id) const {
    for (const auto& s : spec.sub_workflows())
      if (idKey(s.id()) == idKey(id)) return &s;
    return nullptr;
  }

  std::optional<Iface> launchPlanIface(const core::Node& n, const std::string& ctx) {
    const core::Identifier& ref = n.workflow_node().launchplan_ref();
    const admin::LaunchPlan* lp = index.launchPlan(ref);
    if (!lp) {
      diags.reportAtPath(diag::warn_package_missing_reference, where, "launch plan", ref.name(), ctx);
      return std::nullopt;
    }
    const admin::WorkflowSpec* target = index.workflow(lp->spec().workflow_id());
    if (!target) return std::nullopt;  // the launch plan's own check reports it
    const core::TypedInterface& wfi = target->template_().interface();
    core::ParameterMap expected = expectedLaunchPlanInputs(wfi.inputs(), lp->spec());
    Iface iface;
    for (const auto& [name, p] : expected.parameters()) {
      bool bound = false;
      for (const auto& b : n.inputs()) bound |= b.var() == name;
      if (p.required() || bound) (*iface.inputs.mutable_variables())[name] = p.var();
    }
    iface.outputs = wfi.outputs();
    return iface;
  }

  // ValidateUnderlyingInterface.
  std::optional<Iface> nodeIface(const core::Node& n, const std::string& ctx, bool& failed) {
    switch (n.target_case()) {
    case core::Node::kTaskNode: {
      if (!n.task_node().has_reference_id()) {
        diags.reportAtPath(diag::err_package_task_node_without_task, where, ctx);
        failed = true;
        return std::nullopt;
      }
      const core::TaskTemplate* t = index.task(n.task_node().reference_id());
      if (!t) {
        diags.reportAtPath(diag::warn_package_missing_reference, where, "task", n.task_node().reference_id().name(), ctx);
        return std::nullopt;
      }
      if (n.task_node().has_overrides() && n.task_node().overrides().has_resources())
        checkResources(index, where, ctx + " (overrides)", n.task_node().overrides().resources(), false, diags);
      return Iface{t->interface().inputs(), t->interface().outputs()};
    }
    case core::Node::kWorkflowNode: {
      const core::WorkflowNode& w = n.workflow_node();
      if (w.has_launchplan_ref()) return launchPlanIface(n, ctx);
      if (w.has_sub_workflow_ref()) {
        const core::WorkflowTemplate* sub = findSub(w.sub_workflow_ref());
        if (!sub) {
          diags.reportAtPath(diag::err_package_sub_workflow_not_in_spec, where, ctx, w.sub_workflow_ref().name());
          failed = true;
          return std::nullopt;
        }
        if (checkedSubs.insert(idKey(sub->id())).second) checkTemplate(*sub);
        return Iface{sub->interface().inputs(), sub->interface().outputs()};
      }
      diags.reportAtPath(diag::err_package_workflow_node_without_target, where, ctx);
      failed = true;
      return std::nullopt;
    }
    case core::Node::kArrayNode: {
      const core::ArrayNode& a = n.array_node();
      if (!a.has_node()) {
        diags.reportAtPath(diag::err_package_array_node_without_sub_node, where, ctx);
        failed = true;
        return std::nullopt;
      }
      if (a.success_criteria_case() == core::ArrayNode::kMinSuccessRatio &&
          !(a.min_success_ratio() > 0 && a.min_success_ratio() <= 1))
        diags.reportAtPath(diag::warn_package_success_ratio_out_of_range, where, ctx, a.min_success_ratio());
      auto sub = nodeIface(a.node(), ctx + " sub-node `" + a.node().id() + "`", failed);
      if (sub)
        for (const std::string& b : a.bound_inputs())
          if (!sub->inputs.variables().count(b))
            diags.reportAtPath(diag::warn_package_bound_input_not_mapped, where, ctx, b);
      return sub;
    }
    case core::Node::kGateNode: {
      const core::GateNode& g = n.gate_node();
      if (g.has_signal()) {
        Iface i;
        (*i.outputs.mutable_variables())[g.signal().output_variable_name()].mutable_type()->CopyFrom(g.signal().type());
        return i;
      }
      if (g.has_sleep()) return Iface{};
      return std::nullopt;
    }
    case core::Node::kBranchNode: return std::nullopt;
    default:
      diags.reportAtPath(diag::err_package_node_without_target, where, ctx);
      failed = true;
      return std::nullopt;
    }
  }

  // --- bindings (validators/bindings.go) ---------------------------------------
  bool castable(const core::LiteralType& up, const core::LiteralType& down) {
    return idl::flyteCanAssign(idl::fromProto(up), idl::fromProto(down));
  }

  bool binding(Graph& g, const std::string& ctx, const std::string& slot, const core::BindingData& b,
               const core::LiteralType& expected, std::vector<std::string>& ups, bool quiet) {
    auto mismatch = [&](const std::string& src, const std::string& srcType) {
      if (!quiet) diags.reportAtPath(diag::err_package_binding_type, where, ctx, src, srcType, slot, typeName(expected));
      return false;
    };
    const bool scalarOrPromise =
        b.value_case() == core::BindingData::kScalar || b.value_case() == core::BindingData::kPromise;
    if (!scalarOrPromise && expected.has_union_type()) {
      int matches = 0;
      std::vector<std::string> found;
      for (const auto& v : expected.union_type().variants()) {
        std::vector<std::string> tmp;
        if (binding(g, ctx, slot, b, v, tmp, true)) {
          ++matches;
          found = tmp;
        }
      }
      if (matches == 1) {
        ups.insert(ups.end(), found.begin(), found.end());
        return true;
      }
      return mismatch(matches ? "a value matching several variants" : "a value matching no variant",
                      b.value_case() == core::BindingData::kMap ? "dict" : "list");
    }
    switch (b.value_case()) {
    case core::BindingData::kCollection: {
      if (!expected.has_collection_type()) return mismatch("a literal list", "list");
      bool ok = true;
      int i = 0;
      for (const auto& x : b.collection().bindings())
        ok &= binding(g, ctx, fmt::format("{}[{}]", slot, i++), x, expected.collection_type(), ups, quiet);
      return ok;
    }
    case core::BindingData::kMap: {
      if (!expected.has_map_value_type()) return mismatch("a literal dict", "dict");
      bool ok = true;
      for (const auto& [k, x] : b.map().bindings())
        ok &= binding(g, ctx, fmt::format("{}[\"{}\"]", slot, k), x, expected.map_value_type(), ups, quiet);
      return ok;
    }
    case core::BindingData::kScalar: {
      auto t = flyteTypeOfScalar(b.scalar());
      if (!t) return mismatch("a literal", "unrecognized");
      if (!idl::flyteCanAssign(*t, idl::fromProto(expected))) return mismatch("a literal", t->str());
      if (expected.has_enum_type()) {
        const std::string& v = b.scalar().primitive().string_value();
        bool member = false;
        for (const auto& ev : expected.enum_type().values()) member |= ev == v;
        if (!member) {
          if (!quiet)
            diags.reportAtPath(diag::err_package_binding_not_enum_value, where, ctx, v, slot, typeName(expected));
          return false;
        }
      }
      return true;
    }
    case core::BindingData::kPromise: return promise(g, ctx, slot, b.promise(), expected, ups, quiet);
    default: return mismatch("an empty binding", "unset");
    }
  }

  bool promise(Graph& g, const std::string& ctx, const std::string& slot, const core::OutputReference& p,
               const core::LiteralType& expected, std::vector<std::string>& ups, bool quiet) {
    const std::string upId = p.node_id().empty() ? kStart : p.node_id();
    const core::VariableMap* outputs = nullptr;
    std::string src;
    if (upId == kStart) {
      outputs = &g.wf->interface().inputs();
      src = fmt::format("workflow input `{}`", p.var());
    } else {
      auto it = g.ifaces.find(upId);
      if (it == g.ifaces.end()) {
        if (!quiet)
          diags.reportAtPath(diag::err_package_unknown_node, where, ctx, slot, upId);
        return false;
      }
      if (!it->second) {  // interface unknown here: accept, keep the edge
        ups.push_back(upId);
        return true;
      }
      outputs = &it->second->outputs;
      src = fmt::format("output `{}` of node `{}`", p.var(), upId);
    }
    static const std::regex varRe(R"((\[(\d+)\]\.)?(\w+))");
    auto begin = std::sregex_iterator(p.var().begin(), p.var().end(), varRe);
    if (std::distance(begin, std::sregex_iterator()) != 1) {
      if (!quiet) diags.reportAtPath(diag::err_package_binding_not_variable_name, where, ctx, p.var(), slot);
      return false;
    }
    const std::string name = (*begin)[3].str();
    const bool indexed = (*begin)[2].matched;
    auto v = outputs->variables().find(name);
    if (v == outputs->variables().end()) {
      if (quiet) {
      } else if (upId == kStart) {
        diags.reportAtPath(diag::err_package_no_workflow_input, where, ctx, name, slot);
      } else {
        diags.reportAtPath(diag::err_package_no_node_output, where, ctx, upId, name, slot);
      }
      return false;
    }
    core::LiteralType source = v->second.type();
    if (indexed) {
      if (!source.has_collection_type()) return quiet ? false : (diags.reportAtPath(diag::err_package_binding_type, where, ctx, src, typeName(source), slot, typeName(expected)), false);
      source = core::LiteralType(source.collection_type());
    }
    std::string path;
    for (const auto& attr : p.attr_path()) {
      const std::string key = attr.has_string_value() ? attr.string_value() : std::to_string(attr.int_value());
      path += attr.has_string_value() ? "." + key : "[" + key + "]";
      if (source.has_collection_type()) source = core::LiteralType(source.collection_type());
      else if (source.has_map_value_type()) source = core::LiteralType(source.map_value_type());
      else if (source.has_structure() && source.structure().dataclass_type_size() > 0) {
        auto f = source.structure().dataclass_type().find(attr.string_value());
        if (f == source.structure().dataclass_type().end()) {
          if (!quiet)
            diags.reportAtPath(diag::err_package_no_such_field, where, ctx, src, attr.string_value(), slot);
          return false;
        }
        source = core::LiteralType(f->second);
      }
    }
    if (!castable(source, expected)) {
      if (!quiet) diags.reportAtPath(diag::err_package_binding_type, where, ctx, src + path, typeName(source), slot, typeName(expected));
      return false;
    }
    ups.push_back(upId);
    return true;
  }

  // ValidateBindings; returns the upstream nodes of the valid bindings.
  std::vector<std::string> bindings(Graph& g, const std::string& ctx, const char* slotKind,
                                    const google::protobuf::RepeatedPtrField<core::Binding>& bs,
                                    const core::VariableMap& params) {
    std::vector<std::string> ups;
    std::set<std::string> provided;
    for (const core::Binding& b : bs) {
      auto param = params.variables().find(b.var());
      if (param == params.variables().end()) {
        diags.reportAtPath(diag::err_package_unknown_variable, where, ctx, slotKind, b.var());
      } else if (!b.has_binding()) {
        diags.reportAtPath(diag::err_package_binding_without_value, where, ctx, slotKind, b.var());
      } else if (!provided.insert(b.var()).second) {
        diags.reportAtPath(diag::err_package_bound_twice, where, ctx, slotKind, b.var());
      } else {
        binding(g, ctx, fmt::format("{} `{}`", slotKind, b.var()), b.binding(), param->second.type(), ups, false);
      }
    }
    for (const auto& [name, var] : params.variables())
      if (!provided.count(name) && !isOptionalType(var.type()))
        diags.reportAtPath(diag::err_package_input_unbound, where, ctx, name, typeName(var.type()));
    return ups;
  }

  static void promisesOf(const core::BindingData& b, std::vector<std::string>& out) {
    switch (b.value_case()) {
    case core::BindingData::kPromise: out.push_back(b.promise().node_id().empty() ? kStart : b.promise().node_id()); break;
    case core::BindingData::kCollection: for (const auto& x : b.collection().bindings()) promisesOf(x, out); break;
    case core::BindingData::kMap: for (const auto& [k, x] : b.map().bindings()) promisesOf(x, out); break;
    default: break;
    }
  }

  // --- one workflow template ------------------------------------------------------
  void checkTemplate(const core::WorkflowTemplate& wf) {
    Graph g;
    g.wf = &wf;
    g.owner = fmt::format("workflow `{}`", wf.id().name());
    if (wf.nodes_size() == 0) {
      diags.reportAtPath(diag::err_package_workflow_without_nodes, where, g.owner);
      return;
    }
    std::vector<const core::Node*> order;
    for (const core::Node& n : wf.nodes()) {
      if (n.id().empty()) {
        diags.reportAtPath(diag::err_package_node_without_id, where, g.owner);
        continue;
      }
      if (n.id() == kStart || n.id() == kEnd) continue;  // the compiler's own sentinels
      if (!g.nodes.emplace(n.id(), &n).second) {
        diags.reportAtPath(diag::warn_package_duplicate_node_id, where, g.owner, n.id());
        continue;
      }
      order.push_back(&n);
    }
    for (const core::Node* n : order) {
      bool failed = false;
      g.ifaces[n->id()] = nodeIface(*n, fmt::format("{}, node `{}`", g.owner, n->id()), failed);
    }
    for (const core::Node* n : order) {
      const std::string ctx = fmt::format("{}, node `{}`", g.owner, n->id());
      for (const std::string& up : n->upstream_node_ids()) edge(g, up, n->id());
      const auto& iface = g.ifaces[n->id()];
      std::vector<std::string> ups;
      if (iface) {
        ups = bindings(g, ctx, "input", n->inputs(), iface->inputs);
      } else {
        for (const auto& b : n->inputs()) promisesOf(b.binding(), ups);
        ups.erase(std::remove_if(ups.begin(), ups.end(), [&](const std::string& u) { return u != kStart && !g.nodes.count(u); }), ups.end());
      }
      for (const std::string& u : ups) edge(g, u, n->id());
    }
    for (const core::Node* n : order) {
      if (!g.up.count(n->id())) edge(g, kStart, n->id());
      if (!g.down.count(n->id())) edge(g, n->id(), kEnd);
    }
    for (const std::string& u : bindings(g, g.owner + ", outputs", "output", wf.outputs(), wf.interface().outputs()))
      edge(g, u, kEnd);
    checkGraph(g, order);
  }

  void checkGraph(Graph& g, const std::vector<const core::Node*>& order) {
    std::set<std::string> visited, visiting;
    std::vector<std::string> path;
    std::function<bool(const std::string&)> dfs = [&](const std::string& id) {
      if (visiting.count(id)) {
        path.push_back(id);
        return true;
      }
      if (visited.count(id)) return false;
      visiting.insert(id);
      visited.insert(id);
      path.push_back(id);
      for (const std::string& next : g.down[id])
        if (dfs(next)) return true;
      path.pop_back();
      visiting.erase(id);
      return false;
    };
    if (dfs(kStart)) {
      auto first = std::find(path.begin(), path.end(), path.back());
      std::string cycle;
      for (auto it = first; it != path.end(); ++it) cycle += (cycle.empty() ? "" : " -> ") + *it;
      diags.reportAtPath(diag::err_package_invalid_graph, where, g.owner, cycle);
      return;
    }
    std::string unreachable;
    for (const core::Node* n : order)
      if (!visited.count(n->id())) unreachable += (unreachable.empty() ? "`" : ", `") + n->id() + "`";
    if (!unreachable.empty())
      diags.reportAtPath(diag::err_package_nodes_unreachable, where, g.owner, unreachable);
    for (const core::Node* n : order)
      for (const std::string& up : n->upstream_node_ids())
        if (up != kStart && !g.nodes.count(up) && visited.count(n->id()))
          diags.reportAtPath(diag::warn_package_unknown_upstream_node, where, g.owner, n->id(), up);
  }
};

}  // namespace

void collectMapVariants(const core::WorkflowTemplate& wf, std::set<std::string>& out) {
  for (const core::Node& n : wf.nodes()) collectNode(n, out);
}

void checkWorkflow(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags) {
  const std::string where = index.locate(entry);
  const admin::WorkflowSpec& spec = *entry.workflow();
  if (!spec.has_template_()) {
    diags.reportAtPath(diag::err_package_workflow_spec_without_template, where);
    return;
  }
  WorkflowChecker c{index, where, spec, diags, {}};
  c.checkedSubs.insert(idKey(spec.template_().id()));
  c.checkTemplate(spec.template_());
}

}  // namespace flytec::tc::pkg
