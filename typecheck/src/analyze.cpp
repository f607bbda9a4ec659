// `tc::analyze`: builds the SemanticModel of a loaded ModuleGraph (names, types,
// workflow nodes, map settings) and then runs every rule check of rules.h in
// a fixed order. It does not load or parse files (frontend/module_graph.h does)
// and it does not lower anything (backend/ does).
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

std::unique_ptr<SemanticModel> analyze(const ModuleGraph& program, DiagnosticEngine& diags,
                                       const CheckOptions& options) {
  auto model = std::make_unique<SemanticModel>();
  auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
  using Check = void (*)(const SemanticModel&, const CheckOptions&, DiagnosticEngine&);
  if (options.recordNames) model->names.enable();
  ModelBuilder(program, diags, *model).run();
  for (Check check : {checkTaskFields, checkPlaceholders, checkResources, checkDask, checkWorkflowGraph,
                      checkClusterData, checkLaunchPlans, checkClusterFit, checkKubeNames}) {
    if (cancelled()) break;  // stale work: the caller drops the result
    check(*model, options, diags);
  }
  model->names.finish();
  return model;
}

}  // namespace flytec::tc
