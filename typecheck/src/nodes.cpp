// Workflow bodies (spec §7): one WorkflowInfo per workflow with a NodeInfo per
// node in source order. Checks the workflow namespace (E0701), each node's
// call — keyword arguments only (E0303), unknown/duplicate/missing arguments
// with did-you-mean and a note at the parameter list (E0205-E0207), values
// against the parameter types (values.cpp), a list passed to an element
// parameter (E0404, suggesting `map`) — `after` names, and `return` against
// the declared outputs (E0330). Map nodes are built in map_nodes.cpp. Graph
// rules (cycles, unused outputs, empty workflows) are rules/workflow_graph.cpp.
#include "model_builder.h"
#include "parallel_reports.h"

namespace flytec::tc {

namespace {

/// Below this many workflows their bodies take less than starting a thread
/// (a body of a few nodes: about 5 us).
constexpr size_t kParallelBodiesFrom = 64;

std::string sourceText(llvm::SMRange r) {
  if (!r.isValid()) return "";
  return std::string(r.Start.getPointer(), r.End.getPointer());
}

llvm::SMRange paramsRangeOf(const Entity& e) {
  if (auto* t = llvm::dyn_cast<ast::TaskDecl>(e.decl)) return t->paramsRange;
  if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(e.decl)) return w->paramsRange;
  if (e.target) return paramsRangeOf(*e.target);
  return e.decl->name.range;
}

}  // namespace

void ModelBuilder::matchArguments(NodeInfo& info, const Entity& target, const ast::CallExpr& call,
                                  const std::vector<ast::Arg>* bound, const std::string& calleeText, bool isMap) {
  const char* kind = entityKindName(target.kind);
  std::map<std::string, std::pair<const ast::Arg*, bool>> given;  // name -> (arg, fromPartial)
  std::vector<std::string> names;
  for (const Variable& v : target.inputs) names.push_back(v.name);

  auto take = [&](const ast::Arg& a, bool fromPartial, size_t position) {
    if (!a.name) {
      auto d = position < names.size()
                   ? diags_->report(diag::err_positional_argument_for_param, a.range, calleeText, names[position],
                                   sourceText(a.value ? a.value->range : a.range))
                   : diags_->report(diag::err_positional_argument, a.range, calleeText);
      if (position < names.size() && a.value)
        d.fixit(llvm::SMRange(a.value->range.Start, a.value->range.Start), names[position] + " = ", false);
      d.note(paramsRangeOf(target), reason::note_parameters_declared_here, target.name);
      // Bind it by position anyway so that its value is still checked and no
      // "missing argument" follows from the same mistake.
      if (position < names.size() && a.value) given.emplace(names[position], std::make_pair(&a, fromPartial));
      return;
    }
    std::string_view n = a.name->name;
    for (const Variable& v : target.inputs)
      if (v.name == n) noteParam(a.name->range, v.param);
    if (std::find(names.begin(), names.end(), n) == names.end()) {
      diags_->report(diag::err_unknown_argument, a.name->range, n, kind, target.name)
          .didYouMean(closestName(n, names))
          .note(paramsRangeOf(target), reason::note_parameters_declared_here, target.name);
      return;
    }
    auto [it, inserted] = given.emplace(n, std::make_pair(&a, fromPartial));
    if (!inserted) {
      diags_->report(diag::err_duplicate_argument, a.name->range, n)
          .note(it->second.first->range,
                it->second.second ? reason::note_first_given_in_partial_here : reason::note_first_given_here_unnamed);
    }
  };
  if (bound)
    for (size_t i = 0; i < bound->size(); ++i) take((*bound)[i], true, i);
  for (size_t i = 0; i < call.args.size(); ++i) take(call.args[i], false, i);

  info.args.clear();
  info.args.reserve(target.inputs.size());
  for (const Variable& v : target.inputs) {
    NodeArg arg;
    arg.input = &v;
    if (auto it = given.find(v.name); it != given.end()) {
      arg.value = it->second.first->value.get();
      arg.fromPartial = it->second.second;
      arg.mapped = isMap && !arg.fromPartial;
    } else if (!v.defaultValue && !v.optional && !isMap) {
      diags_->report(diag::err_missing_argument, call.range, v.name, v.type.str(), kind, target.name)
          .note(paramsRangeOf(target), reason::note_parameters_declared_here, target.name);
    }
    info.args.push_back(arg);
  }
}

