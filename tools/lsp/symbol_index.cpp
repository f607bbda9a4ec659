// Declarations and references of an Analysis; see symbol_index.h. Two
// passes: first every declaration (so a reference may precede its target),
// then a walk over types, expressions, nodes and launch plans.
#include "symbol_index.h"

#include <algorithm>

#include "llvm/ADT/ArrayRef.h"

namespace flytec::lsp {

using llvm::SMRange;

class SymbolIndex::Builder {
 public:
  explicit Builder(SymbolIndex& idx) : idx_(idx) {}

  Symbol* declare(SymKind kind, const std::string& name, SMRange range, const Module* m,
                  bool written = true) {
    auto s = std::make_unique<Symbol>();
    s->kind = kind;
    s->name = name;
    s->nameRange = range;
    s->module = m;
    Symbol* raw = s.get();
    idx_.symbols_.push_back(std::move(s));
    if (written && range.isValid()) idx_.occurrences_.push_back({range, raw, true});
    return raw;
  }

  void ref(SMRange range, const Symbol* s) {
    if (s && range.isValid()) idx_.occurrences_.push_back({range, s, false});
  }

  void declareModule(const Module& m) {
    if (!m.ast) return;
    auto& scope = idx_.scopes_[&m];
    for (const ResolvedImport& imp : m.imports) {
      if (imp.target) idx_.imports_[&m][imp.name] = imp.target;
      SMRange r = imp.decl->alias ? imp.decl->alias->range : imp.decl->pathRange;
      Symbol* s = declare(SymKind::Import, imp.name, r, &m);
      s->import = imp.decl;
      s->importTarget = imp.target;
      importSyms_[&m][imp.name] = s;
      if (imp.decl->alias) ref(imp.decl->pathRange, s);
    }
    for (const ast::DeclPtr& d : m.ast->decls) {
      SymKind kind = SymKind::Task;
      switch (d->kind) {
        case ast::DeclKind::Task: kind = SymKind::Task; break;
        case ast::DeclKind::Workflow: kind = SymKind::Workflow; break;
        case ast::DeclKind::LaunchPlan: kind = SymKind::LaunchPlan; break;
        case ast::DeclKind::Struct: kind = SymKind::Struct; break;
        case ast::DeclKind::Enum: kind = SymKind::Enum; break;
      }
      Symbol* s = declare(kind, d->name.name, d->name.range, &m);
      s->decl = d.get();
      idx_.byDecl_[d.get()] = s;
      scope.emplace(d->name.name, s);
      // The single output of `-> T` is `o0` located at `T`: a symbol (so
      // `node.o0` resolves) but not a written name (the type is one).
      auto params = [&](const std::vector<ast::Param>& ps, SymKind k, bool written = true) {
        for (const ast::Param& p : ps) {
          Symbol* ps2 = declare(k, p.name.name, p.name.range, &m, written);
          ps2->decl = d.get();
          ps2->param = &p;
          paramSyms_[&p] = ps2;
        }
      };
      if (auto* t = llvm::dyn_cast<ast::TaskDecl>(d.get())) {
        params(t->params, SymKind::Input);
        if (t->outputs) params(t->outputs->params, SymKind::Output, t->outputs->named);
      } else if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(d.get())) {
        params(w->params, SymKind::Input);
        if (w->outputs) params(w->outputs->params, SymKind::Output, w->outputs->named);
        for (const ast::Node& n : w->nodes) {
          Symbol* ns = declare(SymKind::Node, n.name.name, n.name.range, &m);
          ns->decl = d.get();
          ns->node = &n;
          nodeSyms_[&n] = ns;
        }
      } else if (auto* st = llvm::dyn_cast<ast::StructDecl>(d.get())) {
        params(st->fields, SymKind::StructField);
      } else if (auto* e = llvm::dyn_cast<ast::EnumDecl>(d.get())) {
        for (const ast::Ident& mem : e->members) {
          Symbol* ms = declare(SymKind::EnumMember, mem.name, mem.range, &m);
          ms->decl = d.get();
        }
      }
    }
  }

