// See engine_reports.h.
#include "engine_reports.h"

namespace flytec::rt {

namespace {

/// E1012: how the bridge ended picks the wording.
void reportBridgeDied(DiagnosticEngine& diags, const std::string& path, const Executor::Failure& f) {
  using Ending = Executor::Failure::Ending;
  switch (f.ending) {
    case Ending::ExitStatus:
      if (f.lastWords.empty())
        diags.reportAtPath(diag::err_dask_bridge_exited_with_status, path, f.pid, f.python, f.status, f.inFlight,
                           f.log);
      else
        diags.reportAtPath(diag::err_dask_bridge_exited_with_status_saying, path, f.pid, f.python, f.status,
                           f.inFlight, f.log, f.lastWords);
      return;
    case Ending::Signal:
      diags.reportAtPath(diag::err_dask_bridge_killed, path, f.pid, f.python, f.status, f.signalName, f.inFlight,
                         f.log);
      return;
    case Ending::Exited:
      diags.reportAtPath(diag::err_dask_bridge_gone, path, f.pid, f.python, f.inFlight, f.log);
      return;
    case Ending::ClosedPipe:
      diags.reportAtPath(diag::err_dask_bridge_closed_pipe, path, f.pid, f.python, f.inFlight, f.log);
      return;
  }
}

/// One wording per BindingProblem reason, for a node's inputs or a
/// workflow's outputs.
struct BindingWordings {
  DiagKind<4> workflowInputMissing;
  DiagKind<5> nodeOutputMissing;
  DiagKind<4> indexNotList;
  DiagKind<5> indexOutOfRange;
  DiagKind<4> keyNotInDict;
  DiagKind<4> fieldNotInStruct;
  DiagKind<4> keyOnScalar;
  DiagKind<3> unsupportedKind;
};

/// E1007 for `node` with `w`'s wording of `p`; the attempt is 0 (none ran).
void reportBindingProblem(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                          const BindingProblem& p, const BindingWordings& w) {
  using Reason = BindingProblem::Reason;
  switch (p.reason) {
    case Reason::NoWorkflowInput: diags.reportAtPath(w.workflowInputMissing, path, node, 0, p.var, p.value); return;
    case Reason::NoNodeOutput:
      diags.reportAtPath(w.nodeOutputMissing, path, node, 0, p.var, p.value, p.detail);
      return;
    case Reason::IndexNotList: diags.reportAtPath(w.indexNotList, path, node, 0, p.var, p.value); return;
    case Reason::IndexOutOfRange:
      diags.reportAtPath(w.indexOutOfRange, path, node, 0, p.var, p.value, p.detail);
      return;
    case Reason::KeyNotInDict: diags.reportAtPath(w.keyNotInDict, path, node, 0, p.var, p.value); return;
    case Reason::FieldNotInStruct: diags.reportAtPath(w.fieldNotInStruct, path, node, 0, p.var, p.value); return;
    case Reason::KeyOnScalar: diags.reportAtPath(w.keyOnScalar, path, node, 0, p.var, p.value); return;
    case Reason::UnsupportedKind: diags.reportAtPath(w.unsupportedKind, path, node, 0, p.var); return;
  }
}

}  // namespace

void reportNodeInputUnresolved(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                               const BindingProblem& problem) {
  static constexpr BindingWordings kWordings{
      diag::err_node_input_workflow_input_missing, diag::err_node_input_node_output_missing,
      diag::err_node_input_index_not_list,         diag::err_node_input_index_out_of_range,
      diag::err_node_input_key_not_in_dict,        diag::err_node_input_field_not_in_struct,
      diag::err_node_input_key_on_scalar,          diag::err_node_input_unsupported_binding};
  reportBindingProblem(diags, path, node, problem, kWordings);
}

void reportWorkflowOutputUnresolved(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                                    const BindingProblem& problem) {
  static constexpr BindingWordings kWordings{
      diag::err_workflow_output_workflow_input_missing, diag::err_workflow_output_node_output_missing,
      diag::err_workflow_output_index_not_list,         diag::err_workflow_output_index_out_of_range,
      diag::err_workflow_output_key_not_in_dict,        diag::err_workflow_output_field_not_in_struct,
      diag::err_workflow_output_key_on_scalar,          diag::err_workflow_output_unsupported_binding};
  reportBindingProblem(diags, path, node, problem, kWordings);
}

void reportElementCountProblem(DiagnosticEngine& diags, const std::string& path, const std::string& node,
                               const ElementCountProblem& p) {
  if (p.first.empty())
    diags.reportAtPath(diag::err_map_without_list_input, path, node, 0);
  else
    diags.reportAtPath(diag::err_map_input_lengths_differ, path, node, 0, p.first, p.firstLength, p.other,
                       p.otherLength);
}

void reportExecutorFailure(DiagnosticEngine& diags, const std::string& path, const Executor::Failure& f) {
  if (f.kind == Executor::Failure::Kind::SchedulerLost)
    diags.reportAtPath(diag::err_dask_scheduler_lost, path, f.address, f.inFlight, f.clientStatus, f.log);
  else
    reportBridgeDied(diags, path, f);
}

}  // namespace flytec::rt
