// Deep copy with shifted ranges; see ast_clone.h. Every AST struct is copied
// field by field, never by its implicit copy: an implicit copy would carry
// ranges over unshifted. ast_sizes.h pins each struct's size so that a field
// added to ast.h fails the build until this walk and ast_shift.cpp's handle it.
#include "ast_clone.h"
#include "ast_sizes.h"

#include "llvm/Support/ErrorHandling.h"

namespace flytec {

using namespace ast;

namespace {

class Cloner {
 public:
  explicit Cloner(std::intptr_t delta) : delta_(delta) {}

  SMRange r(SMRange in) const { return {loc(in.Start), loc(in.End)}; }

  /// `in` moved with `holder` (the original's range that holds it), or a
  /// copy in the new declaration's strings.
  Text text(Text in, SMRange holder) const {
    if (in.empty()) return {};
    if (movesWith(in, holder)) return shiftedText(in, delta_);
    return strings_.save(std::string(in));
  }

  Ident ident(const Ident& in) const { return Ident{text(in.name, in.range), r(in.range)}; }

  std::vector<Ident> idents(const std::vector<Ident>& in) const {
    std::vector<Ident> out;
    out.reserve(in.size());
    for (const Ident& i : in) out.push_back(ident(i));
    return out;
  }

  ExprPtr expr(const Expr* in) const {
    if (!in) return nullptr;
    SMRange range = r(in->range);
    switch (in->kind) {
      case ExprKind::Name: {
        auto out = std::make_unique<NameExpr>(range);
        out->name = text(llvm::cast<NameExpr>(in)->name, in->range);
        return out;
      }
      case ExprKind::Int: {
        auto out = std::make_unique<IntExpr>(range);
        out->value = llvm::cast<IntExpr>(in)->value;
        return out;
      }
      case ExprKind::Float: {
        auto* e = llvm::cast<FloatExpr>(in);
        auto out = std::make_unique<FloatExpr>(range);
        out->value = e->value;
        out->text = text(e->text, in->range);
        return out;
      }
      case ExprKind::String: {
        auto* e = llvm::cast<StringExpr>(in);
        auto out = std::make_unique<StringExpr>(range);
        out->value = text(e->value, in->range);
        out->raw = e->raw;
        out->contentRange = r(e->contentRange);
        return out;
      }
      case ExprKind::Duration: {
        auto* e = llvm::cast<DurationExpr>(in);
        auto out = std::make_unique<DurationExpr>(range);
        out->nanos = e->nanos;
        out->text = text(e->text, in->range);
        return out;
      }
      case ExprKind::Bool: {
        auto out = std::make_unique<BoolExpr>(range);
        out->value = llvm::cast<BoolExpr>(in)->value;
        return out;
      }
      case ExprKind::None: return std::make_unique<NoneExpr>(range);
      case ExprKind::List: {
        auto out = std::make_unique<ListExpr>(range);
        for (const ExprPtr& e : llvm::cast<ListExpr>(in)->elements) out->elements.push_back(expr(e.get()));
        return out;
      }
      case ExprKind::Dict: {
        auto out = std::make_unique<DictExpr>(range);
        for (const DictEntry& d : llvm::cast<DictExpr>(in)->entries)
          out->entries.push_back(DictEntry{ident(d.key), d.quoted, expr(d.value.get()), r(d.range)});
        return out;
      }
      case ExprKind::Tuple: {
        auto out = std::make_unique<TupleExpr>(range);
        out->elements = args(llvm::cast<TupleExpr>(in)->elements);
        return out;
      }
      case ExprKind::Call: {
        auto* e = llvm::cast<CallExpr>(in);
        auto out = std::make_unique<CallExpr>(range);
        out->callee = expr(e->callee.get());
        out->args = args(e->args);
        out->lparen = r(e->lparen);
        out->rparen = r(e->rparen);
        return out;
      }
      case ExprKind::Member: {
        auto* e = llvm::cast<MemberExpr>(in);
        auto out = std::make_unique<MemberExpr>(range);
        out->base = expr(e->base.get());
        out->member = ident(e->member);
        return out;
      }
      case ExprKind::Index: {
        auto* e = llvm::cast<IndexExpr>(in);
        auto out = std::make_unique<IndexExpr>(range);
        out->base = expr(e->base.get());
        out->index = expr(e->index.get());
        return out;
      }
      case ExprKind::Map: {
        auto* e = llvm::cast<MapExpr>(in);
        auto out = std::make_unique<MapExpr>(range);
        out->target = expr(e->target.get());
        out->options = args(e->options);
        out->keyword = r(e->keyword);
        return out;
      }
      case ExprKind::Partial: {
        auto* e = llvm::cast<PartialExpr>(in);
        auto out = std::make_unique<PartialExpr>(range);
        out->target = expr(e->target.get());
        out->bound = args(e->bound);
        out->keyword = r(e->keyword);
        return out;
      }
      case ExprKind::Unary: {
        auto* e = llvm::cast<UnaryExpr>(in);
        auto out = std::make_unique<UnaryExpr>(range);
        out->op = text(e->op, e->opRange);
        out->opRange = r(e->opRange);
        out->operand = expr(e->operand.get());
        return out;
      }
      case ExprKind::Binary: {
        auto* e = llvm::cast<BinaryExpr>(in);
        auto out = std::make_unique<BinaryExpr>(range);
        out->op = text(e->op, e->opRange);
        out->opRange = r(e->opRange);
        out->lhs = expr(e->lhs.get());
        out->rhs = expr(e->rhs.get());
        return out;
      }
      case ExprKind::Error: return std::make_unique<ErrorExpr>(range);
    }
    llvm_unreachable("unknown expression kind");
  }