  void referenceModule(const Module& m) {
    if (!m.ast) return;
    for (const ast::DeclPtr& d : m.ast->decls) {
      if (auto* t = llvm::dyn_cast<ast::TaskDecl>(d.get())) {
        paramTypes(m, t->params);
        if (t->outputs) paramTypes(m, t->outputs->params);
        block(m, t->body, nullptr);
      } else if (auto* st = llvm::dyn_cast<ast::StructDecl>(d.get())) {
        paramTypes(m, st->fields);
      } else if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(d.get())) {
        workflow(m, *w);
      } else if (auto* lp = llvm::dyn_cast<ast::LaunchPlanDecl>(d.get())) {
        const Symbol* target = qualified(m, lp->target);
        for (const ast::Arg& a : lp->defaults) {
          if (a.name) ref(a.name->range, paramOf(target, a.name->name, false));
          expr(m, a.value.get(), nullptr);
        }
        if (lp->body) block(m, *lp->body, nullptr);
      }
    }
  }

 private:
  const Symbol* entity(const Module& m, std::string_view name) const {
    auto it = idx_.scopes_.find(&m);
    if (it == idx_.scopes_.end()) return nullptr;
    auto s = it->second.find(name);
    return s == it->second.end() ? nullptr : s->second;
  }

  /// `a` or `alias.b` written as a list of identifiers; adds the references.
  const Symbol* qualified(const Module& m, llvm::ArrayRef<ast::Ident> path) {
    if (path.size() == 1) {
      const Symbol* s = entity(m, path[0].name);
      ref(path[0].range, s);
      return s;
    }
    if (path.size() == 2) {
      auto mods = importSyms_.find(&m);
      if (mods == importSyms_.end()) return nullptr;
      auto imp = mods->second.find(path[0].name);
      if (imp == mods->second.end()) return nullptr;
      ref(path[0].range, imp->second);
      if (!imp->second->importTarget) return nullptr;
      const Symbol* s = entity(*imp->second->importTarget, path[1].name);
      ref(path[1].range, s);
      return s;
    }
    return nullptr;
  }

  void type(const Module& m, const ast::TypeRef& t) {
    qualified(m, t.path);
    for (const ast::TypeRef& a : t.args) type(m, a);
  }
  void paramTypes(const Module& m, const std::vector<ast::Param>& ps) {
    for (const ast::Param& p : ps) {
      type(m, p.type);
      expr(m, p.defaultValue.get(), nullptr);
    }
  }

  const Symbol* paramOf(const Symbol* entity, std::string_view name, bool output) const {
    if (!entity) return nullptr;
    auto list = output ? idx_.outputsOf(entity) : idx_.inputsOf(entity);
    for (const ast::Param* p : list)
      if (p->name.name == name) {
        auto it = paramSyms_.find(p);
        return it == paramSyms_.end() ? nullptr : it->second;
      }
    return nullptr;
  }

  struct Local {
    const ast::WorkflowDecl* wf;
    std::map<std::string, const Symbol*, std::less<>> names;  ///< nodes and inputs
    std::map<std::string, const ast::Node*, std::less<>> nodes;
  };

  void workflow(const Module& m, const ast::WorkflowDecl& w) {
    paramTypes(m, w.params);
    if (w.outputs) paramTypes(m, w.outputs->params);
    Local local{&w, {}, {}};
    for (const ast::Param& p : w.params)
      if (auto it = paramSyms_.find(&p); it != paramSyms_.end()) local.names[p.name.name] = it->second;
    for (const ast::Node& n : w.nodes) {
      local.names[n.name.name] = nodeSyms_[&n];
      local.nodes[n.name.name] = &n;
    }
    for (const ast::Node& n : w.nodes) {
      expr(m, n.value.get(), &local);
      for (const ast::Ident& a : n.after)
        if (auto it = local.nodes.find(a.name); it != local.nodes.end()) ref(a.range, nodeSyms_[it->second]);
      if (n.with) block(m, *n.with, &local);
    }
    if (w.returnValue) {
      // `return (a = x)`: `a` names a workflow output.
      if (auto* tup = llvm::dyn_cast<ast::TupleExpr>(w.returnValue.get())) {
        for (const ast::Arg& a : tup->elements) {
          if (a.name && w.outputs)
            for (const ast::Param& p : w.outputs->params)
              if (p.name.name == a.name->name) ref(a.name->range, paramSyms_[&p]);
          expr(m, a.value.get(), &local);
        }
      } else {
        expr(m, w.returnValue.get(), &local);
      }
    }
  }

  void block(const Module& m, const ast::Block& b, const Local* local) {
    for (const ast::Field& f : b.fields) {
      expr(m, f.value.get(), local);
      if (f.block) block(m, *f.block, local);
    }
  }

  /// The entity a callee expression names (adds no references).
  const Symbol* resolveCallee(const Module& m, const ast::Expr* e) const { return idx_.calleeOf(&m, e); }

  void args(const Module& m, const std::vector<ast::Arg>& as, const Symbol* target, const Local* local) {
    for (const ast::Arg& a : as) {
      if (a.name) ref(a.name->range, paramOf(target, a.name->name, false));
      expr(m, a.value.get(), local);
    }
  }

  void expr(const Module& m, const ast::Expr* e, const Local* local) {
    if (!e) return;
    switch (e->kind) {
      case ast::ExprKind::Name: {
        auto* n = llvm::cast<ast::NameExpr>(e);
        const Symbol* s = nullptr;
        if (local)
          if (auto it = local->names.find(n->name); it != local->names.end()) s = it->second;
        if (!s) s = entity(m, n->name);
        if (!s)
          if (auto mods = importSyms_.find(&m); mods != importSyms_.end())
            if (auto it = mods->second.find(n->name); it != mods->second.end()) s = it->second;
        ref(e->range, s);
        return;
      }
      case ast::ExprKind::Member: {
        auto* mem = llvm::cast<ast::MemberExpr>(e);
        expr(m, mem->base.get(), local);
        const Symbol* s = nullptr;
        if (auto* base = llvm::dyn_cast<ast::NameExpr>(mem->base.get())) {
          const ast::Node* node = nullptr;
          if (local)
            if (auto it = local->nodes.find(base->name); it != local->nodes.end()) node = it->second;
          if (node) {
            s = paramOf(idx_.calleeOf(&m, node->value.get()), mem->member.name, true);
          } else if (auto mods = idx_.imports_.find(&m); mods != idx_.imports_.end()) {
            if (auto it = mods->second.find(base->name); it != mods->second.end())
              s = entity(*it->second, mem->member.name);
          }
        }
        ref(mem->member.range, s);
        return;
      }
      case ast::ExprKind::Call: {
        auto* c = llvm::cast<ast::CallExpr>(e);
        expr(m, c->callee.get(), local);
        args(m, c->args, resolveCallee(m, c->callee.get()), local);
        return;
      }
      case ast::ExprKind::Map: {
        auto* mp = llvm::cast<ast::MapExpr>(e);
        expr(m, mp->target.get(), local);
        for (const ast::Arg& a : mp->options) expr(m, a.value.get(), local);
        return;
      }
      case ast::ExprKind::Partial: {
        auto* p = llvm::cast<ast::PartialExpr>(e);
        expr(m, p->target.get(), local);
        args(m, p->bound, resolveCallee(m, p->target.get()), local);
        return;
      }
      case ast::ExprKind::Index: {
        auto* i = llvm::cast<ast::IndexExpr>(e);
        expr(m, i->base.get(), local);
        expr(m, i->index.get(), local);
        return;
      }
      case ast::ExprKind::List:
        for (const ast::ExprPtr& x : llvm::cast<ast::ListExpr>(e)->elements) expr(m, x.get(), local);
        return;
      case ast::ExprKind::Dict:
        for (const ast::DictEntry& x : llvm::cast<ast::DictExpr>(e)->entries) expr(m, x.value.get(), local);
        return;
      case ast::ExprKind::Tuple:
        for (const ast::Arg& x : llvm::cast<ast::TupleExpr>(e)->elements) expr(m, x.value.get(), local);
        return;
      case ast::ExprKind::Unary:
        expr(m, llvm::cast<ast::UnaryExpr>(e)->operand.get(), local);
        return;
      case ast::ExprKind::Binary: {
        auto* b = llvm::cast<ast::BinaryExpr>(e);
        expr(m, b->lhs.get(), local);
        expr(m, b->rhs.get(), local);
        return;
      }
      default:
        return;
    }
  }

  SymbolIndex& idx_;
  std::map<const Module*, std::map<std::string, Symbol*, std::less<>>> importSyms_;
  std::map<const ast::Param*, Symbol*> paramSyms_;
  std::map<const ast::Node*, Symbol*> nodeSyms_;
};

