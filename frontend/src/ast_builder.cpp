// Parse tree -> AST; see ast_builder.h. Each builder's comment holds the
// grammar rule it reads (grammar/Flyte.g4). Every vector is reserved to the
// parse tree's child count before it is filled: the AST lives for the whole
// run, and push_back's doubling left up to half of each vector unused (a
// task body of 6 fields kept room for 8).
#include "ast_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "frontend/lexer.h"
#include "parse_tree_access.h"

namespace flytec {

using namespace ast;
using P = grammar::FlyteParser;
using ptree::exactly;
using ptree::rules;
using ptree::rule;
using ptree::token;

namespace {
template <typename T, typename... Args>
std::unique_ptr<T> make(llvm::SMRange r) {
  return std::make_unique<T>(r);
}

/// Nanoseconds of a duration literal, or nullopt when they do not fit in 64
/// bits (signed overflow was undefined behaviour; found by test/fuzz).
std::optional<int64_t> durationNanos(std::string_view text) {
  int64_t total = 0;
  size_t i = 0;
  bool overflow = false;
  while (i < text.size()) {
    int64_t n = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
      if (text[i] != '_')
        overflow |= __builtin_mul_overflow(n, 10, &n) || __builtin_add_overflow(n, text[i] - '0', &n);
      ++i;
    }
    std::string_view unit;
    if (i + 1 < text.size() && text[i + 1] == 's' && (text[i] == 'm' || text[i] == 'u' || text[i] == 'n'))
      unit = text.substr(i, 2);
    else
      unit = text.substr(i, 1);
    i += unit.size();
    int64_t scale = unit == "d" ? 86400'000'000'000LL : unit == "h" ? 3600'000'000'000LL
                  : unit == "m" ? 60'000'000'000LL : unit == "s" ? 1'000'000'000LL
                  : unit == "ms" ? 1'000'000LL : unit == "us" ? 1'000LL : 1LL;
    overflow |= __builtin_mul_overflow(n, scale, &n) || __builtin_add_overflow(total, n, &total);
  }
  if (overflow) return std::nullopt;
  return total;
}
}  // namespace

llvm::SMRange AstBuilder::range(antlr4::Token* tok) const {
  if (!tok) return {};
  size_t b = tok->getStartIndex();
  size_t e = tok->getType() == antlr4::Token::EOF ? b : tok->getStopIndex() + 1;
  if (b > buffer_.size()) return {};
  return {llvm::SMLoc::getFromPointer(base_ + b), llvm::SMLoc::getFromPointer(base_ + e)};
}

std::string_view AstBuilder::text(antlr4::Token* tok) const {
  if (!tok || tok->getType() == antlr4::Token::EOF) return {};
  size_t b = tok->getStartIndex(), e = tok->getStopIndex() + 1;
  if (b > e || e > buffer_.size()) return {};
  return buffer_.substr(b, e - b);
}

llvm::SMRange AstBuilder::range(antlr4::tree::TerminalNode* node) const {
  return node ? range(node->getSymbol()) : llvm::SMRange();
}

namespace {
/// From the start of `a` to the end of `b`. Error recovery leaves tokens out
/// (a missing `)`), and an SMRange must not be half valid (LLVM asserts;
/// found by test/fuzz): then the valid one alone.
llvm::SMRange span(llvm::SMRange a, llvm::SMRange b) {
  if (!a.isValid()) return b;
  if (!b.isValid()) return a;
  return {a.Start, b.End};
}
}  // namespace

