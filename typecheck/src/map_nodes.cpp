// Map nodes (spec §7, the map table): `map(T, options)(ARGS)` and
// `map(partial(T, k = v), ...)(ARGS)`. Checks the target (E0401), options
// (E0407), every mapped input (a list whose elements fit the parameter:
// E0402; tuples, dicts, scalars and calls like `range(...)`: E0403 with a
// fix-it or a note suggesting `partial`), zipped literal lengths (E0405),
// unbound parameters (E0406) and empty literal lists (W0409); fills
// MapSettings and the list-wrapped outputs (`list[T?]` when failures are
// tolerated). E0408 (a consumer needing `list[T]`) is reported where the
// output is used (values.cpp); placeholder rules (E0411-W0413) are in rules/.
#include "model_builder.h"
#include "typecheck/language_keys.h"

namespace flytec::tc {

namespace {

std::string text(llvm::SMRange r) { return r.isValid() ? std::string(r.Start.getPointer(), r.End.getPointer()) : ""; }

/// A literal number as a double (int or float literal).
std::optional<double> number(const ast::Expr* e) {
  if (auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(e)) return double(i->value);
  if (auto* f = llvm::dyn_cast_or_null<ast::FloatExpr>(e)) return f->value;
  return std::nullopt;
}

/// E0403's note for a value that is not a list: `partial` gives every
/// element the same one.
}  // namespace

void ModelBuilder::reportNothingMapped(const ast::CallExpr& call, const ast::MapExpr& map,
                                       const std::vector<ast::Arg>* bound, const std::string& calleeText) {
  // Without map options the fix is certain: the same call, once, with the
  // partial's values as its arguments.
  std::string direct = calleeText + "(";
  if (bound && !bound->empty()) direct += text({bound->front().range.Start, bound->back().range.End});
  direct += ")";
  bool certain = map.options.empty() && call.args.empty();
  if (certain)
    diags_->report(diag::err_map_without_list_call_once, call.range, calleeText, calleeText, direct)
        .fixit(call.range, direct, true);
  else
    diags_->report(diag::err_map_without_list, call.range, calleeText, calleeText);
}

MapSettings ModelBuilder::readMapOptions(const ast::MapExpr& map) {
  MapSettings settings;
  static const std::vector<std::string> optionNames = keyNames(mapOptionKeys());
  for (const ast::Arg& o : map.options) {
    if (!o.name) {
      diags_->report(diag::err_positional_map_option, o.range);
      continue;
    }
    std::string_view n = o.name->name;
    if (n == "concurrency") {
      auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(o.value.get());
      if (!i || i->value < 1)
        diags_->report(diag::err_map_concurrency_invalid, o.range, n, text(o.value ? o.value->range : o.range));
      else
        settings.concurrency = i->value;
    } else if (n == "min_success_ratio") {
      auto v = number(o.value.get());
      if (!v || !(*v > 0 && *v <= 1))
        diags_->report(diag::err_map_success_ratio_invalid, o.range, n, text(o.value ? o.value->range : o.range));
      else
        settings.minSuccessRatio = *v, settings.ratioArg = &o;
    } else if (n == "min_successes") {
      auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(o.value.get());
      if (!i || i->value < 0)
        diags_->report(diag::err_map_min_successes_invalid, o.range, n, text(o.value ? o.value->range : o.range));
      else
        settings.minSuccesses = i->value, settings.ratioArg = &o;
    } else {
      diags_->report(diag::err_unknown_map_option, o.name->range, n).didYouMean(closestName(n, optionNames));
    }
  }
  if (settings.minSuccessRatio && settings.minSuccesses) {
    const ast::Arg* ratio = nullptr;
    for (const ast::Arg& o : map.options) if (o.name && o.name->name == "min_success_ratio") ratio = &o;
    diags_->report(diag::err_map_success_options_combined, settings.ratioArg->range, settings.ratioArg->name->name,
                  settings.ratioArg == ratio ? "min_successes" : "min_success_ratio")
        .note(ratio ? ratio->range : settings.ratioArg->range, reason::note_other_one_set_here);
  }
  return settings;
}

const Entity* ModelBuilder::resolveMapTarget(const ast::MapExpr& map, ValueScope& scope,
                                             const std::vector<ast::Arg>*& bound, std::string& calleeText) {
  const ast::Expr* targetExpr = map.target.get();
  if (auto* p = llvm::dyn_cast_or_null<ast::PartialExpr>(targetExpr)) {
    targetExpr = p->target.get();
    bound = &p->bound;
  }
  if (!targetExpr) return nullptr;
  if (llvm::isa<ast::MapExpr>(targetExpr) || llvm::isa<ast::CallExpr>(targetExpr)) {
    diags_->report(diag::err_map_target_not_task, targetExpr->range, "a map", text(targetExpr->range));
    return nullptr;
  }
  std::vector<std::string> parts;
  if (!flattenName(*targetExpr, parts)) {
    diags_->report(diag::err_map_target_not_task, targetExpr->range, "an expression", text(targetExpr->range));
    return nullptr;
  }
  const Entity* target = resolveEntity(*scope.module, parts, targetExpr->range, true);
  noteEntityExpr(*scope.module, *targetExpr, target);
  if (!target) return nullptr;
  calleeText = joinPath(parts);
  if (target->kind != EntityKind::Task) {
    diags_->report(diag::err_map_target_not_task, targetExpr->range, entityKindName(target->kind), calleeText)
        .note(target->decl->name.range, reason::note_declared_here, target->name);
    return nullptr;
  }
  return target;
}

void ModelBuilder::checkMapArgument(NodeArg& a, const MapTarget& m, const ast::CallExpr& call, ValueScope& scope,
                                    MapSettings& settings, std::vector<MappedLiteralList>& literalLists) {
  const idl::LiteralType& want = a.input->type;
  if (!a.value) {
    if (a.input->defaultValue || a.input->optional) {
      settings.boundInputs.push_back(a.name());
    } else {
      diags_->report(diag::err_map_parameter_unbound, call.range, a.name(), want.str(), m.task.name, m.calleeText,
                    a.name())
          .note(a.input->param ? a.input->param->range : m.task.decl->name.range, reason::note_parameter_declared_here);
    }
    return;
  }
  if (a.fromPartial) {
    settings.boundInputs.push_back(a.name());
    checkValue(*a.value, want, scope, "argument `" + a.name() + "` of `" + m.task.name + "`");
    return;
  }
  settings.mappedInputs.push_back(a.name());
  if (checkMappedLiteral(a, m, scope, literalLists)) return;
  checkMappedReference(a, m, scope);
}

bool ModelBuilder::checkMappedLiteral(const NodeArg& a, const MapTarget& m, ValueScope& scope,
                                      std::vector<MappedLiteralList>& literalLists) {
  const ast::Expr& e = *a.value;
  const Entity& target = m.task;
  switch (e.kind) {
    case ast::ExprKind::Error: return true;
    case ast::ExprKind::Tuple: {
      auto& t = llvm::cast<ast::TupleExpr>(e);
      std::string list = "[";
      bool plain = true;
      for (size_t i = 0; i < t.elements.size(); ++i) {
        plain &= !t.elements[i].name.has_value() && t.elements[i].value != nullptr;
        if (t.elements[i].value) list += (i ? ", " : "") + text(t.elements[i].value->range);
      }
      list += "]";
      if (plain)
        diags_->report(diag::err_map_input_tuple_not_list, e.range, text(e.range), a.name(), target.name, list)
            .fixit(e.range, list, true);
      else
        diags_->report(diag::err_map_input_tuple, e.range, text(e.range), a.name(), target.name);
      return true;
    }
    case ast::ExprKind::Dict:
      diags_->report(diag::err_map_input_dict, e.range, a.name(), target.name)
          .note(e.range, reason::note_fix_with_partial, a.name(), m.calleeText, a.name());
      return true;
    case ast::ExprKind::Int: case ast::ExprKind::Float: case ast::ExprKind::String:
    case ast::ExprKind::Bool: case ast::ExprKind::Duration: case ast::ExprKind::None:
      diags_->report(diag::err_map_input_single_value, e.range, text(e.range), a.name(), target.name)
          .note(e.range, reason::note_fix_with_partial, a.name(), m.calleeText, a.name());
      return true;
    case ast::ExprKind::Call: case ast::ExprKind::Map: case ast::ExprKind::Partial: {
      std::vector<std::string> cparts;
      auto* c = llvm::dyn_cast<ast::CallExpr>(&e);
      if (c && c->callee && flattenName(*c->callee, cparts))
        diags_->report(diag::err_map_input_computed, e.range, joinPath(cparts), a.name(), target.name);
      else
        diags_->report(diag::err_map_input_computed_call, e.range, a.name(), target.name);
      return true;
    }
    case ast::ExprKind::List: {
      auto& l = llvm::cast<ast::ListExpr>(e);
      literalLists.push_back({a.name(), l.elements.size(), e.range});
      if (l.elements.empty()) diags_->report(diag::warn_map_over_empty_list, e.range, target.name);
      checkValue(e, idl::LiteralType::list(a.input->type), scope,
                 "mapped argument `" + a.name() + "` of `" + target.name + "`");
      return true;
    }
    default: return false;
  }
}

void ModelBuilder::checkMappedReference(const NodeArg& a, const MapTarget& m, ValueScope& scope) {
  const ast::Expr& e = *a.value;
  const idl::LiteralType& want = a.input->type;
  const Entity& target = m.task;
  bool isRef = false;
  lastNode_ = nullptr;
  auto t = typeOfReference(e, scope, &isRef);
  if (!isRef) {
    checkValue(e, idl::LiteralType::list(want), scope, "mapped argument `" + a.name() + "`");
    return;
  }
  if (!t || t->isUnset() || want.isUnset()) return;
  if (t->kind() != idl::LiteralType::Kind::Collection) {
    diags_->report(diag::err_map_input_not_list, e.range, text(e.range), t->str(), a.name(), target.name)
        .note(e.range, reason::note_fix_with_partial, a.name(), m.calleeText, a.name());
    return;
  }
  Assign verdict = sourceAssign(t->elementType(), want);
  if (verdict == Assign::StrToEnum) {
    diags_->report(diag::warn_str_flows_into_enum, e.range, want.kind() == idl::LiteralType::Kind::Enum ? want.name() : want.str());
  } else if (verdict != Assign::Ok) {
    // A tolerant upstream map's list[T?] into a map over T: E0408.
    if (verdict == Assign::Mismatch && lastNode_ && lastNode_->map && lastNode_->map->optionalElements()) {
      reportMismatch(e, *t, idl::LiteralType::list(want), Assign::Mismatch, "mapped argument `" + a.name() + "` of `" + target.name + "`");
      return;
    }
    auto d = diags_->report(diag::err_mapped_element_type_mismatch, e.range, a.name(), target.name, want.str(), t->str());
    if (verdict == Assign::IntToFloat) d.note(e.range, reason::note_no_int_to_float);
  }
}

void ModelBuilder::checkZippedLengths(const std::vector<MappedLiteralList>& literalLists) {
  for (size_t i = 1; i < literalLists.size(); ++i) {
    if (literalLists[i].length == literalLists[0].length) continue;
    diags_->report(diag::err_mapped_lists_length_mismatch, literalLists[i].range, literalLists[0].name, literalLists[0].length,
                  literalLists[i].name, literalLists[i].length)
        .note(literalLists[0].range, reason::note_given_here, literalLists[0].name);
    break;
  }
}

void ModelBuilder::buildMapNode(WorkflowInfo& wf, NodeInfo& info, const ast::CallExpr& call,
                                const ast::MapExpr& map, ValueScope& scope) {
  MapSettings settings = readMapOptions(map);
  const std::vector<ast::Arg>* bound = nullptr;
  std::string calleeText;
  const Entity* target = resolveMapTarget(map, scope, bound, calleeText);
  if (!target) return;
  info.kind = NodeKind::Map;
  info.target = target;
  matchArguments(info, *target, call, bound, "map(" + calleeText + ")", true);

  MapTarget m{*target, calleeText};
  std::vector<MappedLiteralList> literalLists;
  for (NodeArg& a : info.args) checkMapArgument(a, m, call, scope, settings, literalLists);
  std::sort(settings.boundInputs.begin(), settings.boundInputs.end());
  if (settings.mappedInputs.empty()) reportNothingMapped(call, map, bound, calleeText);
  checkZippedLengths(literalLists);

  // The outputs: the task's, each a list (of optionals when failures are tolerated).
  for (const Variable& o : target->outputs) {
    Variable v = o;
    v.type = idl::LiteralType::list(settings.optionalElements() ? idl::LiteralType::optional(o.type) : o.type);
    settings.outputs.push_back(std::move(v));
  }
  bool nothingMapped = settings.mappedInputs.empty();
  info.map = std::make_unique<const MapSettings>(std::move(settings));
  info.outputs = info.map->outputs;
  // After E0410, recover as its fix-it would: one call, the task's outputs.
  if (nothingMapped) info.outputs = target->outputs;
  (void)wf;
}

}  // namespace flytec::tc
