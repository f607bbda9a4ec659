// Recording what the checker resolves (resolved_names.h): every declaration
// of the loaded files up front (a use may precede its declaration), then one
// use per name at the place where the phase that resolves it succeeded, so
// the record is exactly the checker's resolution. Nothing here resolves a
// name or reports a diagnostic.
#include "model_builder.h"

namespace flytec::tc {

namespace {

NameKind nameKindOf(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Task: return NameKind::Task;
    case ast::DeclKind::Workflow: return NameKind::Workflow;
    case ast::DeclKind::LaunchPlan: return NameKind::LaunchPlan;
    case ast::DeclKind::Struct: return NameKind::Struct;
    case ast::DeclKind::Enum: return NameKind::Enum;
  }
  return NameKind::Task;
}

/// The parameters, outputs, fields, nodes and members a declaration owns.
void declareMembers(ResolvedNames& names, const Module& m, const ast::Decl& d) {
  auto params = [&](const std::vector<ast::Param>& ps, NameKind k, bool written = true) {
    for (const ast::Param& p : ps)
      names.declare(&p, {k, p.name.name, p.name.range, &m, &d, &p, nullptr, nullptr}, written);
  };
  if (auto* t = llvm::dyn_cast<ast::TaskDecl>(&d)) {
    params(t->params, NameKind::Input);
    // The single output of `-> T` is `o0` located at `T`: declared (so
    // `node.o0` resolves) but not written (the type is).
    if (t->outputs) params(t->outputs->params, NameKind::Output, t->outputs->named);
  } else if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(&d)) {
    params(w->params, NameKind::Input);
    if (w->outputs) params(w->outputs->params, NameKind::Output, w->outputs->named);
    for (const ast::Node& n : w->nodes)
      names.declare(&n, {NameKind::Node, n.name.name, n.name.range, &m, &d, nullptr, &n, nullptr});
  } else if (auto* st = llvm::dyn_cast<ast::StructDecl>(&d)) {
    params(st->fields, NameKind::StructField);
  } else if (auto* e = llvm::dyn_cast<ast::EnumDecl>(&d)) {
    for (const ast::Ident& mem : e->members)
      names.declare(&mem, {NameKind::EnumMember, mem.name, mem.range, &m, &d, nullptr, nullptr, nullptr});
  }
}

}  // namespace

void ModelBuilder::declareNames() {
  ResolvedNames& names = model_.names;
  if (!names.enabled()) return;
  for (const auto& m : program_.modules) {
    if (!m->ast) continue;
    for (const ResolvedImport& imp : m->imports) {
      if (!imp.decl) continue;
      llvm::SMRange r = imp.decl->alias ? imp.decl->alias->range : imp.decl->pathRange;
      const Declaration* d =
          names.declare(&imp, {NameKind::Import, imp.name, r, m.get(), nullptr, nullptr, nullptr, &imp});
      if (imp.decl->alias) names.use(imp.decl->pathRange, d);
    }
    for (const ast::DeclPtr& d : m->ast->decls) {
      if (!d) continue;
      names.declare(d.get(), {nameKindOf(d->kind), d->name.name, d->name.range, m.get(), d.get(), nullptr,
                              nullptr, nullptr});
      declareMembers(names, *m, *d);
    }
  }
}

void ModelBuilder::noteImport(const Module& module, const ast::Ident& qualifier) {
  for (const ResolvedImport& imp : module.imports)
    if (imp.name == qualifier.name) {
      model_.names.use(qualifier.range, model_.names.of(&imp));
      return;
    }
}

void ModelBuilder::noteEntity(const Module& module, llvm::ArrayRef<ast::Ident> path, const Entity* target) {
  if (!model_.names.enabled() || path.empty() || path.size() > 2) return;
  if (path.size() == 2) noteImport(module, path[0]);
  if (target) model_.names.use(path.back().range, model_.names.of(target->decl));
}

void ModelBuilder::noteEntityExpr(const Module& module, const ast::Expr& written, const Entity* target) {
  if (!model_.names.enabled()) return;
  if (auto* n = llvm::dyn_cast<ast::NameExpr>(&written)) {
    noteEntity(module, {ast::Ident{n->name, n->range}}, target);
  } else if (auto* mem = llvm::dyn_cast<ast::MemberExpr>(&written)) {
    if (auto* base = llvm::dyn_cast_or_null<ast::NameExpr>(mem->base.get()))
      noteEntity(module, {ast::Ident{base->name, base->range}, mem->member}, target);
  }
}

void ModelBuilder::noteParam(llvm::SMRange range, const ast::Param* param) {
  if (param) model_.names.use(range, model_.names.of(param));
}

void ModelBuilder::noteNode(llvm::SMRange range, const ast::Node* node) {
  if (node) model_.names.use(range, model_.names.of(node));
}

void ModelBuilder::noteEnumMember(const ast::Ident& member, const Entity& enumEntity) {
  if (auto* e = llvm::dyn_cast<ast::EnumDecl>(enumEntity.decl))
    for (const ast::Ident& m : e->members)
      if (m.name == member.name) {
        model_.names.use(member.range, model_.names.of(&m));
        return;
      }
}

}  // namespace flytec::tc
