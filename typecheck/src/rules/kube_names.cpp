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

std::optional<std::string> relaxedProblem(const std::string& name) {
  if (name.empty()) return "it is empty";
  for (unsigned char c : name) {
    if (c == '=') return "it contains `=`";
    if (c < 0x20 || c > 0x7e) return "it contains a character that is not printable ASCII";
  }
  return std::nullopt;
}

std::optional<std::string> strictProblem(const std::string& name) {
  auto allowed = [](unsigned char c, bool first) {
    return std::isalpha(c) || c == '-' || c == '.' || c == '_' || (!first && std::isdigit(c));
  };
  for (size_t i = 0; i < name.size(); ++i)
    if (!allowed(static_cast<unsigned char>(name[i]), i == 0))
      return i == 0 && std::isdigit(static_cast<unsigned char>(name[0])) ? std::string("it starts with a digit")
                                                                       : "it contains `" + name.substr(i, 1) + "`";
  if (name == "." || name == ".." || name.rfind("..", 0) == 0) return std::string("it is `.` or starts with `..`");
  return std::nullopt;
}

void checkEnvNames(const ast::TaskDecl& task, DiagnosticEngine& diags) {
  // entriesOf returns a vector by value: keep it alive while `env` points
  // into it.
  const std::vector<Entry> fields = entriesOf(task.body);
  const Entry* env = findEntry(fields, "env");
  auto* dict = env ? llvm::dyn_cast_or_null<ast::DictExpr>(env->value) : nullptr;
  if (!dict) return;  // task_fields.cpp reports the shape
  for (const Entry& e : entriesOf(*dict)) {
    if (std::optional<std::string> why = relaxedProblem(e.name()))
      diags.report(diag::err_env_name_refused, e.key->range, e.name(), *why);
    else if (std::optional<std::string> old = strictProblem(e.name()))
      diags.report(diag::warn_env_name_refused_strict, e.key->range, e.name(), *old);
  }
}

}  // namespace

void checkKubeNames(const SemanticModel& model, const CheckOptions&, DiagnosticEngine& diags) {
  for (const auto& e : model.entities)
    if (auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl)) checkEnvNames(*task, diags);
}

}  // namespace flytec::tc