/// A plain call's argument: a `list[P]` for a parameter `P` is E0404.
/// Returns true when it reported E0404. The fix-it (`t` -> `map(t)`) is
/// certain when the list is the call's only argument: with others, they
/// would need `partial`, which is the user's choice.
static bool checkPlainArgument(ModelBuilder& b, const NodeArg& arg, const Entity& target,
                               const std::string& calleeText, llvm::SMRange calleeRange, bool onlyArgument,
                               ValueScope& scope) {
  const ast::Expr& e = *arg.value;
  const idl::LiteralType& want = arg.input->type;
  std::string what = "argument `" + arg.name() + "` of `" + target.name + "`";
  bool suggested = false;
  auto suggestMap = [&](const idl::LiteralType& found) {
    auto d = b.diags().report(diag::err_list_passed_to_scalar, e.range, arg.name(), target.name, want.str(), found.str(),
                              calleeText, arg.name(), sourceText(e.range));
    if (target.kind == EntityKind::Task) {
      d.fixit(calleeRange, "map(" + calleeText + ")", onlyArgument);
      suggested = true;
    }
  };
  bool wantList = want.kind() == idl::LiteralType::Kind::Collection;
  if (e.kind == ast::ExprKind::Name || e.kind == ast::ExprKind::Member || e.kind == ast::ExprKind::Index) {
    bool isRef = false;
    b.lastNode_ = nullptr;
    auto t = b.typeOfReference(e, scope, &isRef);
    if (!isRef) {
      b.checkValue(e, want, scope, what);
      return false;
    }
    if (!t) return false;
    Assign verdict = sourceAssign(*t, want);
    if (verdict != Assign::Ok && !wantList && t->kind() == idl::LiteralType::Kind::Collection &&
        sourceAssign(t->elementType(), want) == Assign::Ok) {
      suggestMap(*t);
      return suggested;
    }
    b.reportMismatch(e, *t, want, verdict, what);
    return false;
  }
  if (auto* l = llvm::dyn_cast<ast::ListExpr>(&e); l && !wantList && !l->elements.empty() && !want.isUnset()) {
    bool all = true;
    for (const auto& el : l->elements) all &= b.literalFits(*el, want);
    if (all) {
      suggestMap(idl::LiteralType::list(want));
      return suggested;
    }
  }
  b.checkValue(e, want, scope, what);
  return false;
}

void ModelBuilder::buildWorkflows() {
  std::vector<WorkflowInfo*> bodies;
  for (const auto& ent : model_.entities) {
    auto* decl = llvm::dyn_cast<ast::WorkflowDecl>(ent->decl);
    if (!decl) continue;
    if (model_.byDecl_[decl] != ent.get()) continue;  // a duplicate declaration: E0208 already
    auto wf = std::make_unique<WorkflowInfo>();
    wf->entity = ent.get();
    bodies.push_back(wf.get());
    model_.workflows[decl] = std::move(wf);
  }
  // Recording names appends to one table in resolution order: one thread.
  if (threads_ > 1 && bodies.size() >= kParallelBodiesFrom && !model_.names.enabled()) {
    buildBodiesInParallel(bodies);
    return;
  }
  for (WorkflowInfo* wf : bodies) buildWorkflowBody(*wf);
}

void ModelBuilder::buildBodiesInParallel(const std::vector<WorkflowInfo*>& bodies) {
  // A body reads the entities, scopes and interfaces (complete and no longer
  // written) and writes only its own WorkflowInfo. Each thread builds with a
  // copy of this builder, pointed at each share's engine in turn.
  constexpr size_t kShare = 16;
  auto makeWorker = [&] {
    return [&, helper = ModelBuilder(*this)](size_t share, DiagnosticEngine& engine) mutable {
      helper.diags_ = &engine;
      size_t end = std::min(bodies.size(), (share + 1) * kShare);
      for (size_t i = share * kShare; i < end; ++i) helper.buildWorkflowBody(*bodies[i]);
    };
  };
  reportInParallel((bodies.size() + kShare - 1) / kShare, threads_, *diags_, makeWorker, [] { return false; });
}

