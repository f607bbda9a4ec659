// Command-line inputs (see run_inputs.h).
#include "runtime/run_inputs.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/JSON.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/input_examples.h"
#include "runtime/literal_parse.h"
#include "support/bounded_json.h"
#include "support/closest_name.h"

namespace flytec::rt {

using flyteidl::core::LiteralMap;

namespace {

/// E1003 for `name`, which `target` does not take: with the closest input
/// it has, else the list of its inputs.
void reportUnknownInput(DiagnosticEngine& diags, const std::string& diagPath, const std::string& targetName,
                        const std::string& name, const flyteidl::core::ParameterMap& params) {
  std::vector<std::string> names;
  for (const auto& [n, _] : params.parameters()) names.push_back(n);
  std::string best = support::closestName(name, names, [](llvm::StringRef) { return 2u; });
  std::string all;
  for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
  if (!best.empty())
    diags.reportAtPath(diag::err_run_unknown_input, diagPath, targetName, name).didYouMean(best);
  else if (all.empty())
    diags.reportAtPath(diag::err_run_unknown_input_no_inputs, diagPath, targetName, name);
  else
    diags.reportAtPath(diag::err_run_unknown_input_listed, diagPath, targetName, name, all);
}

/// Flyte's scheduler sets the kickoff input of each cron-scheduled execution
/// to the time it fires (flyteadmin/scheduler/executor/executor_impl.go:39-53);
/// a local run fires now, in UTC to the second.
void fillKickoffTime(const RunTarget& target, LiteralMap& given, std::vector<std::string>* notes) {
  const std::string& name = target.kickoffInput;
  if (name.empty() || given.literals().count(name) || target.fixed.literals().count(name)) return;
  auto param = target.parameters.parameters().find(name);
  if (param == target.parameters.parameters().end()) return;
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string error;
  auto lit = literalFromText(text, param->second.var().type(), ParseContext{{}, true, {}}, error);
  if (!lit) return;
  (*given.mutable_literals())[name] = std::move(*lit);
  if (notes)
    notes->push_back(reasonText(reason::kickoff_input_filled, name, target.name, text, name));
}

}  // namespace

std::optional<LiteralMap> parseRunInputs(const RunTarget& target, const std::vector<std::string>& assignments,
                                         const std::optional<std::string>& jsonFile, const std::filesystem::path& cwd,
                                         DiagnosticEngine& diags, const std::string& diagPath,
                                         std::vector<std::string>* notes) {
  LiteralMap given;
  bool ok = true;
  ParseContext ctx{cwd, true, {}};
  const auto& params = target.parameters.parameters();
  auto typeOf = [&](const std::string& name) -> const flyteidl::core::LiteralType* {
    auto it = params.find(name);
    if (it != params.end()) return &it->second.var().type();
    return nullptr;
  };
  auto unknown = [&](const std::string& name) {
    reportUnknownInput(diags, diagPath, target.name, name, target.parameters);
    ok = false;
  };
  if (jsonFile) {
    std::ifstream in(*jsonFile);
    std::stringstream ss;
    if (in) ss << in.rdbuf();
    if (!in) {
      diags.reportAtPath(diag::err_run_inputs_file_unreadable, diagPath, *jsonFile);
      return std::nullopt;
    }
    auto parsed = support::parseJson(widenHugeIntegers(ss.str()));
    if (!parsed) {
      diags.reportAtPath(diag::err_run_inputs_file_not_json, diagPath, *jsonFile, llvm::toString(parsed.takeError()));
      return std::nullopt;
    }
    if (!parsed->getAsObject()) {
      diags.reportAtPath(diag::err_run_inputs_file_not_object, diagPath, *jsonFile);
      return std::nullopt;
    }
    // Paths in the file are relative to the current directory, like --input.
    for (const auto& [k, v] : *parsed->getAsObject()) {
      std::string name = k.str();
      const auto* type = typeOf(name);
      if (!type) {
        unknown(name);
        continue;
      }
      std::string error;
      auto lit = literalFromJson(v, *type, ctx, error);
      if (!lit) {
        diags.reportAtPath(diag::err_run_inputs_file_value_invalid, diagPath, name, error, *jsonFile);
        ok = false;
        continue;
      }
      (*given.mutable_literals())[name] = std::move(*lit);
    }
  }
  for (const auto& a : assignments) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      diags.reportAtPath(diag::err_run_input_not_assignment, diagPath, a);
      ok = false;
      continue;
    }
    std::string name = a.substr(0, eq), text = a.substr(eq + 1);
    const auto* type = typeOf(name);
    if (!type) {
      unknown(name);
      continue;
    }
    std::string error;
    auto lit = literalFromText(text, *type, ctx, error);
    if (!lit) {
      diags.reportAtPath(diag::err_run_input_value_invalid, diagPath, name, error, typeName(*type), name,
                         exampleInput(*type));
      ok = false;
      continue;
    }
    (*given.mutable_literals())[name] = std::move(*lit);
  }
  if (!ok) return std::nullopt;
  fillKickoffTime(target, given, notes);
  std::vector<std::string> missing;
  std::string givenButFixed;
  LiteralMap inputs = launchPlanInputs(target.parameters, target.fixed, given, missing, givenButFixed);
  if (!givenButFixed.empty()) {
    diags.reportAtPath(diag::err_run_input_fixed_by_launch_plan, diagPath, givenButFixed);
    ok = false;
  }
  for (const auto& m : missing) {
    diags.reportAtPath(diag::err_run_missing_input, diagPath, m, target.name, typeName(params.at(m).var().type()));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return inputs;
}

}  // namespace flytec::rt
