// Checks of one LaunchPlan entry as flyteadmin's ValidateLaunchPlan does
// (validation/launch_plan_validator.go, v1.16.5): default and fixed inputs
// against the workflow's interface with Flyte's assignability (E0911,
// E0912), and schedules: robfig cron ParseStandard, the kickoff input, and
// required inputs left unbound (E0918). A launch plan whose workflow is not
// in the package is W0919 (it may be registered already); a fixed-rate
// schedule whose value is not positive is W0910. Labels, notifications and
// identifiers that flytectl fills in are not checked.
#include "idl/assignability.h"
#include "idl/cron.h"
#include "idl/type_conversion.h"
#include "package/package_check_impl.h"

namespace flytec::tc::pkg {

core::ParameterMap expectedLaunchPlanInputs(const core::VariableMap& workflowInputs,
                                            const admin::LaunchPlanSpec& spec) {
  core::ParameterMap out;
  for (const auto& [name, var] : workflowInputs.variables()) {
    auto d = spec.default_inputs().parameters().find(name);
    if (d != spec.default_inputs().parameters().end()) {
      (*out.mutable_parameters())[name] = d->second;
    } else if (!spec.fixed_inputs().literals().count(name)) {
      core::Parameter p;
      *p.mutable_var()->mutable_type() = var.type();
      p.mutable_var()->set_description(var.description());
      p.set_required(true);
      (*out.mutable_parameters())[name] = p;
    }
  }
  return out;
}

void checkLaunchPlan(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags) {
  const std::string where = index.locate(entry);
  const admin::LaunchPlan& lp = *entry.launchPlan();
  const std::string owner = fmt::format("launch plan `{}`", lp.id().name());
  const admin::LaunchPlanSpec& spec = lp.spec();
  const admin::WorkflowSpec* wf = index.workflow(spec.workflow_id());
  if (!wf) {
    diags.reportAtPath(diag::warn_package_missing_reference, where, "workflow", spec.workflow_id().name(), owner);
    return;
  }
  const core::VariableMap& inputs = wf->template_().interface().inputs();
  const auto& defaults = spec.default_inputs().parameters();
  const auto& fixed = spec.fixed_inputs().literals();
  if (inputs.variables().empty()) {
    if (!defaults.empty())
      diags.reportAtPath(diag::err_package_defaults_without_workflow_inputs, where, owner, defaults.size(),
                         spec.workflow_id().name());
    if (!fixed.empty())
      diags.reportAtPath(diag::err_package_fixed_without_workflow_inputs, where, owner, fixed.size(),
                         spec.workflow_id().name());
    if (!defaults.empty() || !fixed.empty()) return;
  }
  bool inputsOk = true;
  for (const auto& [name, p] : defaults) {
    auto w = inputs.variables().find(name);
    if (w == inputs.variables().end()) {
      diags.reportAtPath(diag::err_package_default_not_workflow_input, where, owner, name, spec.workflow_id().name());
      inputsOk = false;
    } else if (!idl::flyteCanAssign(idl::fromProto(p.var().type()), idl::fromProto(w->second.type()))) {
      diags.reportAtPath(diag::err_package_binding_type, where, owner, fmt::format("default input `{}`", name),
                         typeName(p.var().type()), fmt::format("workflow input `{}`", name), typeName(w->second.type()));
      inputsOk = false;
    }
  }
  for (const auto& [name, lit] : fixed) {
    auto w = inputs.variables().find(name);
    if (w == inputs.variables().end()) {
      diags.reportAtPath(diag::err_package_fixed_not_workflow_input, where, owner, name, spec.workflow_id().name());
      inputsOk = false;
      continue;
    }
    auto t = flyteTypeOfLiteral(lit);
    if (!t || !idl::flyteCanAssign(*t, idl::fromProto(w->second.type()))) {
      diags.reportAtPath(diag::err_package_binding_type, where, owner, fmt::format("fixed input `{}`", name),
                         t ? t->str() : "unrecognized", fmt::format("workflow input `{}`", name),
                         typeName(w->second.type()));
      inputsOk = false;
    }
  }
  if (!inputsOk || !spec.has_entity_metadata() || !spec.entity_metadata().has_schedule()) return;

  const admin::Schedule& s = spec.entity_metadata().schedule();
  // flyteadmin still reads the deprecated `cron_expression`, so flytec does too.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  const std::string legacyCron = s.cron_expression();
#pragma GCC diagnostic pop
  const bool scheduled = !legacyCron.empty() || s.has_rate() || s.has_cron_schedule();
  if (!scheduled) return;
  core::ParameterMap expected = expectedLaunchPlanInputs(inputs, spec);
  const std::string& kickoff = s.kickoff_time_input_arg();
  for (const auto& [name, p] : expected.parameters())
    if (p.required() && name != kickoff)
      diags.reportAtPath(diag::err_package_invalid_schedule, where, owner, name);
  if (!kickoff.empty()) {
    auto k = expected.parameters().find(kickoff);
    if (k == expected.parameters().end())
      diags.reportAtPath(diag::err_package_kickoff_not_free_input, where, owner, kickoff);
    else if (!(k->second.var().type().has_simple() && k->second.var().type().simple() == core::DATETIME))
      diags.reportAtPath(diag::err_package_kickoff_not_datetime, where, owner, kickoff,
                         typeName(k->second.var().type()));
  }
  const std::string cron = !legacyCron.empty()          ? legacyCron
                           : s.has_cron_schedule()       ? s.cron_schedule().schedule()
                                                         : "";
  if (!cron.empty()) {
    idl::CronParse parsed = idl::parseCronStandard(cron);
    if (!parsed)
      diags.reportAtPath(diag::err_package_invalid_cron, where, owner, cron, parsed.error.message);
  }
  if (s.has_rate() && s.rate().value() <= 0)
    diags.reportAtPath(diag::warn_package_fixed_rate_not_positive, where, owner, s.rate().value());
}

}  // namespace flytec::tc::pkg