llvm::SMRange AstBuilder::range(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return {};
  llvm::SMRange b = range(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (!stop || stop->getType() == antlr4::Token::EOF ||
      stop->getStartIndex() < ctx->getStart()->getStartIndex())
    return b;
  return span(b, range(stop));
}

Ident AstBuilder::ident(antlr4::tree::TerminalNode* node) const {
  if (!node || node->getSymbol()->getTokenIndex() == static_cast<size_t>(-1)) return {};
  return Ident{node->getText(), range(node)};
}

std::vector<Ident> AstBuilder::qualname(P::QualnameContext* ctx) const {
  std::vector<Ident> out;
  if (!ctx) return out;
  auto ids = ctx->ID();
  out.reserve(ids.size());
  for (auto* id : ids) out.push_back(ident(id));
  return out;
}

/// `##` lines directly above `first` (only whitespace and other `##` lines
/// between), joined with newlines, without the `##` and one following space.
std::string AstBuilder::docBefore(antlr4::Token* first) const {
  if (!first) return {};
  uint32_t offset = static_cast<uint32_t>(first->getStartIndex());
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                             [](const Token& t, uint32_t off) { return t.begin < off; });
  std::vector<std::string_view> lines;
  while (it != tokens_.begin()) {
    --it;
    if (it->channel != kDocChannel) break;
    std::string_view text = it->text(buffer_).substr(2);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    lines.push_back(text);
  }
  std::string doc;
  for (auto l = lines.rbegin(); l != lines.rend(); ++l) {
    if (!doc.empty()) doc += '\n';
    doc += *l;
  }
  return doc;
}

ExprPtr AstBuilder::errorExpr(antlr4::ParserRuleContext* near) {
  return make<ErrorExpr>(range(near));
}

// chunk : (packageDecl | importDecl | decl) EOF ;
ParsedItem AstBuilder::build(P::ChunkContext* chunk) {
  ParsedItem item;
  if (!chunk) return item;
  if (auto* pkg = chunk->packageDecl()) {
    item.kind = ParsedItem::Kind::Package;
    item.keyword = range(pkg->PACKAGE());
    item.packageName = qualname(pkg->qualname());
    item.packageRange = range(pkg);
    return item;
  }
  if (auto* imp = chunk->importDecl()) {
    item.kind = ParsedItem::Kind::Import;
    item.keyword = range(imp->IMPORT());
    Import& im = item.import;
    if (imp->STRING()) {
      im.path = decodeStringLiteral(imp->STRING()->getText());
      im.pathRange = range(imp->STRING());
    }
    if (imp->AS() && imp->ID()) im.alias = ident(imp->ID());
    im.range = range(imp);
    return item;
  }
  if (auto* d = chunk->decl())
    if ((item.decl = this->decl(d))) item.kind = ParsedItem::Kind::Decl;
  return item;
}

void AstBuilder::addToFile(ParsedItem item, File& file, DiagnosticEngine& diags) {
  switch (item.kind) {
    case ParsedItem::Kind::Nothing:
      return;
    case ParsedItem::Kind::Package:
      if (file.package || !file.imports.empty() || !file.decls.empty()) {
        diags.report(DiagCode::E0110, item.keyword, "package", "imports and declarations");
        return;
      }
      file.package = std::move(item.packageName);
      file.packageRange = item.packageRange;
      return;
    case ParsedItem::Kind::Import:
      if (!file.decls.empty()) {
        diags.report(DiagCode::E0110, item.keyword, "import", "declarations");
        return;
      }
      file.imports.push_back(std::move(item.import));
      return;
    case ParsedItem::Kind::Decl:
      file.decls.push_back(std::move(item.decl));
      return;
  }
}

