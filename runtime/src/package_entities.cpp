// Package lookup and target selection (see package_entities.h).
#include "runtime/package_entities.h"

#include <llvm/ADT/StringRef.h>

#include <algorithm>

#include "support/closest_name.h"

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

static std::string shortName(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

/// Every workflow, then every launch plan not named like one.
static std::vector<std::string> targetNames(const PackageEntities& program) {
  std::vector<std::string> all = program.workflowNames();
  for (const auto& l : program.launchPlanNames())
    if (std::find(all.begin(), all.end(), l) == all.end()) all.push_back(l);
  return all;
}

/// The lowered names that end with `.wanted` (`demo.squares` for `squares`).
static std::vector<std::string> suffixMatches(const PackageEntities& program, const std::string& wanted) {
  std::vector<std::string> matches;
  for (const std::string& c : targetNames(program))
    if (c.size() > wanted.size() && c.compare(c.size() - wanted.size(), wanted.size(), wanted) == 0 &&
        c[c.size() - wanted.size() - 1] == '.')
      matches.push_back(c);
  return matches;
}

/// The closest full or short name within a third of its length, or "".
static std::string closestTarget(const std::vector<std::string>& names, const std::string& wanted) {
  std::vector<std::string> candidates;
  for (const std::string& n : names) {
    candidates.push_back(n);
    candidates.push_back(shortName(n));
  }
  return support::closestName(wanted, candidates, [](llvm::StringRef candidate) {
    return static_cast<unsigned>(std::max<size_t>(1, candidate.size() / 3));
  });
}

static void reportUnknownName(const PackageEntities& program, const std::string& name, DiagnosticEngine& diags,
                              const std::string& diagPath) {
  std::vector<std::string> all = targetNames(program);
  std::string near = closestTarget(all, name);
  if (all.empty()) diags.reportAtPath(diag::err_run_unknown_workflow, diagPath, name);
  else if (near.empty()) diags.reportAtPath(diag::err_run_unknown_workflow_listed, diagPath, name, joinNames(all));
  else diags.reportAtPath(diag::err_run_unknown_workflow_near, diagPath, name, near, joinNames(all));
}

/// The package's only workflow, or "" after reporting why there is none.
static std::string onlyWorkflow(const PackageEntities& program, DiagnosticEngine& diags,
                                const std::string& diagPath) {
  const std::vector<std::string>& names = program.workflowNames();
  if (names.size() == 1) return names[0];
  if (names.empty()) diags.reportAtPath(diag::err_run_package_without_workflow, diagPath);
  else diags.reportAtPath(diag::err_run_no_workflow_chosen, diagPath, names.size(), joinNames(names));
  return "";
}

std::optional<RunTarget> selectTarget(const PackageEntities& program, const std::string& name,
                                      DiagnosticEngine& diags, const std::string& diagPath) {
  std::string wfName = name.empty() ? onlyWorkflow(program, diags, diagPath) : name;
  if (wfName.empty()) return std::nullopt;
  const flyteidl::admin::LaunchPlan* lp = nullptr;
  // `--workflow squares` also finds `demo.squares`: the name as written in
  // the source, when exactly one entity's lowered name ends with it.
  if (!program.launchPlan(wfName) && !program.workflowSpec(wfName)) {
    std::vector<std::string> matches = suffixMatches(program, wfName);
    if (matches.size() > 1) {
      diags.reportAtPath(diag::err_run_ambiguous_workflow, diagPath, name, joinNames(matches));
      return std::nullopt;
    }
    if (matches.size() == 1) wfName = matches[0];
  }
  lp = program.launchPlan(wfName);
  if (lp) wfName = lp->spec().workflow_id().name();
  const auto* spec = program.workflowSpec(wfName);
  if (!spec) {
    reportUnknownName(program, name, diags, diagPath);
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