SymbolIndex::SymbolIndex(const Analysis& a) {
  Builder b(*this);
  for (const auto& m : a.program.modules) b.declareModule(*m);
  for (const auto& m : a.program.modules) b.referenceModule(*m);
  std::stable_sort(occurrences_.begin(), occurrences_.end(), [](const Occurrence& x, const Occurrence& y) {
    return x.range.Start.getPointer() < y.range.Start.getPointer();
  });
}

const Occurrence* SymbolIndex::at(llvm::SMLoc loc) const {
  const char* p = loc.getPointer();
  // The last occurrence starting at or before p; a cursor right after a name
  // (end == p) still counts, as editors place it there after typing.
  auto it = std::upper_bound(occurrences_.begin(), occurrences_.end(), p,
                             [](const char* q, const Occurrence& o) { return q < o.range.Start.getPointer(); });
  const Occurrence* best = nullptr;
  while (it != occurrences_.begin()) {
    --it;
    if (p <= it->range.End.getPointer()) {
      if (!best || it->range.End.getPointer() - it->range.Start.getPointer() <
                       best->range.End.getPointer() - best->range.Start.getPointer())
        best = &*it;
    }
    if (p - it->range.Start.getPointer() > 4096) break;  // names are short; stop scanning
  }
  return best;
}

