// Shared field value checks; see field_values.h.
#include "rules/field_values.h"

#include <fmt/format.h>

#include <limits>

#include "idl/duration.h"

namespace flytec::tc {

namespace {

std::string sourceOf(llvm::SMRange r) {
  if (!r.isValid()) return "";
  return std::string(r.Start.getPointer(), r.End.getPointer());
}

}  // namespace

std::string describeExpr(const ast::Expr* e) {
  if (!e) return "nothing";
  switch (e->kind) {
    case ast::ExprKind::Name: return "the name `" + std::string(llvm::cast<ast::NameExpr>(e)->name) + "`";
    case ast::ExprKind::Int: return "an int";
    case ast::ExprKind::Float: return "a float";
    case ast::ExprKind::String: return "a string";
    case ast::ExprKind::Duration: return "a duration";
    case ast::ExprKind::Bool: return "a bool";
    case ast::ExprKind::None: return "`none`";
    case ast::ExprKind::List: return "a list";
    case ast::ExprKind::Dict: return "a dict";
    case ast::ExprKind::Tuple: return "a tuple";
    case ast::ExprKind::Call: case ast::ExprKind::Map: case ast::ExprKind::Partial: return "a call";
    default: return "an expression";
  }
}

std::string describeValue(const Entry& e) {
  if (e.block) return "a block";
  return describeExpr(e.value);
}

void reportWrongKind(const Entry& e, const std::string& expected, DiagnosticEngine& diags) {
  diags.report(diag::err_field_wrong_kind, e.valueRange(), e.name(), expected, describeValue(e));
}

const ast::StringExpr* checkImage(const Entry& e, DiagnosticEngine& diags) {
  auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value);
  if (!s) {
    reportWrongKind(e, "a container image name (a string)", diags);
    return nullptr;
  }
  bool blank = s->value.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    diags.report(diag::err_field_invalid_value, s->range, e.name(), "a container image name", sourceOf(s->range));
    return nullptr;
  }
  return s;
}

void checkRetries(const Entry& e, DiagnosticEngine& diags) {
  auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(e.value);
  if (!i) {
    reportWrongKind(e, "an int", diags);
    return;
  }
  // flyteidl RetryStrategy.retries is a uint32.
  if (i->value < 0 || i->value > std::numeric_limits<uint32_t>::max())
    diags.report(diag::err_field_invalid_value, i->range, e.name(), "an int from 0 to 4294967295", sourceOf(i->range));
}

void checkTimeout(const Entry& e, DiagnosticEngine& diags) {
  if (auto* d = llvm::dyn_cast_or_null<ast::DurationExpr>(e.value)) {
    if (d->nanos <= 0) diags.report(diag::err_field_invalid_value, d->range, e.name(), "a duration above 0", sourceOf(d->range));
    return;
  }
  if (auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(e.value)) {
    // Probably seconds, but that is a guess: offered, never applied by --fixit.
    std::string secs = fmt::format("{}s", i->value);
    diags.report(diag::err_timeout_without_unit, i->range, e.name(), secs).fixit(i->range, secs, /*certain=*/false);
    return;
  }
  reportWrongKind(e, "a duration such as `30s` or `1h30m`", diags);
}

void checkInterruptible(const Entry& e, DiagnosticEngine& diags) {
  if (llvm::isa_and_nonnull<ast::BoolExpr>(e.value)) return;
  if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value); s && (s->value == "true" || s->value == "false")) {
    diags.report(diag::err_bool_field_quoted, s->range, e.name(), s->value).fixit(s->range, std::string(s->value));
    return;
  }
  reportWrongKind(e, "a bool (`true` or `false`)", diags);
}

}  // namespace flytec::tc
