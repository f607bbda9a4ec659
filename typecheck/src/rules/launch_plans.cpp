// §10 launch plans: `launchplan NAME = WORKFLOW(k = v, ...) { schedule = ...
// fixed = { k = v } }`. Checks that default and fixed inputs name inputs of
// the workflow (E0804, with did-you-mean), that no input gets two values
// (E0808, stricter than flyteadmin, which lets a fixed value silently win
// over a default), the body's keys (E0806, E0807), the schedule
// (schedule_check.cpp: E0801, E0802, E0805), and that a scheduled launch
// plan leaves no input without a value (E0803, as flyteadmin's
// validateSchedule rejects it).
//
// It does not resolve the target (the model builder reports an unknown name
// E0201, and a target that is not a workflow E0301) and it does not type the
// values against the inputs: schedule_values.cpp does, as a model-builder
// step (E0301 and the other literal rules of values.cpp).
#include <map>
#include <string>
#include <vector>

#include "model_builder.h"
#include "rules/schedule_check.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

using FixedMap = std::map<std::string, llvm::SMRange, std::less<>>;

const Variable* findInput(const Entity& wf, std::string_view name) {
  for (const Variable& v : wf.inputs)
    if (v.name == name) return &v;
  return nullptr;
}

/// E0804 for a name that is not an input of `wf`, with a note at `wf`.
void reportUnknownInput(const Entity& wf, const ast::Ident& name, const char* role, DiagnosticEngine& diags) {
  std::vector<std::string> names;
  for (const Variable& v : wf.inputs) names.push_back(v.name);
  auto b = diags.report(diag::err_launch_plan_unknown_input, name.range, wf.name, name.name, role)
               .didYouMean(closestName(name.name, names));
  if (wf.decl) b.note(wf.decl->name.range, reason::note_declared_here, wf.name);
}

class PlanChecker {
 public:
  PlanChecker(const Entity& plan, const ast::LaunchPlanDecl& decl, DiagnosticEngine& diags)
      : plan_(plan), decl_(decl), wf_(plan.target), diags_(diags) {}

  void run() {
    checkDefaults();
    const ast::Field* schedule = nullptr;
    const ast::Field* fixed = nullptr;
    if (decl_.body) {
      for (const ast::Field& f : decl_.body->fields) {
        const ast::Field** slot = f.key.name == "schedule" ? &schedule : f.key.name == "fixed" ? &fixed : nullptr;
        if (!slot) {
          diags_.report(diag::err_launch_plan_unknown_key, f.key.range, f.key.name, "a launch plan", "`schedule` or `fixed`")
              .didYouMean(closestName(f.key.name, {"schedule", "fixed"}));
        } else if (*slot) {
          diags_.report(diag::err_launch_plan_key_given_twice, f.key.range, f.key.name)
              .note((*slot)->key.range, reason::note_first_given_here, f.key.name);
        } else {
          *slot = &f;
        }
      }
    }
    if (fixed) checkFixed(*fixed);
    if (!schedule) return;
    ScheduleInfo info = checkSchedule(*schedule, wf_, fixed_, diags_);
    if (info.present && wf_) checkUnbound(*schedule, info);
  }

 private:
  void checkDefaults() {
    for (const ast::Arg& a : decl_.defaults) {
      if (!a.name) {
        diags_.report(diag::err_positional_argument, a.range, joinTarget());
        continue;
      }
      if (!wf_) continue;
      if (!findInput(*wf_, a.name->name)) {
        reportUnknownInput(*wf_, *a.name, "give a default", diags_);
        continue;
      }
      auto [it, inserted] = defaults_.emplace(a.name->name, a.name->range);
      if (!inserted)
        diags_.report(diag::err_launch_plan_default_given_twice, a.name->range, a.name->name)
            .note(it->second, reason::note_first_default_here, a.name->name);
    }
  }

  void checkFixed(const ast::Field& field) {
    std::vector<std::pair<const ast::Ident*, llvm::SMRange>> entries;
    if (field.block) {
      for (const ast::Field& f : field.block->fields) {
        if (!f.value)
          diags_.report(diag::err_launch_plan_key_as_block, f.range, f.key.name, f.key.name);
        else
          entries.push_back({&f.key, f.range});
      }
    } else if (auto* d = llvm::dyn_cast_or_null<ast::DictExpr>(field.value.get())) {
      for (const ast::DictEntry& e : d->entries) entries.push_back({&e.key, e.range});
    } else {
      if (field.value && field.value->kind != ast::ExprKind::Error)
        diags_.report(diag::err_fixed_not_dict, field.value->range, describeLaunchPlanValue(*field.value));
      return;
    }
    for (const auto& [key, range] : entries) {
      if (!wf_) continue;
      if (!findInput(*wf_, key->name)) {
        reportUnknownInput(*wf_, *key, "fix", diags_);
        continue;
      }
      auto [it, inserted] = fixed_.emplace(key->name, key->range);
      if (!inserted) {
        diags_.report(diag::err_launch_plan_input_fixed_twice, key->range, key->name)
            .note(it->second, reason::note_first_fixed_here, key->name);
        continue;
      }
      if (auto d = defaults_.find(key->name); d != defaults_.end())
        diags_.report(diag::err_launch_plan_input_default_and_fixed, key->range, key->name)
            .note(d->second, reason::note_default_here, key->name);
    }
  }

  /// E0803: flyteadmin's validateSchedule refuses a required input other than
  /// the kickoff one. An optional input without a default is required too:
  /// Flyte interfaces have no implicit `none` (spec §10 lowers it as required).
  void checkUnbound(const ast::Field& schedule, const ScheduleInfo& info) {
    for (const Variable& v : wf_->inputs) {
      if (v.defaultValue || defaults_.count(v.name) || fixed_.count(v.name)) continue;
      if (!info.kickoff.empty() && v.name == info.kickoff) continue;  // filled with the scheduled time
      auto b = v.optional ? diags_.report(diag::err_scheduled_optional_input_without_value, schedule.key.range,
                                          plan_.name, v.name, wf_->name, v.name, v.type.str())
                          : diags_.report(diag::err_scheduled_input_without_value, schedule.key.range, plan_.name,
                                          v.name, wf_->name);
      if (v.param) b.note(v.param->range, reason::note_declared_without_default, v.name);
    }
  }

  std::string joinTarget() const {
    std::vector<std::string> parts;
    for (const ast::Ident& p : decl_.target) parts.emplace_back(p.name);
    return joinPath(parts);
  }

  const Entity& plan_;
  const ast::LaunchPlanDecl& decl_;
  const Entity* wf_;
  DiagnosticEngine& diags_;
  FixedMap defaults_;  ///< default inputs given, by name (first occurrence)
  FixedMap fixed_;     ///< fixed inputs, by name (first occurrence)
};

}  // namespace

void checkLaunchPlans(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& e : model.entities) {
    if (e->kind != EntityKind::LaunchPlan || !options.checks(e.get())) continue;
    auto* decl = llvm::dyn_cast_or_null<ast::LaunchPlanDecl>(e->decl);
    if (!decl) continue;
    PlanChecker(*e, *decl, diags).run();
  }
}

}  // namespace flytec::tc
