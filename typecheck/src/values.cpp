// Values in typed positions (spec §5): a node argument, a workflow output, a
// parameter or struct-field default. Literals are checked against the
// expected type (an integer literal may initialise a float; a string names an
// enum member (E0308), an RFC 3339 datetime (E0331) or a path; dict literals
// are struct values in a struct position; a literal fits a union when exactly
// one variant takes it, E0305 otherwise). References (references.cpp) are
// compared with sourceAssign (E0301 with a note that Flyte does not convert
// int to float, W0307, E0305, E0408 for a map's optional elements). Tuples
// (E0302), operators and nested calls (E0306) are rejected here.
#include <llvm/Support/Casting.h>

#include "idl/go_format.h"
#include "model_builder.h"
#include "typecheck/assignability.h"

namespace flytec::tc {

using idl::LiteralType;
using Kind = LiteralType::Kind;

namespace {

/// The type a literal has on its own (for messages and union selection).
LiteralType naturalType(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Int: return LiteralType::integer();
    case ast::ExprKind::Float: return LiteralType::floating();
    case ast::ExprKind::String: return LiteralType::string();
    case ast::ExprKind::Duration: return LiteralType::duration();
    case ast::ExprKind::Bool: return LiteralType::boolean();
    case ast::ExprKind::None: return LiteralType::none();
    case ast::ExprKind::List: {
      auto& l = llvm::cast<ast::ListExpr>(e);
      return LiteralType::list(l.elements.empty() ? LiteralType() : naturalType(*l.elements[0]));
    }
    case ast::ExprKind::Dict: {
      auto& d = llvm::cast<ast::DictExpr>(e);
      return LiteralType::dict(d.entries.empty() ? LiteralType() : naturalType(*d.entries[0].value));
    }
    default: return LiteralType();
  }
}

std::string spellType(const LiteralType& t) { return t.isUnset() ? "a value" : t.str(); }

}  // namespace

/// Does literal `e` fit `t`, silently? (References are not literals.)
bool ModelBuilder::literalFits(const ast::Expr& e, const LiteralType& t) {
  if (t.isUnset()) return true;
  if (t.kind() == Kind::Union) {
    for (const LiteralType& v : t.variants())
      if (literalFits(e, v)) return true;
    return false;
  }
  switch (e.kind) {
    case ast::ExprKind::Int: return t.isSimple(idl::SimpleType::Integer) || t.isSimple(idl::SimpleType::Float);
    case ast::ExprKind::Float: return t.isSimple(idl::SimpleType::Float);
    case ast::ExprKind::Duration: return t.isSimple(idl::SimpleType::Duration);
    case ast::ExprKind::Bool: return t.isSimple(idl::SimpleType::Boolean);
    case ast::ExprKind::None: return t.isNone();
    case ast::ExprKind::String: {
      std::string_view v = llvm::cast<ast::StringExpr>(e).value;
      if (t.kind() == Kind::Enum) {
        const auto& vals = t.enumValues();
        return std::find(vals.begin(), vals.end(), v) != vals.end();
      }
      if (t.isSimple(idl::SimpleType::Datetime)) return bool(idl::parseRfc3339(v));
      return t.isSimple(idl::SimpleType::String) || t.kind() == Kind::Blob;
    }
    case ast::ExprKind::List: {
      if (t.kind() != Kind::Collection) return false;
      for (const auto& el : llvm::cast<ast::ListExpr>(e).elements)
        if (!literalFits(*el, t.elementType())) return false;
      return true;
    }
    case ast::ExprKind::Dict: {
      auto& d = llvm::cast<ast::DictExpr>(e);
      if (t.kind() == Kind::Map) {
        for (const auto& en : d.entries)
          if (!literalFits(*en.value, t.elementType())) return false;
        return true;
      }
      const Entity* s = structEntity(t);
      if (!s) return false;
      std::set<std::string> given;
      for (const auto& en : d.entries) {
        const Variable* f = nullptr;
        for (const Variable& v : s->inputs) if (v.name == en.key.name) f = &v;
        if (!f || !literalFits(*en.value, f->type)) return false;
        given.emplace(en.key.name);
      }
      for (const Variable& v : s->inputs)
        if (!v.defaultValue && !v.optional && !given.count(v.name)) return false;
      return true;
    }
    default: return false;
  }
}