// decl : enumDecl | structDecl | taskDecl | workflowDecl | launchPlanDecl ;
DeclPtr AstBuilder::decl(P::DeclContext* ctx) {
  DeclPtr out;
  if (auto* e = ctx->enumDecl()) {
    // enumDecl : ENUM ID LBRACE ID (COMMA ID)* COMMA? RBRACE ;
    auto d = std::make_unique<EnumDecl>();
    auto ids = e->ID();
    if (!ids.empty()) d->name = ident(ids[0]);
    if (ids.size() > 1) d->members.reserve(ids.size() - 1);
    for (size_t i = 1; i < ids.size(); ++i) d->members.push_back(ident(ids[i]));
    d->keyword = range(e->ENUM());
    out = std::move(d);
  } else if (auto* s = ctx->structDecl()) {
    // structDecl : STRUCT ID LBRACE (param (COMMA param)* COMMA?)? RBRACE ;
    auto d = std::make_unique<StructDecl>();
    d->name = ident(s->ID());
    auto ps = s->param();
    d->fields.reserve(ps.size());
    for (auto* p : ps) d->fields.push_back(param(p));
    d->keyword = range(s->STRUCT());
    out = std::move(d);
  } else if (auto* t = ctx->taskDecl()) {
    // taskDecl : TASK ID LPAREN params? RPAREN (ARROW ret)? block ;
    auto d = std::make_unique<TaskDecl>();
    d->name = ident(t->ID());
    d->params = params(t->params());
    d->paramsRange = span(range(t->LPAREN()), range(t->RPAREN()));
    if (t->ret()) d->outputs = outputs(t->ret());
    if (t->block()) d->body = block(t->block());
    d->keyword = range(t->TASK());
    out = std::move(d);
  } else if (auto* w = ctx->workflowDecl()) {
    // workflowDecl : WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE node* returnStmt? RBRACE ;
    auto d = std::make_unique<WorkflowDecl>();
    d->name = ident(w->ID());
    d->params = params(w->params());
    d->paramsRange = span(range(w->LPAREN()), range(w->RPAREN()));
    if (w->ret()) d->outputs = outputs(w->ret());
    auto nodes = rules<P::NodeContext>(w, P::RuleNode);
    d->nodes.reserve(nodes.size());
    for (auto* n : nodes) d->nodes.push_back(node(n));
    if (auto* r = rule<P::ReturnStmtContext>(w, P::RuleReturnStmt)) {
      d->returnKeyword = range(token(r, P::RETURN));
      auto* value = rule<P::ExprContext>(r, P::RuleExpr);
      d->returnValue = value ? expr(value) : errorExpr(r);
    }
    d->keyword = range(w->WORKFLOW());
    out = std::move(d);
  } else if (auto* l = ctx->launchPlanDecl()) {
    // launchPlanDecl : LAUNCHPLAN ID ASSIGN qualname LPAREN args? RPAREN block? ;
    auto d = std::make_unique<LaunchPlanDecl>();
    d->name = ident(l->ID());
    d->target = qualname(l->qualname());
    d->targetRange = range(l->qualname());
    if (auto* a = l->args()) {
      auto args = a->arg();
      d->defaults.reserve(args.size());
      for (auto* arg : args) d->defaults.push_back(this->arg(arg));
    }
    if (l->block()) d->body = std::make_unique<Block>(block(l->block()));
    d->keyword = range(l->LAUNCHPLAN());
    out = std::move(d);
  }
  if (!out) return nullptr;
  out->range = range(ctx);
  out->doc = docBefore(ctx->getStart());
  return out;
}

// params : param (COMMA param)* COMMA? ;
std::vector<Param> AstBuilder::params(P::ParamsContext* ctx) {
  std::vector<Param> out;
  if (!ctx) return out;
  auto ps = rules<P::ParamContext>(ctx, P::RuleParam);
  out.reserve(ps.size());
  for (auto* p : ps) out.push_back(param(p));
  return out;
}

// param : ID COLON type (ASSIGN expr)? ;
Param AstBuilder::param(P::ParamContext* ctx) {
  Param p;
  p.name = ident(token(ctx, P::ID));
  if (auto* t = rule<P::TypeContext>(ctx, P::RuleType)) p.type = type(t);
  if (token(ctx, P::ASSIGN)) {
    auto* value = rule<P::ExprContext>(ctx, P::RuleExpr);
    p.defaultValue = value ? expr(value) : errorExpr(ctx);
  }
  p.doc = docBefore(ctx->getStart());
  p.range = range(ctx);
  return p;
}

