// The shift in place: every range of a tree moved by a fixed number of
// bytes, without a copy; see ast_clone.h. It visits the fields ast_clone.cpp
// copies (ast_sizes.h pins them for both).
#include "ast_clone.h"
#include "ast_sizes.h"

#include "llvm/Support/ErrorHandling.h"

namespace flytec {

using namespace ast;

llvm::SMLoc shiftedLoc(llvm::SMLoc in, std::intptr_t delta) {
  const char* p = in.getPointer();
  if (!p) return in;
  return llvm::SMLoc::getFromPointer(
      reinterpret_cast<const char*>(reinterpret_cast<std::uintptr_t>(p) + static_cast<std::uintptr_t>(delta)));
}

bool movesWith(Text text, SMRange holder) {
  return holder.isValid() && text.data() >= holder.Start.getPointer() &&
         text.data() + text.size() <= holder.End.getPointer();
}

Text shiftedText(Text text, std::intptr_t delta) {
  return Text(shiftedLoc(llvm::SMLoc::getFromPointer(text.data()), delta).getPointer(), text.size());
}

namespace {

/// The walk of ast_clone.cpp's Cloner, moving every range in place, and
/// every text that moves with its holder's range.
class Shifter {
 public:
  explicit Shifter(std::intptr_t delta) : delta_(delta) {}

  void r(SMRange& range) const { range = {loc(range.Start), loc(range.End)}; }
  /// `holder` is the range that holds `t` as it was before the walk moved it.
  void text(Text& t, SMRange holder) const {
    if (movesWith(t, holder)) t = shiftedText(t, delta_);
  }
  void ident(Ident& i) const {
    text(i.name, i.range);
    r(i.range);
  }
  void idents(std::vector<Ident>& all) const {
    for (Ident& i : all) ident(i);
  }

  void expr(Expr* e) const {
    if (!e) return;
    SMRange before = e->range;  // what a text held by the node is checked against
    r(e->range);
    switch (e->kind) {
      case ExprKind::Int: case ExprKind::Bool: case ExprKind::None: case ExprKind::Error:
        return;
      case ExprKind::Name: text(llvm::cast<NameExpr>(e)->name, before); return;
      case ExprKind::Float: text(llvm::cast<FloatExpr>(e)->text, before); return;
      case ExprKind::Duration: text(llvm::cast<DurationExpr>(e)->text, before); return;
      case ExprKind::String: {
        auto* s = llvm::cast<StringExpr>(e);
        text(s->value, before);
        r(s->contentRange);
        return;
      }
      case ExprKind::List:
        for (ExprPtr& x : llvm::cast<ListExpr>(e)->elements) expr(x.get());
        return;
      case ExprKind::Dict:
        for (DictEntry& d : llvm::cast<DictExpr>(e)->entries) {
          ident(d.key);
          expr(d.value.get());
          r(d.range);
        }
        return;
      case ExprKind::Tuple: args(llvm::cast<TupleExpr>(e)->elements); return;
      case ExprKind::Call: {
        auto* c = llvm::cast<CallExpr>(e);
        expr(c->callee.get());
        args(c->args);
        r(c->lparen);
        r(c->rparen);
        return;
      }
      case ExprKind::Member: {
        auto* m = llvm::cast<MemberExpr>(e);
        expr(m->base.get());
        ident(m->member);
        return;
      }
      case ExprKind::Index: {
        auto* i = llvm::cast<IndexExpr>(e);
        expr(i->base.get());
        expr(i->index.get());
        return;
      }
      case ExprKind::Map: {
        auto* m = llvm::cast<MapExpr>(e);
        expr(m->target.get());
        args(m->options);
        r(m->keyword);
        return;
      }
      case ExprKind::Partial: {
        auto* p = llvm::cast<PartialExpr>(e);
        expr(p->target.get());
        args(p->bound);
        r(p->keyword);
        return;
      }
      case ExprKind::Unary: {
        auto* u = llvm::cast<UnaryExpr>(e);
        text(u->op, u->opRange);
        r(u->opRange);
        expr(u->operand.get());
        return;
      }
      case ExprKind::Binary: {
        auto* b = llvm::cast<BinaryExpr>(e);
        text(b->op, b->opRange);
        r(b->opRange);
        expr(b->lhs.get());
        expr(b->rhs.get());
        return;
      }
    }
    llvm_unreachable("unknown expression kind");
  }

  void args(std::vector<Arg>& all) const {
    for (Arg& a : all) {
      if (a.name) ident(*a.name);
      expr(a.value.get());
      r(a.range);
    }
  }

  void type(TypeRef& t) const {
    for (Ident& i : t.path) ident(i);
    for (TypeRef& a : t.args) type(a);
    r(t.range);
  }

  void block(Block& b) const {
    for (Field& f : b.fields) {
      ident(f.key);
      expr(f.value.get());
      if (f.block) block(*f.block);
      r(f.range);
    }
    r(b.range);
  }

  void params(std::vector<Param>& all) const {
    for (Param& p : all) {
      ident(p.name);
      type(p.type);
      expr(p.defaultValue.get());
      r(p.range);
    }
  }

  void outputs(std::optional<Outputs>& o) const {
    if (!o) return;
    params(o->params);
    r(o->range);
  }

  void decl(Decl& d) const {
    switch (d.kind) {
      case DeclKind::Enum: idents(llvm::cast<EnumDecl>(d).members); break;
      case DeclKind::Struct: params(llvm::cast<StructDecl>(d).fields); break;
      case DeclKind::Task: {
        auto& t = llvm::cast<TaskDecl>(d);
        params(t.params);
        outputs(t.outputs);
        block(t.body);
        r(t.paramsRange);
        break;
      }
      case DeclKind::Workflow: {
        auto& w = llvm::cast<WorkflowDecl>(d);
        params(w.params);
        outputs(w.outputs);
        for (Node& n : w.nodes) {
          ident(n.name);
          expr(n.value.get());
          idents(n.after);
          if (n.with) block(*n.with);
          r(n.range);
        }
        expr(w.returnValue.get());
        r(w.returnKeyword);
        r(w.paramsRange);
        break;
      }
      case DeclKind::LaunchPlan: {
        auto& l = llvm::cast<LaunchPlanDecl>(d);
        idents(l.target);
        args(l.defaults);
        if (l.body) block(*l.body);
        r(l.targetRange);
        break;
      }
    }
    ident(d.name);
    r(d.range);
    r(d.keyword);
  }

 private:
  llvm::SMLoc loc(llvm::SMLoc in) const { return shiftedLoc(in, delta_); }

  std::intptr_t delta_;
};

}  // namespace

void shiftInPlace(Decl& decl, std::intptr_t delta) {
  if (delta != 0) Shifter(delta).decl(decl);
}

}  // namespace flytec