void ModelBuilder::reportMismatch(const ast::Expr& e, const LiteralType& from, const LiteralType& to,
                                  Assign verdict, const std::string& what) {
  switch (verdict) {
    case Assign::Ok: return;
    case Assign::StrToEnum: {
      diags_->report(diag::warn_str_flows_into_enum, e.range, to.kind() == Kind::Enum ? to.name() : to.str());
      return;
    }
    case Assign::IntToFloat:
      diags_->report(diag::err_type_mismatch, e.range, what, to.str(), from.str())
          .note(e.range, reason::note_no_int_to_float_in_task);
      return;
    case Assign::AmbiguousUnion: {
      std::string matching;
      for (const LiteralType& v : to.variants())
        if (sourceAssign(from, v) == Assign::Ok) matching += (matching.empty() ? "`" : ", `") + v.str() + "`";
      diags_->report(diag::err_ambiguous_union_variant, e.range, what, from.str(), to.str(), matching);
      return;
    }
    case Assign::Mismatch: {
      // A map that tolerates failures yields list[T?]; say so at the ratio.
      if (lastNode_ && lastNode_->map && lastNode_->map->optionalElements() && from.kind() == Kind::Collection &&
          from.elementType().kind() == Kind::Union) {
        for (const LiteralType& v : from.elementType().variants()) {
          if (v.isNone()) continue;
          if (sourceAssign(LiteralType::list(v), to) != Assign::Ok) continue;
          std::vector<std::string> parts;
          std::string text = flattenName(e, parts) ? joinPath(parts) : "the map's output";
          auto d = diags_->report(diag::err_map_optional_output_used, e.range, what, to.str(), text, from.str());
          if (lastNode_->map->ratioArg) d.note(lastNode_->map->ratioArg->range, reason::note_failed_elements_tolerated_here);
          return;
        }
      }
      diags_->report(diag::err_type_mismatch, e.range, what, to.str(), spellType(from));
      return;
    }
  }
}

ValueCheck ModelBuilder::checkValue(const ast::Expr& e, const LiteralType& expected, ValueScope& scope,
                                    const std::string& what) {
  if (expected.isUnset()) {
    // The slot's type failed to resolve; still resolve names in the value.
    bool isRef = false;
    lastNode_ = nullptr;
    typeOfReference(e, scope, &isRef);
    return ValueCheck::Reported;
  }
  switch (e.kind) {
    case ast::ExprKind::Error: return ValueCheck::Reported;
    case ast::ExprKind::Tuple: {
      auto& t = llvm::cast<ast::TupleExpr>(e);
      std::string inner;
      bool allPositional = true;
      for (const ast::Arg& a : t.elements) allPositional &= !a.name.has_value();
      auto d = diags_->report(diag::err_tuple_not_a_value, e.range, "(...)");
      (void)inner;
      if (allPositional && expected.kind() == Kind::Collection) {
        // `(1, 2)` where a list is expected: the fix is certain.
        d.fixit(llvm::SMRange(t.range.Start, llvm::SMLoc::getFromPointer(t.range.Start.getPointer() + 1)), "[", true)
            .fixit(llvm::SMRange(llvm::SMLoc::getFromPointer(t.range.End.getPointer() - 1), t.range.End), "]", true);
      }
      return ValueCheck::Reported;
    }
    case ast::ExprKind::Unary:
      diags_->report(diag::err_operator_on_workflow_value, e.range, llvm::cast<ast::UnaryExpr>(e).op);
      return ValueCheck::Reported;
    case ast::ExprKind::Binary:
      diags_->report(diag::err_operator_on_workflow_value, e.range, llvm::cast<ast::BinaryExpr>(e).op);
      return ValueCheck::Reported;
    case ast::ExprKind::Map:
    case ast::ExprKind::Partial:
      diags_->report(diag::err_nested_map_on_workflow_value, e.range, e.kind == ast::ExprKind::Map ? "map" : "partial");
      return ValueCheck::Reported;
    case ast::ExprKind::Call: {
      auto& c = llvm::cast<ast::CallExpr>(e);
      std::vector<std::string> parts;
      if (c.callee && flattenName(*c.callee, parts)) {
        const Entity* target = resolveEntity(*scope.module, parts, c.callee->range, true);
        noteEntityExpr(*scope.module, *c.callee, target);
        if (target)
          diags_->report(diag::err_nested_call_on_workflow_value, e.range, joinPath(parts));
      } else {
        diags_->report(diag::err_call_on_workflow_value, e.range);
      }
      return ValueCheck::Reported;
    }
    case ast::ExprKind::Name:
    case ast::ExprKind::Member:
    case ast::ExprKind::Index: {
      bool isRef = false;
      lastNode_ = nullptr;
      auto t = typeOfReference(e, scope, &isRef);
      if (!isRef) {
        diags_->report(diag::err_value_not_literal, e.range, what);
        return ValueCheck::Reported;
      }
      if (!t) return ValueCheck::Reported;
      Assign verdict = sourceAssign(*t, expected);
      reportMismatch(e, *t, expected, verdict, what);
      return verdict == Assign::Ok || verdict == Assign::StrToEnum ? ValueCheck::Ok : ValueCheck::Reported;
    }
    default: break;
  }
  return checkLiteral(e, expected, scope, what);
}