void ModelBuilder::buildWorkflowBody(WorkflowInfo& wf) {
  const Entity* ent = wf.entity;
  const auto* decl = llvm::cast<ast::WorkflowDecl>(ent->decl);
  // The workflow namespace: parameters, then nodes (E0701).
  std::map<std::string, llvm::SMRange> names;
  for (const ast::Param& p : decl->params) {
    auto [it, inserted] = names.emplace(p.name.name, p.name.range);
    if (!inserted)
      diags_->report(diag::err_node_redefined, p.name.range, p.name.name, ent->name).note(it->second, reason::note_first_defined_here);
  }
  wf.nodes.reserve(decl->nodes.size());  // the model lives all run: no growth slack
  for (const ast::Node& n : decl->nodes) {
    auto [it, inserted] = names.emplace(n.name.name, n.name.range);
    if (!inserted)
      diags_->report(diag::err_node_redefined, n.name.range, n.name.name, ent->name).note(it->second, reason::note_first_defined_here);
    auto info = std::make_unique<NodeInfo>();
    info->node = &n;
    wf.nodes.push_back(std::move(info));
  }

  for (size_t i = 0; i < wf.nodes.size(); ++i) {
    NodeInfo& info = *wf.nodes[i];
    const ast::Node& n = *info.node;
    ValueScope scope{ent->module, &wf, &info, i, &info.upstream};
    buildNode(wf, info, scope);
    // `after` may name any node, also a later one (cycles: workflow_graph.cpp).
    for (const ast::Ident& a : n.after) {
      const NodeInfo* target = wf.findNode(a.name);
      if (!target) {
        std::vector<std::string> nodeNames;
        for (const auto& other : wf.nodes) nodeNames.emplace_back(other->node->name.name);
        std::string best = closestName(a.name, nodeNames);
        auto d = diags_->report(diag::err_unknown_name, a.range, a.name).didYouMean(best);
        if (const NodeInfo* c = best.empty() ? nullptr : wf.findNode(best)) d.note(c->node->name.range, reason::note_node_defined_here, best);
        continue;
      }
      noteNode(a.range, target->node);
      if (std::find(info.upstream.begin(), info.upstream.end(), target) == info.upstream.end())
        info.upstream.push_back(target);
    }
  }
  buildReturn(wf, *decl);
}

void ModelBuilder::buildNode(WorkflowInfo& wf, NodeInfo& info, ValueScope& scope) {
  const ast::Node& n = *info.node;
  auto* call = llvm::dyn_cast_or_null<ast::CallExpr>(n.value.get());
  if (!call || !call->callee) {
    if (n.value && n.value->kind != ast::ExprKind::Error)
      diags_->report(diag::err_node_value_not_call, n.value->range, n.name.name);
    return;
  }
  if (auto* map = llvm::dyn_cast<ast::MapExpr>(call->callee.get())) {
    buildMapNode(wf, info, *call, *map, scope);
    return;
  }
  const ast::Expr* calleeExpr = call->callee.get();
  const std::vector<ast::Arg>* bound = nullptr;
  if (auto* p = llvm::dyn_cast<ast::PartialExpr>(calleeExpr)) {
    // `partial(T, k = v)(...)` outside a map is just a call with more arguments.
    calleeExpr = p->target.get();
    bound = &p->bound;
  }
  std::vector<std::string> parts;
  if (!calleeExpr || !flattenName(*calleeExpr, parts)) {
    diags_->report(diag::err_calling_computed_value, call->callee->range);
    return;
  }
  const Entity* target = resolveEntity(*scope.module, parts, calleeExpr->range, true);
  noteEntityExpr(*scope.module, *calleeExpr, target);
  if (!target) {
    // Still resolve names in the arguments so that their errors show too.
    for (const ast::Arg& a : call->args)
      if (a.value) checkValue(*a.value, idl::LiteralType(), scope, "argument");
    return;
  }
  if (target->kind == EntityKind::Struct || target->kind == EntityKind::Enum) {
    diags_->report(diag::err_not_callable, calleeExpr->range, joinPath(parts), entityKindName(target->kind))
        .note(target->decl->name.range, reason::note_declared_here, target->name);
    return;
  }
  info.kind = target->kind == EntityKind::Task       ? NodeKind::Task
              : target->kind == EntityKind::Workflow ? NodeKind::Workflow
                                                     : NodeKind::LaunchPlan;
  info.target = target;
  std::string calleeText = joinPath(parts);
  matchArguments(info, *target, *call, bound, calleeText, false);
  bool onlyArgument = call->args.size() == 1 && (!bound || bound->empty());
  for (const NodeArg& a : info.args)
    if (a.value && checkPlainArgument(*this, a, *target, calleeText, calleeExpr->range, onlyArgument, scope))
      info.outputsUnknown = true;
  info.outputs = target->outputs;  // a view: interfaces are final before nodes are built
}