// ret : type | LPAREN params RPAREN ;
std::optional<Outputs> AstBuilder::outputs(P::RetContext* ctx) {
  Outputs out;
  out.range = range(ctx);
  if (ctx->type()) {
    Param p;
    out.params.reserve(1);
    p.name = Ident{"o0", range(ctx->type())};
    p.type = type(ctx->type());
    p.range = range(ctx->type());
    out.params.push_back(std::move(p));
  } else {
    out.named = true;
    out.params = params(ctx->params());
  }
  return out;
}

// type : (qualname | NONE) (LBRACK type (COMMA type)* RBRACK)? QUESTION? ;
TypeRef AstBuilder::type(P::TypeContext* ctx) {
  TypeRef t;
  if (ctx->NONE()) t.path.push_back(ident(ctx->NONE()));
  else {
    std::vector<Ident> parts = qualname(ctx->qualname());
    t.path.append(std::make_move_iterator(parts.begin()), std::make_move_iterator(parts.end()));
  }
  auto args = ctx->type();
  t.args.reserve(args.size());
  for (auto* a : args) t.args.push_back(type(a));
  t.optional = ctx->QUESTION() != nullptr;
  t.range = range(ctx);
  return t;
}

// block : LBRACE field* RBRACE ;
// field : ID ASSIGN expr | ID block ;
Block AstBuilder::block(P::BlockContext* ctx) {
  Block b;
  b.range = range(ctx);
  auto fields = ctx->field();
  b.fields.reserve(fields.size());
  for (auto* f : fields) {
    Field field;
    field.key = ident(f->ID());
    field.range = range(f);
    if (f->block()) field.block = std::make_unique<Block>(block(f->block()));
    else field.value = f->expr() ? expr(f->expr()) : errorExpr(f);
    b.fields.push_back(std::move(field));
  }
  return b;
}

// node : ID ASSIGN expr (AFTER ID (COMMA ID)*)? (WITH block)? ;
Node AstBuilder::node(P::NodeContext* ctx) {
  Node n;
  auto ids = ptree::tokens(ctx, P::ID);
  if (!ids.empty()) n.name = ident(ids[0]);
  if (ids.size() > 1) n.after.reserve(ids.size() - 1);
  for (size_t i = 1; i < ids.size(); ++i) n.after.push_back(ident(ids[i]));
  auto* value = rule<P::ExprContext>(ctx, P::RuleExpr);
  n.value = value ? expr(value) : errorExpr(ctx);
  if (token(ctx, P::WITH))
    if (auto* with = rule<P::BlockContext>(ctx, P::RuleBlock)) n.with = std::make_unique<Block>(block(with));
  n.range = range(ctx);
  return n;
}

// expr : postfix | op=(MINUS|PLUS|BANG) expr | expr op=... expr ;
ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (!ctx) return make<ErrorExpr>({});
  if (auto* p = exactly<P::PostfixExprContext>(ctx)) {
    auto* pf = rule<P::PostfixContext>(p, P::RulePostfix);
    return pf ? postfix(pf) : errorExpr(ctx);
  }
  if (auto* u = exactly<P::UnaryExprContext>(ctx)) {
    ExprPtr operand = expr(rule<P::ExprContext>(u, P::RuleExpr));
    // `-7` and `-0.5` are literals, not operators.
    if (u->op && u->op->getType() == P::MINUS) {
      if (auto* i = llvm::dyn_cast<IntExpr>(operand.get())) {
        i->value = -i->value;
        i->range = range(ctx);
        return operand;
      }
      if (auto* f = llvm::dyn_cast<FloatExpr>(operand.get())) {
        f->value = -f->value;
        f->text = "-" + f->text;
        f->range = range(ctx);
        return operand;
      }
    }
    auto out = make<UnaryExpr>(range(ctx));
    out->op = u->op ? u->op->getText() : "?";
    out->opRange = range(u->op);
    out->operand = std::move(operand);
    return out;
  }
  if (auto* b = exactly<P::BinaryExprContext>(ctx)) {
    auto out = make<BinaryExpr>(range(ctx));
    out->op = b->op ? b->op->getText() : "?";
    out->opRange = range(b->op);
    out->lhs = expr(rule<P::ExprContext>(b, P::RuleExpr, 0));
    out->rhs = expr(rule<P::ExprContext>(b, P::RuleExpr, 1));
    return out;
  }
  return errorExpr(ctx);
}