ValueCheck ModelBuilder::checkLiteral(const ast::Expr& e, const LiteralType& expected, ValueScope& scope,
                                      const std::string& what) {
  if (expected.kind() == Kind::Union) {
    std::vector<const LiteralType*> fits;
    for (const LiteralType& v : expected.variants())
      if (literalFits(e, v)) fits.push_back(&v);
    if (fits.size() > 1) {
      // Prefer the variant the literal has on its own (an int literal for
      // union[int, float] is an int).
      LiteralType nat = naturalType(e);
      std::vector<const LiteralType*> exact;
      for (const LiteralType* v : fits) if (*v == nat) exact.push_back(v);
      if (exact.size() == 1) fits = exact;
    }
    if (fits.size() == 1) return checkLiteral(e, *fits[0], scope, what);
    if (fits.size() > 1) {
      std::string matching;
      for (const LiteralType* v : fits) matching += (matching.empty() ? "`" : ", `") + v->str() + "`";
      diags_->report(diag::err_ambiguous_union_variant, e.range, what, spellType(naturalType(e)), expected.str(), matching);
      return ValueCheck::Reported;
    }
    // No variant: if exactly one variant has the literal's shape, explain against it.
    diags_->report(diag::err_type_mismatch, e.range, what, expected.str(), spellType(naturalType(e)));
    return ValueCheck::Reported;
  }
  auto mismatch = [&] {
    diags_->report(diag::err_type_mismatch, e.range, what, expected.str(), spellType(naturalType(e)));
    return ValueCheck::Reported;
  };
  switch (e.kind) {
    case ast::ExprKind::String: {
      auto& s = llvm::cast<ast::StringExpr>(e);
      if (expected.kind() == Kind::Enum) {
        const auto& vals = expected.enumValues();
        if (std::find(vals.begin(), vals.end(), s.value) == vals.end()) {
          std::string best = closestName(s.value, vals);
          auto d = diags_->report(diag::err_not_an_enum_member, e.range, s.value, expected.name()).didYouMean(best);
          if (!best.empty()) d.fixit(e.range, "\"" + best + "\"", false);
          return ValueCheck::Reported;
        }
        break;
      }
      if (expected.isSimple(idl::SimpleType::Datetime)) {
        idl::TimestampParse p = idl::parseRfc3339(s.value);
        if (!p) {
          diags_->report(diag::err_invalid_datetime, e.range, s.value, p.error);
          return ValueCheck::Reported;
        }
        break;
      }
      if (!literalFits(e, expected)) return mismatch();
      break;
    }
    case ast::ExprKind::List: {
      if (expected.kind() != Kind::Collection) return mismatch();
      auto& l = llvm::cast<ast::ListExpr>(e);
      bool ok = true;
      for (size_t i = 0; i < l.elements.size(); ++i)
        ok &= checkValue(*l.elements[i], expected.elementType(), scope, "element " + std::to_string(i) + " of " + what) == ValueCheck::Ok;
      return ok ? ValueCheck::Ok : ValueCheck::Reported;
    }
    case ast::ExprKind::Dict: {
      auto& d = llvm::cast<ast::DictExpr>(e);
      bool ok = true;
      if (expected.kind() == Kind::Map) {
        for (const auto& en : d.entries)
          ok &= checkValue(*en.value, expected.elementType(), scope, "value `" + std::string(en.key.name) + "` of " + what) == ValueCheck::Ok;
        return ok ? ValueCheck::Ok : ValueCheck::Reported;
      }
      const Entity* s = structEntity(expected);
      if (!s) return mismatch();
      std::set<std::string> given;
      std::vector<std::string> names;
      for (const Variable& v : s->inputs) names.push_back(v.name);
      for (const auto& en : d.entries) {
        const Variable* f = nullptr;
        for (const Variable& v : s->inputs) if (v.name == en.key.name) f = &v;
        if (!f) {
          std::string best = closestName(en.key.name, names);
          auto b = diags_->report(diag::err_unknown_argument, en.key.range, en.key.name, "struct", s->name).didYouMean(best);
          b.note(s->decl->name.range, reason::note_struct_declared_here, s->name);
          ok = false;
          continue;
        }
        if (!given.emplace(en.key.name).second) {
          diags_->report(diag::err_duplicate_argument, en.key.range, en.key.name);
          ok = false;
          continue;
        }
        ok &= checkValue(*en.value, f->type, scope, "field `" + f->name + "` of `" + s->name + "`") == ValueCheck::Ok;
      }
      for (const Variable& v : s->inputs)
        if (!v.defaultValue && !v.optional && !given.count(v.name)) {
          diags_->report(diag::err_missing_argument, e.range, v.name, v.type.str(), "struct", s->name)
              .note(s->decl->name.range, reason::note_struct_declared_here, s->name);
          ok = false;
        }
      return ok ? ValueCheck::Ok : ValueCheck::Reported;
    }
    default:
      if (!literalFits(e, expected)) return mismatch();
  }
  return ValueCheck::Ok;
}

void ModelBuilder::checkDefaults() {
  for (const auto& ent : model_.entities) {
    if (ent->kind == EntityKind::LaunchPlan) continue;  // launch plans: rules/launch_plans.cpp
    ValueScope scope;
    scope.module = ent->module;
    for (const Variable& v : ent->inputs) {
      if (!v.defaultValue) continue;
      std::string what = std::string("default of `") + v.name + "`";
      checkValue(*v.defaultValue, v.type, scope, what);
    }
  }
}

}  // namespace flytec::tc
