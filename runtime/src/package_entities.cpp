// Package lookup and target selection (see program.h).
#include "runtime/package_entities.h"

namespace flytec::rt {

using flyteidl::core::LiteralMap;
using flyteidl::core::ParameterMap;

PackageEntities::PackageEntities(const idl::Package& package) {
  for (const auto& e : package.entries) {
    if (const auto* t = e.task()) {
      tasks_[t->template_().id().name()] = &t->template_();
    } else if (const auto* w = e.workflow()) {
      const std::string& name = w->template_().id().name();
      if (!workflows_.count(name)) workflowNames_.push_back(name);
      workflows_[name] = w;
    } else if (const auto* lp = e.launchPlan()) {
      const std::string& name = lp->id().name();
      if (!launchPlans_.count(name)) launchPlanNames_.push_back(name);
      launchPlans_[name] = lp;
    }
  }
}

const flyteidl::core::TaskTemplate* PackageEntities::task(const std::string& name) const {
  auto it = tasks_.find(name);
  return it == tasks_.end() ? nullptr : it->second;
}

const flyteidl::core::WorkflowTemplate* PackageEntities::workflow(const std::string& name,
                                                          const flyteidl::admin::WorkflowSpec* scope) const {
  if (scope)
    for (const auto& sub : scope->sub_workflows())
      if (sub.id().name() == name) return &sub;
  auto it = workflows_.find(name);
  if (it != workflows_.end()) return &it->second->template_();
  // A sub-workflow declared by another workflow of the package.
  for (const auto& [_, spec] : workflows_)
    for (const auto& sub : spec->sub_workflows())
      if (sub.id().name() == name) return &sub;
  return nullptr;
}

const flyteidl::admin::WorkflowSpec* PackageEntities::workflowSpec(const std::string& name) const {
  auto it = workflows_.find(name);
  return it == workflows_.end() ? nullptr : it->second;
}

const flyteidl::admin::LaunchPlan* PackageEntities::launchPlan(const std::string& name) const {
  auto it = launchPlans_.find(name);
  return it == launchPlans_.end() ? nullptr : it->second;
}

static std::string joinNames(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::optional<RunTarget> selectTarget(const PackageEntities& program, const std::string& name,
                                      DiagnosticEngine& diags, const std::string& diagPath) {
  std::string wfName = name;
  const flyteidl::admin::LaunchPlan* lp = nullptr;
  if (name.empty()) {
    const std::vector<std::string>& names = program.workflowNames();
    if (names.empty()) {
      diags.reportAtPath(diag::err_run_package_without_workflow, diagPath);
      return std::nullopt;
    }
    if (names.size() != 1) {
      diags.reportAtPath(diag::err_run_no_workflow_chosen, diagPath, names.size(), joinNames(names));
      return std::nullopt;
    }
    wfName = program.workflowNames()[0];
  }
  // `--workflow squares` also finds `demo.squares`: the name as written in
  // the source, when exactly one entity's lowered name ends with it.
  if (!program.launchPlan(wfName) && !program.workflowSpec(wfName)) {
    std::vector<std::string> candidates = program.workflowNames();
    for (const auto& l : program.launchPlanNames()) candidates.push_back(l);
    std::string match;
    int matches = 0;
    for (const std::string& c : candidates)
      if (c.size() > wfName.size() && c.compare(c.size() - wfName.size(), wfName.size(), wfName) == 0 &&
          c[c.size() - wfName.size() - 1] == '.' && c != match) {
        match = c;
        ++matches;
      }
    if (matches == 1) wfName = match;
  }
  lp = program.launchPlan(wfName);
  if (lp) wfName = lp->spec().workflow_id().name();
  const auto* spec = program.workflowSpec(wfName);
  if (!spec) {
    std::vector<std::string> all = program.workflowNames();
    for (const auto& l : program.launchPlanNames())
      if (std::find(all.begin(), all.end(), l) == all.end()) all.push_back(l);
    if (all.empty())
      diags.reportAtPath(diag::err_run_unknown_workflow, diagPath, name);
    else
      diags.reportAtPath(diag::err_run_unknown_workflow_listed, diagPath, name, joinNames(all));
    return std::nullopt;
  }
  RunTarget t;
  t.name = name.empty() ? wfName : name;
  t.spec = spec;
  t.workflow = &spec->template_();
  if (lp) {
    t.parameters = lp->spec().default_inputs();
    t.fixed = lp->spec().fixed_inputs();
    // Flyte fills the kickoff input for cron schedules only
    // (flyteadmin/scheduler/executor/executor_impl.go:39-40).
    const auto& schedule = lp->spec().entity_metadata().schedule();
    if (schedule.has_cron_schedule() || !schedule.cron_expression().empty())
      t.kickoffInput = schedule.kickoff_time_input_arg();
  } else {
    for (const auto& [n, var] : t.workflow->interface().inputs().variables()) {
      auto& p = (*t.parameters.mutable_parameters())[n];
      *p.mutable_var() = var;
      p.set_required(true);
    }
  }
  return t;
}

LiteralMap launchPlanInputs(const ParameterMap& parameters, const LiteralMap& fixed, const LiteralMap& given,
                            std::vector<std::string>& missing, std::string& givenButFixed) {
  LiteralMap out;
  auto& lits = *out.mutable_literals();
  for (const auto& [name, p] : parameters.parameters()) {
    if (fixed.literals().count(name)) continue;
    auto it = given.literals().find(name);
    if (it != given.literals().end()) lits[name] = it->second;
    else if (p.has_default_()) lits[name] = p.default_();
    else if (p.required()) missing.push_back(name);
  }
  for (const auto& [name, v] : fixed.literals()) {
    if (given.literals().count(name)) givenButFixed = name;
    lits[name] = v;
  }
  return out;
}

}  // namespace flytec::rt