// postfix : primary postfixOp* ;
ExprPtr AstBuilder::postfix(P::PostfixContext* ctx) {
  auto* head = rule<P::PrimaryContext>(ctx, P::RulePrimary);
  ExprPtr cur = head ? primary(head) : errorExpr(ctx);
  for (auto* op : rules<P::PostfixOpContext>(ctx, P::RulePostfixOp)) {
    llvm::SMRange r(cur->range.Start, range(op).End);
    if (auto* call = exactly<P::CallOpContext>(op)) {
      // callOp : LPAREN callArgs? RPAREN ;
      auto c = make<CallExpr>(r);
      c->callee = std::move(cur);
      c->lparen = range(token(call, P::LPAREN));
      c->rparen = range(token(call, P::RPAREN));
      auto args = rules<P::ArgOrExprContext>(rule<P::CallArgsContext>(call, P::RuleCallArgs), P::RuleArgOrExpr);
      c->args.reserve(args.size());
      for (auto* a : args) c->args.push_back(argOrExpr(a));
      cur = std::move(c);
    } else if (auto* mem = exactly<P::MemberOpContext>(op)) {
      auto m = make<MemberExpr>(r);
      m->base = std::move(cur);
      m->member = ident(token(mem, P::ID));
      cur = std::move(m);
    } else if (auto* idx = exactly<P::IndexOpContext>(op)) {
      auto i = make<IndexExpr>(r);
      i->base = std::move(cur);
      i->index = expr(rule<P::ExprContext>(idx, P::RuleExpr));
      cur = std::move(i);
    }
  }
  return cur;
}

// argOrExpr : arg | expr ;
Arg AstBuilder::argOrExpr(P::ArgOrExprContext* ctx) {
  if (auto* named = rule<P::ArgContext>(ctx, P::RuleArg)) return arg(named);
  Arg a;
  a.value = expr(rule<P::ExprContext>(ctx, P::RuleExpr));
  a.range = range(ctx);
  return a;
}

// arg : ID ASSIGN expr ;
Arg AstBuilder::arg(P::ArgContext* ctx) {
  Arg a;
  a.name = ident(token(ctx, P::ID));
  auto* value = rule<P::ExprContext>(ctx, P::RuleExpr);
  a.value = value ? expr(value) : errorExpr(ctx);
  a.range = range(ctx);
  return a;
}

