// Launch plans -> admin.LaunchPlan (spec §10 "Launch plans"): every workflow's
// default one (same name; every input required or with its default, an
// omitted optional defaulting to none) and each declared `launchplan`: the
// call's arguments are defaults, `fixed` goes to fixed_inputs (and leaves
// default_inputs), `schedule` to entity_metadata.schedule as cron_schedule or
// rate{value, unit} (the largest whole unit of days, hours, minutes) with
// kickoff_time_input_arg. Empty labels/annotations/raw_output_data_config and
// closure are written as pyflyte writes them.
#include "idl/type_conversion.h"
#include "lowering.h"

namespace flytec::backend {

namespace fp = flyteidl;
using llvm::dyn_cast_or_null;

namespace {

/// `key = expr` entries of a dict expression or a block, in order.
std::vector<std::pair<std::string, const ast::Expr*>> entriesOf(const ast::Field* f) {
  std::vector<std::pair<std::string, const ast::Expr*>> out;
  if (!f) return out;
  if (auto* d = dyn_cast_or_null<ast::DictExpr>(f->value.get()))
    for (const ast::DictEntry& e : d->entries) out.emplace_back(e.key.name, e.value.get());
  if (f->block)
    for (const ast::Field& x : f->block->fields) out.emplace_back(x.key.name, x.value.get());
  return out;
}

const ast::Expr* lookup(const std::vector<std::pair<std::string, const ast::Expr*>>& entries, std::string_view k) {
  for (const auto& [name, e] : entries)
    if (name == k) return e;
  return nullptr;
}

void fillSchedule(const ast::Field* field, fp::admin::Schedule* s) {
  if (auto* cron = dyn_cast_or_null<ast::StringExpr>(field->value.get())) {
    s->mutable_cron_schedule()->set_schedule(std::string(cron->value));
    return;
  }
  auto entries = entriesOf(field);
  if (auto* cron = dyn_cast_or_null<ast::StringExpr>(lookup(entries, "cron")))
    s->mutable_cron_schedule()->set_schedule(std::string(cron->value));
  if (auto* rate = dyn_cast_or_null<ast::DurationExpr>(lookup(entries, "rate"))) {
    constexpr int64_t minute = 60'000'000'000, hour = 60 * minute, day = 24 * hour;
    auto* r = s->mutable_rate();
    if (rate->nanos % day == 0) {
      r->set_value(static_cast<uint32_t>(rate->nanos / day));
      r->set_unit(fp::admin::DAY);
    } else if (rate->nanos % hour == 0) {
      r->set_value(static_cast<uint32_t>(rate->nanos / hour));
      r->set_unit(fp::admin::HOUR);
    } else {
      r->set_value(static_cast<uint32_t>(rate->nanos / minute));
      r->set_unit(fp::admin::MINUTE);
    }
  }
  const ast::Expr* kickoff = lookup(entries, "kickoff");
  if (auto* n = dyn_cast_or_null<ast::NameExpr>(kickoff)) s->set_kickoff_time_input_arg(std::string(n->name));
  if (auto* str = dyn_cast_or_null<ast::StringExpr>(kickoff)) s->set_kickoff_time_input_arg(std::string(str->value));
}

}  // namespace

namespace {
fp::admin::LaunchPlan launchPlanShell(const Lowering& l, const std::string& name, const tc::Entity& wf) {
  fp::admin::LaunchPlan lp;
  *lp.mutable_id() = l.identifier(fp::core::LAUNCH_PLAN, name);
  auto* spec = lp.mutable_spec();
  *spec->mutable_workflow_id() = l.identifier(fp::core::WORKFLOW, wf.loweredName);
  spec->mutable_entity_metadata();
  spec->mutable_default_inputs();
  spec->mutable_fixed_inputs();
  spec->mutable_labels();
  spec->mutable_annotations();
  spec->mutable_raw_output_data_config();
  lp.mutable_closure()->mutable_expected_inputs();
  lp.mutable_closure()->mutable_expected_outputs();
  return lp;
}
}  // namespace

fp::admin::LaunchPlan Lowering::defaultLaunchPlan(const tc::Entity& wf) const {
  return declaredLaunchPlanFor(wf.loweredName, wf, nullptr);
}

fp::admin::LaunchPlan Lowering::declaredLaunchPlan(const tc::Entity& lp) const {
  return declaredLaunchPlanFor(lp.loweredName, *lp.target, llvm::dyn_cast_or_null<ast::LaunchPlanDecl>(lp.decl));
}

fp::admin::LaunchPlan Lowering::declaredLaunchPlanFor(const std::string& name, const tc::Entity& wf,
                                                      const ast::LaunchPlanDecl* decl) const {
  fp::admin::LaunchPlan lp = launchPlanShell(*this, name, wf);
  auto* spec = lp.mutable_spec();
  const ast::Block* body = decl ? decl->body.get() : nullptr;
  auto fixed = entriesOf(body ? body->find("fixed") : nullptr);
  auto argOf = [&](std::string_view n) -> const ast::Expr* {
    if (!decl) return nullptr;
    for (const ast::Arg& a : decl->defaults)
      if (a.name && a.name->name == n) return a.value.get();
    return nullptr;
  };
  for (const tc::Variable& v : wf.inputs) {
    if (const ast::Expr* f = lookup(fixed, v.name)) {
      (*spec->mutable_fixed_inputs()->mutable_literals())[v.name] = literal(f, v.type);
      continue;
    }
    fp::core::Parameter& p = (*spec->mutable_default_inputs()->mutable_parameters())[v.name];
    idl::toProto(v.type, p.mutable_var()->mutable_type());
    p.mutable_var()->set_description(v.description());
    if (const ast::Expr* d = argOf(v.name))
      *p.mutable_default_() = literal(d, v.type);
    else if (v.defaultValue)
      *p.mutable_default_() = literal(v.defaultValue, v.type);
    else if (v.optional)
      *p.mutable_default_() = noneLiteral();
    else
      p.set_required(true);
  }
  if (const ast::Field* sched = body ? body->find("schedule") : nullptr)
    fillSchedule(sched, spec->mutable_entity_metadata()->mutable_schedule());
  return lp;
}

}  // namespace flytec::backend