void ModelBuilder::buildReturn(WorkflowInfo& wf, const ast::WorkflowDecl& decl) {
  const Entity& ent = *wf.entity;
  ValueScope scope{ent.module, &wf, nullptr, wf.nodes.size(), nullptr};
  const ast::Expr* value = decl.returnValue.get();
  if (!value) {
    if (!ent.outputs.empty())
      diags_->report(diag::err_workflow_without_return, decl.name.range, ent.name);
    return;
  }
  llvm::SMRange where = decl.returnKeyword.isValid() ? llvm::SMRange(decl.returnKeyword.Start, value->range.End) : value->range;
  if (ent.outputs.empty()) {
    diags_->report(diag::err_workflow_returns_without_outputs, where, ent.name);
    checkValue(*value, idl::LiteralType(), scope, "return value");
    return;
  }
  auto* tuple = llvm::dyn_cast<ast::TupleExpr>(value);
  bool namedForm = tuple && !tuple->elements.empty() && tuple->elements[0].name.has_value();
  if (!namedForm) {
    if (ent.outputs.size() == 1) {
      wf.outputs.push_back({ent.outputs[0].name, value});
      checkValue(*value, ent.outputs[0].type, scope, "output `" + ent.outputs[0].name + "` of workflow `" + ent.name + "`");
      return;
    }
    std::string list;
    for (const Variable& o : ent.outputs) list += (list.empty() ? "" : ", ") + o.name + " = ...";
    diags_->report(diag::err_workflow_outputs_returned_unnamed, value->range, ent.name, ent.outputs.size(), list);
    return;
  }
  std::vector<std::string> names;
  for (const Variable& o : ent.outputs) names.push_back(o.name);
  std::map<std::string, const ast::Arg*> given;
  for (const ast::Arg& a : tuple->elements) {
    if (!a.name) {
      diags_->report(diag::err_positional_return_value, a.range);
      continue;
    }
    const Variable* out = nullptr;
    for (const Variable& o : ent.outputs) if (o.name == a.name->name) out = &o;
    if (!out) {
      diags_->report(diag::err_unknown_argument, a.name->range, a.name->name, "the outputs of workflow", ent.name)
          .didYouMean(closestName(a.name->name, names));
      continue;
    }
    noteParam(a.name->range, out->param);
    if (!given.emplace(out->name, &a).second) {
      diags_->report(diag::err_duplicate_argument, a.name->range, out->name);
      continue;
    }
    wf.outputs.push_back({out->name, a.value.get()});
    if (a.value) checkValue(*a.value, out->type, scope, "output `" + out->name + "` of workflow `" + ent.name + "`");
  }
  for (const Variable& o : ent.outputs)
    if (!given.count(o.name))
      diags_->report(diag::err_missing_argument, value->range, o.name, o.type.str(), "the outputs of workflow", ent.name);
}

}  // namespace flytec::tc
