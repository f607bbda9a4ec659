// `tc::analyze`: builds the SemanticModel of a loaded ModuleGraph (names, types,
// workflow nodes, map settings) and then runs every rule check of rules.h in
// a fixed order. It does not load or parse files (frontend/module_graph.h does)
// and it does not lower anything (backend/ does).
#include <algorithm>
#include <atomic>

#include "incremental/incremental_rule_checks.h"
#include "model_builder.h"
#include "parallel_reports.h"
#include "typecheck/rules.h"

namespace flytec::tc {

void ModelBuilder::run() {
  declareNames();         // SemanticModel::names, when recorded
  declareEntities();      // entities, scopes, duplicates
  checkLoweredNames();    // E0204
  resolveInterfaces();    // structs, enums, inputs/outputs, launch-plan targets
  checkDefaults();        // parameter and struct-field defaults against their types
  buildWorkflows();       // nodes, arguments, map settings, returns
  checkLaunchPlanValues(); // launch-plan defaults and fixed values (rules/schedule_values.cpp)
}

namespace {

using Check = void (*)(const SemanticModel&, const CheckOptions&, DiagnosticEngine&);
constexpr Check kChecks[] = {checkTaskFields, checkPlaceholders,  checkResources,
                             checkDask,       checkWorkflowGraph, checkClusterData,
                             checkLaunchPlans, checkClusterFit,   checkKubeNames};

/// Below this many declarations the checks take less than starting threads.
constexpr size_t kParallelChecksFrom = 64;

bool cancelled(const CheckOptions& options) {
  return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

/// The checks on `threads` threads. The model is only read (its lazy node
/// indexes are completed first); the diagnostics are those of one thread
/// (parallel_reports.h), in the order of kChecks.
void runChecksInParallel(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags,
                         unsigned threads) {
  for (const auto& [decl, workflow] : model.workflows) workflow->completeIndex();
  auto makeWorker = [&] {
    return [&](size_t check, DiagnosticEngine& engine) { kChecks[check](model, options, engine); };
  };
  reportInParallel(std::size(kChecks), threads, diags, makeWorker, [&] { return cancelled(options); });
}

/// Every rule check, on several threads when the program is large enough.
void runChecks(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  unsigned threads = std::min<unsigned>(options.threads, std::size(kChecks));
  size_t declarations = options.onlyDeclarations ? options.onlyDeclarations->size() : model.entities.size();
  if (threads > 1 && declarations >= kParallelChecksFrom && !cancelled(options)) {
    runChecksInParallel(model, options, diags, threads);
    return;
  }
  for (Check check : kChecks) {
    if (cancelled(options)) break;  // stale work: the caller drops the result
    check(model, options, diags);
  }
}

}  // namespace

std::unique_ptr<SemanticModel> analyze(const ModuleGraph& program, DiagnosticEngine& diags,
                                       const CheckOptions& options) {
  auto model = std::make_unique<SemanticModel>();
  if (options.recordNames) model->names.enable();
  ModelBuilder(program, diags, *model, options.threads).run();
  if (options.ruleCache && !cancelled(options)) {
    IncrementalRuleChecks::run(*model, options, diags, [&](const CheckOptions& some, DiagnosticEngine& into) {
      runChecks(*model, some, into);
    });
  } else {
    runChecks(*model, options, diags);
  }
  model->names.finish();
  return model;
}

}  // namespace flytec::tc
