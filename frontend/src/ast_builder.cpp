// Parse tree -> AST for items, declarations, types, blocks and nodes (the
// AstBuilder's first half; expressions are in ast_expr_builder.cpp). See
// ast_builder.h. Each builder's comment holds the grammar rule it reads
// (grammar/Flyte.g4).
#include "ast_builder.h"

#include <algorithm>
#include <optional>

#include "ast_builder_helpers.h"
#include "frontend/lexer.h"
#include "parse_tree_access.h"

namespace flytec {

using namespace ast;
using namespace ast_building;
using P = grammar::FlyteParser;
using ptree::rules;
using ptree::rule;
using ptree::token;

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
  return Ident{text(node->getSymbol()), range(node)};
}

ast::Text AstBuilder::stringValue(std::string_view literal) {
  StringLiteralBody body = stringLiteralBody(literal);
  return body.escaped ? save(decodeStringLiteral(literal)) : body.text;
}

void AstBuilder::finishDecl(Decl& d) {
  d.strings = std::move(strings_);
  strings_ = OwnedStrings();
}

std::vector<Ident> AstBuilder::qualname(P::QualnameContext* ctx) const {
  std::vector<Ident> out;
  if (!ctx) return out;
  appendEach(out, ctx->ID(), [&](antlr4::tree::TerminalNode* id) { return ident(id); });
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
    // A path the parser's recovery made up (the syntax error is reported)
    // names nothing to load: loading it only added errors about it.
    antlr4::tree::TerminalNode* path = imp->STRING();
    if (!path || path->getSymbol()->getTokenIndex() == static_cast<size_t>(-1)) return item;
    item.kind = ParsedItem::Kind::Import;
    item.keyword = range(imp->IMPORT());
    Import& im = item.import;
    im.path = decodeStringLiteral(path->getText());
    im.pathRange = range(path);
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
        diags.report(diag::err_declaration_out_of_order, item.keyword, "package", "imports and declarations");
        return;
      }
      file.package = std::move(item.packageName);
      file.packageRange = item.packageRange;
      return;
    case ParsedItem::Kind::Import:
      if (!file.decls.empty()) {
        diags.report(diag::err_declaration_out_of_order, item.keyword, "import", "declarations");
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
    auto d = std::make_shared<EnumDecl>();
    auto ids = e->ID();
    if (!ids.empty()) d->name = ident(ids[0]);
    if (ids.size() > 1) d->members.reserve(ids.size() - 1);
    for (size_t i = 1; i < ids.size(); ++i) d->members.push_back(ident(ids[i]));
    d->keyword = range(e->ENUM());
    out = std::move(d);
  } else if (auto* s = ctx->structDecl()) {
    // structDecl : STRUCT ID LBRACE (param (COMMA param)* COMMA?)? RBRACE ;
    auto d = std::make_shared<StructDecl>();
    d->name = ident(s->ID());
    appendEach(d->fields, s->param(), [&](P::ParamContext* p) { return param(p); });
    d->keyword = range(s->STRUCT());
    out = std::move(d);
  } else if (auto* t = ctx->taskDecl()) {
    // taskDecl : TASK ID LPAREN params? RPAREN (ARROW ret)? block ;
    auto d = std::make_shared<TaskDecl>();
    d->name = ident(t->ID());
    d->params = params(t->params());
    d->paramsRange = span(range(t->LPAREN()), range(t->RPAREN()));
    if (t->ret()) d->outputs = outputs(t->ret());
    if (t->block()) d->body = block(t->block());
    d->keyword = range(t->TASK());
    out = std::move(d);
  } else if (auto* w = ctx->workflowDecl()) {
    // workflowDecl : WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE node* returnStmt? RBRACE ;
    auto d = std::make_shared<WorkflowDecl>();
    workflowHeadInto(*d, w);
    appendEach(d->nodes, rules<P::NodeContext>(w, P::RuleNode), [&](P::NodeContext* n) { return node(n); });
    returnInto(*d, rule<P::ReturnStmtContext>(w, P::RuleReturnStmt));
    out = std::move(d);
  } else if (auto* l = ctx->launchPlanDecl()) {
    // launchPlanDecl : LAUNCHPLAN ID ASSIGN qualname LPAREN args? RPAREN block? ;
    auto d = std::make_shared<LaunchPlanDecl>();
    d->name = ident(l->ID());
    d->target = qualname(l->qualname());
    d->targetRange = range(l->qualname());
    if (auto* a = l->args()) appendEach(d->defaults, a->arg(), [&](P::ArgContext* x) { return arg(x); });
    if (l->block()) d->body = std::make_unique<Block>(block(l->block()));
    d->keyword = range(l->LAUNCHPLAN());
    out = std::move(d);
  }
  if (!out) return nullptr;
  out->range = range(ctx);
  out->doc = docBefore(ctx->getStart());
  finishDecl(*out);
  return out;
}

