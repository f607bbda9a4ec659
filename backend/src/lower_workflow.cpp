// Workflow -> admin.WorkflowSpec (spec §10 "Workflow"): node ids are the
// source names; inputs are bindings (lower_values.cpp); upstream_node_ids
// come from data and `after`; task nodes carry NodeMetadata{name, retries,
// timeout, interruptible} from the task with `with` over it, and `with`
// requests/limits/image as TaskNodeOverrides; sub-workflow nodes reference a
// template that is also in `sub_workflows` (every one reachable, nested ones
// included, once each); launch-plan nodes reference the launch plan. Map
// nodes are lowered in lower_map.cpp.
#include "idl/type_conversion.h"
#include "lowering.h"

namespace flytec::backend {

namespace fp = flyteidl;

namespace {

void addInterface(const std::vector<tc::Variable>& vars, fp::core::VariableMap* map) {
  for (const tc::Variable& v : vars) {
    fp::core::Variable& out = (*map->mutable_variables())[v.name];
    idl::toProto(v.type, out.mutable_type());
    out.set_description(v.description());
  }
}

}  // namespace

const fp::core::WorkflowTemplate& Lowering::workflowTemplate(const tc::WorkflowInfo& wf) {
  auto it = templates_.find(&wf);
  if (it != templates_.end()) return it->second;
  fp::core::WorkflowTemplate t;
  const tc::Entity& e = *wf.entity;
  *t.mutable_id() = identifier(fp::core::WORKFLOW, e.loweredName);
  t.mutable_metadata();
  t.mutable_metadata_defaults();
  addInterface(e.inputs, t.mutable_interface()->mutable_inputs());
  addInterface(e.outputs, t.mutable_interface()->mutable_outputs());

  for (const auto& np : wf.nodes) {
    const tc::NodeInfo& n = *np;
    const ast::Node& src = *n.node;
    fp::core::Node* node = t.add_nodes();
    node->set_id(std::string(src.name.name));
    for (const tc::NodeInfo* up : n.upstream) node->add_upstream_node_ids(std::string(up->node->name.name));
    if (n.kind == tc::NodeKind::Map) {
      lowerMapNode(n, wf, node);
      continue;
    }
    for (const tc::NodeArg& a : n.args) {
      fp::core::Binding* b = node->add_inputs();
      b->set_var(a.name());
      *b->mutable_binding() = argBinding(a, wf);
    }
    NodeSettings s;
    if (n.kind == tc::NodeKind::Task && n.target) s = taskSettings(*n.target);
    applyWith(src.with.get(), s);
    fillNodeMetadata(std::string(src.name.name), s, node->mutable_metadata());
    switch (n.kind) {
      case tc::NodeKind::Task: {
        auto* tn = node->mutable_task_node();
        *tn->mutable_reference_id() = identifier(fp::core::TASK, n.target->loweredName);
        fillOverrides(src.with.get(), tn->mutable_overrides());
        break;
      }
      case tc::NodeKind::Workflow:
        *node->mutable_workflow_node()->mutable_sub_workflow_ref() =
            identifier(fp::core::WORKFLOW, n.target->loweredName);
        break;
      case tc::NodeKind::LaunchPlan:
        *node->mutable_workflow_node()->mutable_launchplan_ref() =
            identifier(fp::core::LAUNCH_PLAN, n.target->loweredName);
        break;
      default:
        break;
    }
  }
  for (const tc::OutputBinding& o : wf.outputs) {
    fp::core::Binding* b = t.add_outputs();
    b->set_var(o.name);
    idl::LiteralType type;
    for (const tc::Variable& v : e.outputs)
      if (v.name == o.name) type = v.type;
    if (o.value) *b->mutable_binding() = binding(o.value, type, wf);
  }
  return templates_.emplace(&wf, std::move(t)).first->second;
}

void Lowering::collectSubWorkflows(const tc::WorkflowInfo& wf, std::vector<const tc::WorkflowInfo*>& out,
                                   std::set<const tc::WorkflowInfo*>& seen) {
  for (const auto& n : wf.nodes) {
    if (n->kind != tc::NodeKind::Workflow || !n->target) continue;
    const tc::WorkflowInfo* sub = workflowInfo(*n->target);
    if (!sub || !seen.insert(sub).second) continue;
    out.push_back(sub);
    collectSubWorkflows(*sub, out, seen);
  }
}

fp::admin::WorkflowSpec Lowering::lowerWorkflow(const tc::WorkflowInfo& wf) {
  fp::admin::WorkflowSpec spec;
  *spec.mutable_template_() = workflowTemplate(wf);
  std::vector<const tc::WorkflowInfo*> subs;
  std::set<const tc::WorkflowInfo*> seen{&wf};
  collectSubWorkflows(wf, subs, seen);
  for (const tc::WorkflowInfo* s : subs) *spec.add_sub_workflows() = workflowTemplate(*s);
  if (auto* decl = llvm::dyn_cast_or_null<ast::WorkflowDecl>(wf.entity->decl); decl && !decl->doc.empty()) {
    setDescription(decl->doc, spec.mutable_description());
  }
  return spec;
}

}  // namespace flytec::backend