  Arg arg(const Arg& in) const {
    Arg out;
    if (in.name) out.name = ident(*in.name);
    out.value = expr(in.value.get());
    out.range = r(in.range);
    return out;
  }

  std::vector<Arg> args(const std::vector<Arg>& in) const {
    std::vector<Arg> out;
    out.reserve(in.size());
    for (const Arg& a : in) out.push_back(arg(a));
    return out;
  }

  TypeRef type(const TypeRef& in) const {
    TypeRef out;
    for (const Ident& i : in.path) out.path.push_back(ident(i));
    for (const TypeRef& a : in.args) out.args.push_back(type(a));
    out.optional = in.optional;
    out.range = r(in.range);
    return out;
  }

  Block block(const Block& in) const {
    Block out;
    out.fields.reserve(in.fields.size());
    for (const Field& f : in.fields) {
      Field c;
      c.key = ident(f.key);
      c.value = expr(f.value.get());
      if (f.block) c.block = std::make_unique<Block>(block(*f.block));
      c.range = r(f.range);
      out.fields.push_back(std::move(c));
    }
    out.range = r(in.range);
    return out;
  }

  Param param(const Param& in) const {
    Param out;
    out.name = ident(in.name);
    out.type = type(in.type);
    out.defaultValue = expr(in.defaultValue.get());
    out.doc = in.doc;
    out.range = r(in.range);
    return out;
  }

  std::vector<Param> params(const std::vector<Param>& in) const {
    std::vector<Param> out;
    out.reserve(in.size());
    for (const Param& p : in) out.push_back(param(p));
    return out;
  }

  std::optional<Outputs> outputs(const std::optional<Outputs>& in) const {
    if (!in) return std::nullopt;
    Outputs out;
    out.named = in->named;
    out.params = params(in->params);
    out.range = r(in->range);
    return out;
  }

  Node node(const Node& in) const {
    Node out;
    out.name = ident(in.name);
    out.value = expr(in.value.get());
    out.after = idents(in.after);
    if (in.with) out.with = std::make_unique<Block>(block(*in.with));
    out.range = r(in.range);
    return out;
  }

  DeclPtr decl(const Decl& in) const {
    DeclPtr out;
    switch (in.kind) {
      case DeclKind::Enum: {
        auto d = std::make_shared<EnumDecl>();
        d->members = idents(llvm::cast<EnumDecl>(in).members);
        out = std::move(d);
        break;
      }
      case DeclKind::Struct: {
        auto d = std::make_shared<StructDecl>();
        d->fields = params(llvm::cast<StructDecl>(in).fields);
        out = std::move(d);
        break;
      }
      case DeclKind::Task: {
        const auto& t = llvm::cast<TaskDecl>(in);
        auto d = std::make_shared<TaskDecl>();
        d->params = params(t.params);
        d->outputs = outputs(t.outputs);
        d->body = block(t.body);
        d->paramsRange = r(t.paramsRange);
        out = std::move(d);
        break;
      }
      case DeclKind::Workflow: {
        const auto& w = llvm::cast<WorkflowDecl>(in);
        auto d = std::make_shared<WorkflowDecl>();
        d->params = params(w.params);
        d->outputs = outputs(w.outputs);
        d->nodes.reserve(w.nodes.size());
        for (const Node& n : w.nodes) d->nodes.push_back(node(n));
        d->returnValue = expr(w.returnValue.get());
        d->returnKeyword = r(w.returnKeyword);
        d->paramsRange = r(w.paramsRange);
        out = std::move(d);
        break;
      }
      case DeclKind::LaunchPlan: {
        const auto& l = llvm::cast<LaunchPlanDecl>(in);
        auto d = std::make_shared<LaunchPlanDecl>();
        d->target = idents(l.target);
        d->defaults = args(l.defaults);
        if (l.body) d->body = std::make_unique<Block>(block(*l.body));
        d->targetRange = r(l.targetRange);
        out = std::move(d);
        break;
      }
    }
    out->name = ident(in.name);
    out->doc = in.doc;
    out->range = r(in.range);
    out->keyword = r(in.keyword);
    out->strings = std::move(strings_);
    return out;
  }

 private:
  llvm::SMLoc loc(llvm::SMLoc in) const { return shiftedLoc(in, delta_); }

  std::intptr_t delta_;
  mutable OwnedStrings strings_;  ///< of the copy being built
};

}  // namespace

DeclPtr cloneShifted(const Decl& decl, std::intptr_t delta) { return Cloner(delta).decl(decl); }

}  // namespace flytec
