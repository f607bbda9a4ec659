// Names that reach Kubernetes objects unchanged. Of the names a task or node
// puts into a pod, Flyte sanitises or generates all but one (flyteorg/flyte
// v1.16.5): pod names are generated from the execution and node ids, a
// container name that is not a DNS-1123 label is replaced by a random one
// (flyteplugins/go/tasks/pluginmachinery/flytek8s/container_helper.go:241-246),
// and label values go through SanitizeLabelValue
// (flytepropeller/pkg/utils/k8s.go:103-111). Environment variable names are
// copied as written (flyteplugins/go/tasks/pluginmachinery/flytek8s/utils.go:12-18),
// and the API server validates them (k8s.io/apimachinery
// pkg/util/validation/validation.go, IsRelaxedEnvVarName and IsEnvVarName):
//  - E1104: what every Kubernetes version rejects: an empty name, `=`, or a
//    character that is not printable ASCII;
//  - W1105: what clusters without RelaxedEnvironmentVariableValidation still
//    reject: anything but `[-._a-zA-Z][-._a-zA-Z0-9]*`, and `.`, `..` or a
//    `..` prefix.
#include <cctype>
#include <optional>
#include <string>

#include "rules/block_entries.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

/// E1104 when the API server refuses `e`'s name (IsRelaxedEnvVarName).
bool reportRelaxedProblem(const Entry& e, DiagnosticEngine& diags) {
  const std::string& name = e.name();
  if (name.empty()) {
    diags.report(diag::err_env_name_empty, e.key->range, name);
    return true;
  }
  for (unsigned char c : name) {
    if (c == '=') {
      diags.report(diag::err_env_name_refused, e.key->range, name);
      return true;
    }
    if (c < 0x20 || c > 0x7e) {
      diags.report(diag::err_env_name_not_printable, e.key->range, name);
      return true;
    }
  }
  return false;
}

/// W1105 when only clusters with the older, strict validation refuse it.
void reportStrictProblem(const Entry& e, DiagnosticEngine& diags) {
  const std::string& name = e.name();
  auto allowed = [](unsigned char c, bool first) {
    return std::isalpha(c) || c == '-' || c == '.' || c == '_' || (!first && std::isdigit(c));
  };
  for (size_t i = 0; i < name.size(); ++i) {
    if (allowed(static_cast<unsigned char>(name[i]), i == 0)) continue;
    if (i == 0 && std::isdigit(static_cast<unsigned char>(name[0])))
      diags.report(diag::warn_env_name_strict_leading_digit, e.key->range, name);
    else
      diags.report(diag::warn_env_name_refused_strict, e.key->range, name, name.substr(i, 1));
    return;
  }
  if (name == "." || name == ".." || name.rfind("..", 0) == 0)
    diags.report(diag::warn_env_name_strict_dots, e.key->range, name);
}

void checkEnvNames(const ast::TaskDecl& task, DiagnosticEngine& diags) {
  // entriesOf returns a vector by value: keep it alive while `env` points
  // into it.
  const std::vector<Entry> fields = entriesOf(task.body);
  const Entry* env = findEntry(fields, "env");
  auto* dict = env ? llvm::dyn_cast_or_null<ast::DictExpr>(env->value) : nullptr;
  if (!dict) return;  // task_fields.cpp reports the shape
  for (const Entry& e : entriesOf(*dict))
    if (!reportRelaxedProblem(e, diags)) reportStrictProblem(e, diags);
}

}  // namespace

void checkKubeNames(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& e : model.entities)
    if (auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl); task && options.checks(e.get()))
      checkEnvNames(*task, diags);
}

}  // namespace flytec::tc
