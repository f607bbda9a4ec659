// Typing of references inside a workflow (spec §5, §7): a parameter, a node
// (its single output, else E0702), `NODE.OUT` (an output first, then a field
// of the single output), struct fields `x.depth`, list and dict elements
// `a.o0[0]` / `a.o0["k"]`, and enum members `Color.red` / `qc.Color.red`.
// Records each typed expression in the model and the nodes it depends on.
// Reports E0201 (unknown names, outputs, fields), E0702 and E0705. Literals
// and the comparison with an expected type are in values.cpp.
#include "model_builder.h"

namespace flytec::tc {

namespace {

std::string outputList(llvm::ArrayRef<Variable> outs) {
  std::string s;
  for (const Variable& v : outs) s += (s.empty() ? "`" : ", `") + v.name + "`";
  return s;
}

bool isWorkflowParam(const WorkflowInfo& wf, const std::string& name) {
  for (const Variable& p : wf.entity->inputs)
    if (p.name == name) return true;
  return false;
}

/// A parameter or node of `wf`: what a dotted name starts with before an enum's.
bool isLocalName(const WorkflowInfo& wf, const std::string& name) {
  return wf.findNode(name) || isWorkflowParam(wf, name);
}

}  // namespace

/// A field of a struct-typed value; E0201 with did-you-mean when unknown.
static std::optional<idl::LiteralType> fieldOf(ModelBuilder& b, const idl::LiteralType& t, const ast::Ident& field,
                                               const std::string& baseText) {
  const Entity* s = b.structEntity(t);
  if (!s) {
    b.diags().report(diag::err_unknown_field_of_non_struct, field.range, baseText + "." + std::string(field.name), baseText, t.str());
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const Variable& v : s->inputs) {
    if (v.name == field.name) {
      b.noteParam(field.range, v.param);
      return v.type;
    }
    names.push_back(v.name);
  }
  std::string best = closestName(field.name, names);
  auto d = b.diags().report(diag::err_unknown_name, field.range, baseText + "." + std::string(field.name))
               .didYouMean(best.empty() ? "" : baseText + "." + best);
  for (const Variable& v : s->inputs)
    if (v.name == best && v.param) d.note(v.param->name.range, reason::note_field_declared_here, best);
  return std::nullopt;
}

std::optional<idl::LiteralType> ModelBuilder::typeOfReference(const ast::Expr& e, ValueScope& scope,
                                                                bool* isReference) {
  *isReference = false;
  if (auto* n = llvm::dyn_cast<ast::NameExpr>(&e)) return typeOfName(*n, scope, isReference);
  if (auto* m = llvm::dyn_cast<ast::MemberExpr>(&e)) return typeOfMember(*m, scope, isReference);
  if (auto* ix = llvm::dyn_cast<ast::IndexExpr>(&e)) return typeOfIndex(*ix, scope, isReference);
  return std::nullopt;
}

std::optional<std::optional<idl::LiteralType>> ModelBuilder::lookupLocal(ValueScope& scope, std::string_view name,
                                                                         llvm::SMRange range, bool wantsSingle) {
  WorkflowInfo* wf = scope.workflow;
  if (!wf) return std::nullopt;
  for (const Variable& p : wf->entity->inputs)
    if (p.name == name) {
      noteParam(range, p.param);
      return std::optional<idl::LiteralType>(p.type);
    }
  // Indexed: a linear scan here made a 1,000-node chain quadratic.
  std::optional<size_t> found = wf->findNodeIndex(name);
  if (!found) return std::nullopt;
  size_t i = *found;
  NodeInfo& n = *wf->nodes[i];
  noteNode(range, n.node);
  if (scope.currentNode && i >= scope.nodeIndex) {
    diags_->report(diag::err_node_used_before_definition, range, name).note(n.node->name.range, reason::note_defined_here, name);
    return std::optional<idl::LiteralType>();
  }
  if (scope.upstream && std::find(scope.upstream->begin(), scope.upstream->end(), &n) == scope.upstream->end())
    scope.upstream->push_back(&n);
  lastNode_ = &n;
  if (n.kind == NodeKind::Invalid || n.outputsUnknown) return std::optional<idl::LiteralType>();  // reported already
  if (!wantsSingle) return std::optional<idl::LiteralType>(idl::LiteralType());
  if (n.outputs.size() == 1) return std::optional<idl::LiteralType>(n.outputs[0].type);
  if (n.outputs.empty())
    diags_->report(diag::err_node_without_outputs_as_value, range, name, name);
  else
    diags_->report(diag::err_ambiguous_node_output, range, name, outputList(n.outputs), name, n.outputs[0].name);
  return std::optional<idl::LiteralType>();
}

void ModelBuilder::reportUnknownLocal(const WorkflowInfo& wf, std::string_view name, llvm::SMRange range) {
  std::vector<std::string> names;
  std::map<std::string, llvm::SMRange> where;
  for (const Variable& p : wf.entity->inputs) {
    names.push_back(p.name);
    if (p.param) where[p.name] = p.param->name.range;
  }
  for (const auto& n : wf.nodes)
    if (n->node) names.emplace_back(n->node->name.name), where[std::string(n->node->name.name)] = n->node->name.range;
  std::string best = closestName(name, names);
  auto d = diags_->report(diag::err_unknown_name, range, name).didYouMean(best);
  if (!best.empty() && where.count(best)) d.note(where[best], reason::note_declared_here, best);
}

std::optional<idl::LiteralType> ModelBuilder::typeOfName(const ast::NameExpr& n, ValueScope& scope,
                                                           bool* isReference) {
  if (!scope.workflow) return std::nullopt;
  *isReference = true;
  auto found = lookupLocal(scope, n.name, n.range, true);
  if (!found) {
    reportUnknownLocal(*scope.workflow, n.name, n.range);
    return std::nullopt;
  }
  return *found;
}

std::optional<idl::LiteralType> ModelBuilder::typeOfMember(const ast::MemberExpr& m, ValueScope& scope,
                                                             bool* isReference) {
  WorkflowInfo* wf = scope.workflow;
  std::vector<std::string> parts;
  if (flattenName(m, parts)) {
    // `NODE.OUT` / `NODE.field` (single output); a parameter of the same name wins.
    const NodeInfo* node = wf && parts.size() == 2 ? wf->findNode(parts[0]) : nullptr;
    if (node && !isWorkflowParam(*wf, parts[0])) {
      *isReference = true;
      return typeOfNodeOutput(m, *node, parts, scope);
    }
    // An enum member: `Color.red` or `qc.Color.red`.
    if (parts.size() >= 2 && parts.size() <= 3 && !(wf && isLocalName(*wf, parts[0]))) {
      std::vector<std::string> enumPath(parts.begin(), parts.end() - 1);
      const Entity* en = resolveEntity(*scope.module, enumPath, m.base->range, false);
      if (en && en->kind == EntityKind::Enum) {
        *isReference = true;
        return typeOfEnumMember(m, *en, scope);
      }
      if (!wf) {
        *isReference = true;
        resolveEntity(*scope.module, enumPath, m.base->range, true);
        return std::nullopt;
      }
    }
  }
  if (!wf) return std::nullopt;
  // A field of any typed base: `a.o0[0].depth`, `p.inner.depth`.
  *isReference = true;
  auto base = typeOfReferencedBase(*m.base, m.range, diag::err_field_of_computed_value, scope);
  if (!base) return std::nullopt;
  std::vector<std::string> bparts;
  std::string baseText = flattenName(*m.base, bparts) ? joinPath(bparts) : "value";
  return fieldOf(*this, *base, m.member, baseText);
}

std::optional<idl::LiteralType> ModelBuilder::typeOfReferencedBase(const ast::Expr& base, llvm::SMRange whole,
                                                                     DiagKind<0> misuse, ValueScope& scope) {
  bool baseRef = false;
  auto type = typeOfReference(base, scope, &baseRef);
  if (!baseRef) {
    diags_->report(misuse, whole);
    return std::nullopt;
  }
  return type;
}

std::optional<idl::LiteralType> ModelBuilder::typeOfNodeOutput(const ast::MemberExpr& m, const NodeInfo& node,
                                                                 const std::vector<std::string>& parts,
                                                                 ValueScope& scope) {
  auto* base = llvm::cast<ast::NameExpr>(m.base.get());
  auto found = lookupLocal(scope, parts[0], base->range, false);
  if (!found || !*found) return std::nullopt;
  for (const Variable& o : node.outputs)
    if (o.name == parts[1]) {
      noteParam(m.member.range, o.param);
      return o.type;
    }
  if (node.outputs.size() == 1 && structEntity(node.outputs[0].type))
    return fieldOf(*this, node.outputs[0].type, m.member, parts[0]);
  std::vector<std::string> names;
  for (const Variable& o : node.outputs) names.push_back(o.name);
  std::string best = closestName(parts[1], names);
  std::string shown = parts[0] + "." + parts[1];
  if (node.outputs.empty())
    diags_->report(diag::err_unknown_output_of_node_without_outputs, m.member.range, shown, parts[0]);
  else if (best.empty())
    diags_->report(diag::err_unknown_output_of_node, m.member.range, shown, parts[0], outputList(node.outputs));
  else
    diags_->report(diag::err_unknown_name, m.member.range, shown).didYouMean(parts[0] + "." + best);
  return std::nullopt;
}

std::optional<idl::LiteralType> ModelBuilder::typeOfEnumMember(const ast::MemberExpr& m, const Entity& en,
                                                                 ValueScope& scope) {
  noteEntityExpr(*scope.module, *m.base, &en);
  noteEnumMember(m.member, en);
  const auto& values = en.type.enumValues();
  if (std::find(values.begin(), values.end(), m.member.name) == values.end()) {
    diags_->report(diag::err_not_an_enum_member, m.member.range, m.member.name, en.name)
        .didYouMean(closestName(m.member.name, values))
        .note(en.decl->name.range, reason::note_enum_declared_here, en.name);
    return std::nullopt;
  }
  return en.type;
}

std::optional<idl::LiteralType> ModelBuilder::typeOfIndex(const ast::IndexExpr& ix, ValueScope& scope,
                                                            bool* isReference) {
  if (!scope.workflow) return std::nullopt;
  *isReference = true;
  auto base = typeOfReferencedBase(*ix.base, ix.range, diag::err_index_of_computed_value, scope);
  if (!base) return std::nullopt;
  using K = idl::LiteralType::Kind;
  if (base->kind() == K::Collection) {
    if (!llvm::isa<ast::IntExpr>(ix.index.get())) {
      diags_->report(diag::err_list_index_not_literal, ix.index->range);
      return std::nullopt;
    }
    return base->elementType();
  }
  if (base->kind() == K::Map) {
    if (!llvm::isa<ast::StringExpr>(ix.index.get())) {
      diags_->report(diag::err_dict_key_not_literal, ix.index->range);
      return std::nullopt;
    }
    return base->elementType();
  }
  diags_->report(diag::err_index_not_collection, ix.base->range, base->str());
  return std::nullopt;
}

}  // namespace flytec::tc
