// `tc::analyze`: builds the SemanticModel of a loaded ModuleGraph (names, types,
// workflow nodes, map settings) and then runs every rule check of rules.h in
// a fixed order. It does not load or parse files (frontend/module_graph.h does)
// and it does not lower anything (backend/ does).
#include <algorithm>
#include <atomic>
#include <thread>

#include "model_builder.h"
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
/// indexes are completed first); each check reports into an engine of its
/// own with the warning options and no error limit, and the engines join
/// `diags` in the order of kChecks, where the limit applies as it would have.
void runChecksInParallel(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags,
                         unsigned threads) {
  for (const auto& [decl, workflow] : model.workflows) workflow->completeIndex();
  DiagnosticOptions own = diags.options();
  own.maxErrors = 0;
  std::vector<std::vector<Diagnostic>> found(std::size(kChecks));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < std::size(kChecks);) {
      if (cancelled(options)) return;
      DiagnosticEngine engine(own);
      kChecks[i](model, options, engine);
      found[i] = std::move(engine.diagnostics());
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (std::vector<Diagnostic>& each : found)
    for (Diagnostic& d : each) diags.absorb(std::move(d));
}

}  // namespace

std::unique_ptr<SemanticModel> analyze(const ModuleGraph& program, DiagnosticEngine& diags,
                                       const CheckOptions& options) {
  auto model = std::make_unique<SemanticModel>();
  if (options.recordNames) model->names.enable();
  ModelBuilder(program, diags, *model, options.threads).run();
  unsigned threads = std::min<unsigned>(options.threads, std::size(kChecks));
  if (threads > 1 && model->entities.size() >= kParallelChecksFrom && !cancelled(options)) {
    runChecksInParallel(*model, options, diags, threads);
  } else {
    for (Check check : kChecks) {
      if (cancelled(options)) break;  // stale work: the caller drops the result
      check(*model, options, diags);
    }
  }
  model->names.finish();
  return model;
}

}  // namespace flytec::tc
