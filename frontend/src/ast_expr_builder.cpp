// Parse tree -> AST for expressions (the AstBuilder's second half; see
// ast_builder.h). Each builder's comment holds the grammar rule it reads
// (grammar/Flyte.g4).
#include <charconv>
#include <cmath>
#include <optional>

#include "ast_builder.h"
#include "ast_builder_helpers.h"
#include "frontend/lexer.h"
#include "parse_tree_access.h"

namespace flytec {

using namespace ast;
using namespace ast_building;
using P = grammar::FlyteParser;
using ptree::rule;
using ptree::rules;
using ptree::token;

namespace {
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

// expr : postfix | op=(MINUS|PLUS|BANG) expr | expr op=... expr ;
// The alternative is the first matched child's: postfix, an operator, expr.
ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (!ctx) return make<ErrorExpr>({});
  antlr4::tree::ParseTree* first = ptree::firstMatched(ctx);
  if (!first) return errorExpr(ctx);
  if (auto* pf = ptree::asRule(first, P::RulePostfix)) return postfix(static_cast<P::PostfixContext*>(pf));
  if (ptree::asRule(first, P::RuleExpr)) {
    auto out = make<BinaryExpr>(range(ctx));
    out->op = ctx->op ? text(ctx->op) : "?";
    out->opRange = range(ctx->op);
    out->lhs = expr(rule<P::ExprContext>(ctx, P::RuleExpr, 0));
    out->rhs = expr(rule<P::ExprContext>(ctx, P::RuleExpr, 1));
    return out;
  }
  if (!ptree::firstTokenType(ctx)) return errorExpr(ctx);
  ExprPtr operand = expr(rule<P::ExprContext>(ctx, P::RuleExpr));
  // `-7` and `-0.5` are literals, not operators.
  if (ctx->op && ctx->op->getType() == P::MINUS) {
    if (auto* i = llvm::dyn_cast<IntExpr>(operand.get())) {
      i->value = -i->value;
      i->range = range(ctx);
      return operand;
    }
    if (auto* f = llvm::dyn_cast<FloatExpr>(operand.get())) {
      f->value = -f->value;
      f->text = save("-" + std::string(f->text));
      f->range = range(ctx);
      return operand;
    }
  }
  auto out = make<UnaryExpr>(range(ctx));
  out->op = ctx->op ? text(ctx->op) : "?";
  out->opRange = range(ctx->op);
  out->operand = std::move(operand);
  return out;
}

// postfix : primary postfixOp* ;
// postfixOp : LPAREN callArgs? RPAREN | DOT ID | LBRACK expr RBRACK ;
ExprPtr AstBuilder::postfix(P::PostfixContext* ctx) {
  auto* head = rule<P::PrimaryContext>(ctx, P::RulePrimary);
  ExprPtr cur = head ? primary(head) : errorExpr(ctx);
  for (auto* op : rules<P::PostfixOpContext>(ctx, P::RulePostfixOp)) {
    llvm::SMRange r(cur->range.Start, range(op).End);
    switch (ptree::firstTokenType(op)) {
      case P::LPAREN: {  // callOp
        auto c = make<CallExpr>(r);
        c->callee = std::move(cur);
        c->lparen = range(token(op, P::LPAREN));
        c->rparen = range(token(op, P::RPAREN));
        appendEach(c->args, rules<P::ArgOrExprContext>(rule<P::CallArgsContext>(op, P::RuleCallArgs), P::RuleArgOrExpr),
                   [&](P::ArgOrExprContext* a) { return argOrExpr(a); });
        cur = std::move(c);
        break;
      }
      case P::DOT: {  // memberOp
        auto m = make<MemberExpr>(r);
        m->base = std::move(cur);
        m->member = ident(token(op, P::ID));
        cur = std::move(m);
        break;
      }
      case P::LBRACK: {  // indexOp
        auto i = make<IndexExpr>(r);
        i->base = std::move(cur);
        i->index = expr(rule<P::ExprContext>(op, P::RuleExpr));
        cur = std::move(i);
        break;
      }
      default: break;  // nothing matched: error recovery reported it
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
// The alternative is the first matched token's; names and literals first.
ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  llvm::SMRange r = range(ctx);
  switch (ptree::firstTokenType(ctx)) {
    case P::ID: {  // namePrimary
      auto out = make<NameExpr>(r);
      out->name = text(ctx->getStart());
      return out;
    }
    case P::INT: {  // intPrimary
      auto out = make<IntExpr>(r);
      std::string_view literal = text(ctx->getStart());
      std::string digits;
      for (char c : literal) if (c != '_') digits += c;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out->value);
      if (ec != std::errc()) diags_.report(diag::err_integer_too_large, r, std::string(literal));
      return out;
    }
    case P::STRING: case P::RAWSTRING: {  // stringPrimary
      auto out = make<StringExpr>(r);
      std::string_view literal = text(ctx->getStart());
      out->raw = literal.size() >= 3 && literal.compare(0, 3, "\"\"\"") == 0;
      out->value = stringValue(literal);
      size_t q = out->raw ? 3 : 1;
      if (r.isValid() && literal.size() >= 2 * q)
        out->contentRange = {llvm::SMLoc::getFromPointer(r.Start.getPointer() + q),
                             llvm::SMLoc::getFromPointer(r.End.getPointer() - q)};
      return out;
    }
    case P::MAP: {  // mapPrimary
      auto out = make<MapExpr>(r);
      out->keyword = range(token(ctx, P::MAP));
      out->target = expr(rule<P::ExprContext>(ctx, P::RuleExpr));
      appendEach(out->options, rules<P::ArgContext>(ctx, P::RuleArg), [&](P::ArgContext* a) { return arg(a); });
      return out;
    }
    case P::LBRACK: {  // listPrimary
      auto out = make<ListExpr>(r);
      appendEach(out->elements, rules<P::ExprContext>(ctx, P::RuleExpr), [&](P::ExprContext* e) { return expr(e); });
      return out;
    }
    case P::LBRACE: {  // dictPrimary; entry : (ID ASSIGN | STRING COLON) expr ;
      auto out = make<DictExpr>(r);
      auto entries = rules<P::EntryContext>(ctx, P::RuleEntry);
      out->entries.reserve(entries.size());
      for (auto* e : entries) {
        DictEntry entry;
        if (auto* id = token(e, P::ID)) entry.key = ident(id);
        else if (auto* key = token(e, P::STRING)) {
          entry.key = Ident{stringValue(text(key->getSymbol())), range(key)};
          entry.quoted = true;
        }
        auto* value = rule<P::ExprContext>(e, P::RuleExpr);
        entry.value = value ? expr(value) : errorExpr(e);
        entry.range = range(e);
        out->entries.push_back(std::move(entry));
      }
      return out;
    }
    case P::LPAREN: {  // parenPrimary
      auto out = make<TupleExpr>(r);
      appendEach(out->elements, rules<P::ArgOrExprContext>(ctx, P::RuleArgOrExpr),
                 [&](P::ArgOrExprContext* a) { return argOrExpr(a); });
      return out;
    }
    case P::PARTIAL: {  // partialPrimary
      auto out = make<PartialExpr>(r);
      out->keyword = range(token(ctx, P::PARTIAL));
      out->target = expr(rule<P::ExprContext>(ctx, P::RuleExpr));
      appendEach(out->bound, rules<P::ArgContext>(ctx, P::RuleArg), [&](P::ArgContext* a) { return arg(a); });
      return out;
    }
    case P::FLOAT: {  // floatPrimary
      auto out = make<FloatExpr>(r);
      out->text = text(ctx->getStart());
      std::string digits;
      for (char c : out->text) if (c != '_') digits += c;
      out->value = std::strtod(digits.c_str(), nullptr);
      return out;
    }
    case P::DURATION: {  // durationPrimary
      auto out = make<DurationExpr>(r);
      out->text = text(ctx->getStart());
      if (std::optional<int64_t> nanos = durationNanos(out->text)) out->nanos = *nanos;
      else diags_.report(diag::err_duration_too_long, r, out->text);
      return out;
    }
    case P::TRUE: case P::FALSE: {  // boolPrimary
      auto out = make<BoolExpr>(r);
      out->value = ptree::firstTokenType(ctx) == P::TRUE;
      return out;
    }
    case P::NONE: return make<NoneExpr>(r);  // nonePrimary
    default: return errorExpr(ctx);           // nothing matched: error recovery reported it
  }
}

}  // namespace flytec
