// The values a launch plan gives its workflow's inputs, typed against those
// inputs: the call's defaults and the `fixed` entries (spec §10). A value is
// checked with the model builder's own value check (values.cpp), so launch
// plans get exactly the literal rules of parameter defaults (E0301, E0308,
// E0331, E0332, ...) and their types are recorded for lowering (an integer
// literal fixed into a `float` input is a float value).
//
// This is a ModelBuilder step rather than a rule check because only the
// builder can type values; it runs after the interfaces are resolved. Names
// that are not inputs, duplicates and the body's shape are the rule check's
// (launch_plans.cpp): values under such names are skipped here.
#include "model_builder.h"

namespace flytec::tc {

void ModelBuilder::checkLaunchPlanValues() {
  for (const auto& ent : model_.entities) {
    auto* lp = llvm::dyn_cast_or_null<ast::LaunchPlanDecl>(ent->decl);
    const Entity* wf = ent->target;
    if (!lp || !wf) continue;
    ValueScope scope;  // literals only: a launch plan has no nodes to refer to
    scope.module = ent->module;
    auto check = [&](const ast::Ident& key, const ast::Expr* value, const char* role) {
      std::string_view name = key.name;
      for (const Variable& v : wf->inputs)
        if (v.name == name) noteParam(key.range, v.param);
      if (!value) return;
      for (const Variable& v : wf->inputs)
        if (v.name == name) {
          checkValue(*value, v.type, scope, std::string(role) + " `" + std::string(name) + "` of launch plan `" + ent->name + "`");
          return;
        }
    };
    for (const ast::Arg& a : lp->defaults)
      if (a.name) check(*a.name, a.value.get(), "default");
    if (!lp->body) continue;
    const ast::Field* fixed = lp->body->find("fixed");
    if (!fixed) continue;
    if (fixed->block) {
      for (const ast::Field& f : fixed->block->fields) check(f.key, f.value.get(), "fixed input");
    } else if (auto* d = llvm::dyn_cast_or_null<ast::DictExpr>(fixed->value.get())) {
      for (const ast::DictEntry& e : d->entries) check(e.key, e.value.get(), "fixed input");
    }
  }
}

}  // namespace flytec::tc