// primary : map(...) | partial(...) | [..] | {..} | (..) | ID | literals ;
// Alternatives are tried most frequent first (names, then literals).
ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  llvm::SMRange r = range(ctx);
  if (auto* n = exactly<P::NamePrimaryContext>(ctx)) {
    auto out = make<NameExpr>(r);
    out->name = std::string(text(n->getStart()));
    return out;
  }
  if (exactly<P::IntPrimaryContext>(ctx)) {
    auto out = make<IntExpr>(r);
    std::string_view literal = text(ctx->getStart());
    std::string digits;
    for (char c : literal) if (c != '_') digits += c;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out->value);
    if (ec != std::errc()) diags_.report(DiagCode::E0111, r, std::string(literal));
    return out;
  }
  if (exactly<P::StringPrimaryContext>(ctx)) {
    auto out = make<StringExpr>(r);
    std::string_view literal = text(ctx->getStart());
    out->raw = literal.size() >= 3 && literal.compare(0, 3, "\"\"\"") == 0;
    out->value = decodeStringLiteral(literal);
    size_t q = out->raw ? 3 : 1;
    if (r.isValid() && literal.size() >= 2 * q)
      out->contentRange = {llvm::SMLoc::getFromPointer(r.Start.getPointer() + q),
                           llvm::SMLoc::getFromPointer(r.End.getPointer() - q)};
    return out;
  }
  if (auto* m = exactly<P::MapPrimaryContext>(ctx)) {
    auto out = make<MapExpr>(r);
    out->keyword = range(token(m, P::MAP));
    out->target = expr(rule<P::ExprContext>(m, P::RuleExpr));
    auto options = rules<P::ArgContext>(m, P::RuleArg);
    out->options.reserve(options.size());
    for (auto* a : options) out->options.push_back(arg(a));
    return out;
  }
  if (auto* l = exactly<P::ListPrimaryContext>(ctx)) {
    auto out = make<ListExpr>(r);
    auto elements = rules<P::ExprContext>(l, P::RuleExpr);
    out->elements.reserve(elements.size());
    for (auto* e : elements) out->elements.push_back(expr(e));
    return out;
  }
  if (auto* d = exactly<P::DictPrimaryContext>(ctx)) {
    // entry : (ID ASSIGN | STRING COLON) expr ;
    auto out = make<DictExpr>(r);
    auto entries = rules<P::EntryContext>(d, P::RuleEntry);
    out->entries.reserve(entries.size());
    for (auto* e : entries) {
      DictEntry entry;
      if (auto* id = token(e, P::ID)) entry.key = ident(id);
      else if (auto* key = token(e, P::STRING)) {
        entry.key = Ident{decodeStringLiteral(text(key->getSymbol())), range(key)};
        entry.quoted = true;
      }
      auto* value = rule<P::ExprContext>(e, P::RuleExpr);
      entry.value = value ? expr(value) : errorExpr(e);
      entry.range = range(e);
      out->entries.push_back(std::move(entry));
    }
    return out;
  }
  if (auto* t = exactly<P::ParenPrimaryContext>(ctx)) {
    auto out = make<TupleExpr>(r);
    auto elements = rules<P::ArgOrExprContext>(t, P::RuleArgOrExpr);
    out->elements.reserve(elements.size());
    for (auto* a : elements) out->elements.push_back(argOrExpr(a));
    return out;
  }
  if (auto* p = exactly<P::PartialPrimaryContext>(ctx)) {
    auto out = make<PartialExpr>(r);
    out->keyword = range(token(p, P::PARTIAL));
    out->target = expr(rule<P::ExprContext>(p, P::RuleExpr));
    auto bound = rules<P::ArgContext>(p, P::RuleArg);
    out->bound.reserve(bound.size());
    for (auto* a : bound) out->bound.push_back(arg(a));
    return out;
  }
  if (exactly<P::FloatPrimaryContext>(ctx)) {
    auto out = make<FloatExpr>(r);
    out->text = std::string(text(ctx->getStart()));
    std::string digits;
    for (char c : out->text) if (c != '_') digits += c;
    out->value = std::strtod(digits.c_str(), nullptr);
    return out;
  }
  if (exactly<P::DurationPrimaryContext>(ctx)) {
    auto out = make<DurationExpr>(r);
    out->text = std::string(text(ctx->getStart()));
    if (std::optional<int64_t> nanos = durationNanos(out->text)) out->nanos = *nanos;
    else diags_.report(DiagCode::E0109, r, out->text, "; a duration must fit in 64-bit nanoseconds (292 years)");
    return out;
  }
  if (auto* b = exactly<P::BoolPrimaryContext>(ctx)) {
    auto out = make<BoolExpr>(r);
    out->value = token(b, P::TRUE) != nullptr;
    return out;
  }
  if (exactly<P::NonePrimaryContext>(ctx)) return make<NoneExpr>(r);
  return errorExpr(ctx);
}

}  // namespace flytec