// params : param (COMMA param)* COMMA? ;
std::vector<Param> AstBuilder::params(P::ParamsContext* ctx) {
  std::vector<Param> out;
  if (!ctx) return out;
  appendEach(out, rules<P::ParamContext>(ctx, P::RuleParam), [&](P::ParamContext* p) { return param(p); });
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
  appendEach(t.args, ctx->type(), [&](P::TypeContext* a) { return type(a); });
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

// workflowDecl : WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE node* returnStmt? RBRACE ;
// workflowHead : WORKFLOW ID LPAREN params? RPAREN (ARROW ret)? LBRACE EOF ;
template <class HeadContext>
void AstBuilder::workflowHeadInto(WorkflowDecl& d, HeadContext* ctx) {
  d.name = ident(ctx->ID());
  d.params = params(ctx->params());
  d.paramsRange = span(range(ctx->LPAREN()), range(ctx->RPAREN()));
  if (ctx->ret()) d.outputs = outputs(ctx->ret());
  d.keyword = range(ctx->WORKFLOW());
}

namespace {

/// A call written in `return` (flytekit's `return t(x = v)`, or one value of
/// named outputs) becomes a node of its own, after the workflow's nodes, and
/// `return` refers to it. Its id is `return`, or `return-NAME` for output
/// NAME: `return` is a keyword, so no node of the user's can have that id.
ExprPtr liftReturnCall(WorkflowDecl& d, ExprPtr value, Text id) {
  if (!value || value->kind != ExprKind::Call) return value;
  SMRange where = value->range;
  Node node;
  node.name = Ident{id, where};
  node.range = where;
  node.value = std::move(value);
  d.nodes.push_back(std::move(node));
  auto ref = std::make_unique<NameExpr>(where);
  ref->name = id;
  return ref;
}

}  // namespace

// returnStmt : RETURN expr ;
void AstBuilder::returnInto(WorkflowDecl& d, P::ReturnStmtContext* ret) {
  if (!ret) return;
  d.returnKeyword = range(token(ret, P::RETURN));
  auto* value = rule<P::ExprContext>(ret, P::RuleExpr);
  ExprPtr result = value ? expr(value) : errorExpr(ret);
  if (auto* tuple = llvm::dyn_cast<TupleExpr>(result.get())) {
    for (size_t i = 0; i < tuple->elements.size(); ++i) {
      Arg& a = tuple->elements[i];
      Text id = save("return-" + (a.name ? std::string(a.name->name) : std::to_string(i)));
      a.value = liftReturnCall(d, std::move(a.value), id);
    }
  } else {
    result = liftReturnCall(d, std::move(result), "return");
  }
  d.returnValue = std::move(result);
}

std::shared_ptr<WorkflowDecl> AstBuilder::workflowHead(P::WorkflowHeadContext* head) {
  auto d = std::make_shared<WorkflowDecl>();
  workflowHeadInto(*d, head);
  d->doc = docBefore(head->getStart());
  return d;
}

ParsedItem AstBuilder::finishWorkflow(std::shared_ptr<WorkflowDecl> w, P::ReturnStmtContext* ret,
                                      const Token& closeBrace) {
  returnInto(*w, ret);
  // As range(ctx) of the whole workflowDecl: its keyword to its `}`.
  w->range = {w->keyword.Start, llvm::SMLoc::getFromPointer(base_ + closeBrace.end)};
  finishDecl(*w);
  ParsedItem item;
  item.kind = ParsedItem::Kind::Decl;
  item.decl = std::move(w);
  return item;
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

}  // namespace flytec
