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
using ptree::exactly;
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
      appendEach(c->args, rules<P::ArgOrExprContext>(rule<P::CallArgsContext>(call, P::RuleCallArgs), P::RuleArgOrExpr),
                 [&](P::ArgOrExprContext* a) { return argOrExpr(a); });
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
    appendEach(out->options, rules<P::ArgContext>(m, P::RuleArg), [&](P::ArgContext* a) { return arg(a); });
    return out;
  }
  if (auto* l = exactly<P::ListPrimaryContext>(ctx)) {
    auto out = make<ListExpr>(r);
    appendEach(out->elements, rules<P::ExprContext>(l, P::RuleExpr), [&](P::ExprContext* e) { return expr(e); });
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
    appendEach(out->elements, rules<P::ArgOrExprContext>(t, P::RuleArgOrExpr),
               [&](P::ArgOrExprContext* a) { return argOrExpr(a); });
    return out;
  }
  if (auto* p = exactly<P::PartialPrimaryContext>(ctx)) {
    auto out = make<PartialExpr>(r);
    out->keyword = range(token(p, P::PARTIAL));
    out->target = expr(rule<P::ExprContext>(p, P::RuleExpr));
    appendEach(out->bound, rules<P::ArgContext>(p, P::RuleArg), [&](P::ArgContext* a) { return arg(a); });
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