std::vector<const Occurrence*> SymbolIndex::occurrencesOf(const Symbol* sym) const {
  std::vector<const Occurrence*> out;
  for (const Occurrence& o : occurrences_)
    if (o.symbol == sym) out.push_back(&o);
  std::stable_partition(out.begin(), out.end(), [](const Occurrence* o) { return o->isDeclaration; });
  return out;
}

const Symbol* SymbolIndex::lookup(const Module* m, std::string_view q) const {
  size_t dot = q.find('.');
  if (dot == std::string_view::npos) {
    auto it = scopes_.find(m);
    if (it == scopes_.end()) return nullptr;
    auto s = it->second.find(q);
    return s == it->second.end() ? nullptr : s->second;
  }
  auto mods = imports_.find(m);
  if (mods == imports_.end()) return nullptr;
  auto it = mods->second.find(q.substr(0, dot));
  if (it == mods->second.end()) return nullptr;
  return lookup(it->second, q.substr(dot + 1));
}

const Symbol* SymbolIndex::symbolOf(const ast::Decl* decl) const {
  auto it = byDecl_.find(decl);
  return it == byDecl_.end() ? nullptr : it->second;
}

const Symbol* SymbolIndex::calleeOf(const Module* m, const ast::Expr* e) const {
  if (!e) return nullptr;
  if (auto* n = llvm::dyn_cast<ast::NameExpr>(e)) return lookup(m, n->name);
  if (auto* mem = llvm::dyn_cast<ast::MemberExpr>(e))
    if (auto* base = llvm::dyn_cast<ast::NameExpr>(mem->base.get()))
      return lookup(m, base->name + "." + mem->member.name);
  if (auto* c = llvm::dyn_cast<ast::CallExpr>(e)) return calleeOf(m, c->callee.get());
  if (auto* mp = llvm::dyn_cast<ast::MapExpr>(e)) return calleeOf(m, mp->target.get());
  if (auto* p = llvm::dyn_cast<ast::PartialExpr>(e)) return calleeOf(m, p->target.get());
  return nullptr;
}

const Symbol* SymbolIndex::launchPlanWorkflow(const Symbol* lpSymbol) const {
  auto* lp = llvm::cast<ast::LaunchPlanDecl>(lpSymbol->decl);
  std::string q;
  for (const ast::Ident& id : lp->target) q += (q.empty() ? "" : ".") + id.name;
  const Symbol* wf = lookup(lpSymbol->module, q);
  return wf && wf->kind == SymKind::Workflow ? wf : nullptr;
}

std::vector<const ast::Param*> SymbolIndex::inputsOf(const Symbol* s) const {
  std::vector<const ast::Param*> out;
  if (!s || !s->decl) return out;
  if (s->kind == SymKind::LaunchPlan) {
    const Symbol* wf = launchPlanWorkflow(s);
    return wf ? inputsOf(wf) : out;
  }
  if (s->kind != SymKind::Task && s->kind != SymKind::Workflow) return out;
  if (auto* t = llvm::dyn_cast<ast::TaskDecl>(s->decl))
    for (const ast::Param& p : t->params) out.push_back(&p);
  if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(s->decl))
    for (const ast::Param& p : w->params) out.push_back(&p);
  return out;
}

std::vector<const ast::Param*> SymbolIndex::outputsOf(const Symbol* s) const {
  std::vector<const ast::Param*> out;
  if (!s || !s->decl) return out;
  if (s->kind == SymKind::LaunchPlan) {
    const Symbol* wf = launchPlanWorkflow(s);
    return wf ? outputsOf(wf) : out;
  }
  const std::optional<ast::Outputs>* o = nullptr;
  if (auto* t = llvm::dyn_cast<ast::TaskDecl>(s->decl)) o = &t->outputs;
  if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(s->decl)) o = &w->outputs;
  if (o && *o)
    for (const ast::Param& p : (*o)->params) out.push_back(&p);
  return out;
}

}  // namespace flytec::lsp
