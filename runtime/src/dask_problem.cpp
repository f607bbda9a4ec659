// E1011 and E1004's wording for each reason Dask cannot be used (see
// dask_problem.h): the reason picks the catalogue's message, the values fill it.
#include "runtime/dask_problem.h"

namespace flytec::rt {

namespace {

using Reason = DaskProblem::Reason;

/// The reasons that arise while waiting for the bridge's first answer,
/// worded for a scheduler's address or for `local:N`.
void reportWhileConnecting(DiagnosticEngine& diags, const std::string& path, const DaskProblem& p) {
  const std::string& t = p.target;
  switch (p.reason) {
    case Reason::BridgeDidNotStart:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_bridge_did_not_start, path, t, p.value, p.detail);
      else diags.reportAtPath(diag::err_dask_connect_bridge_did_not_start, path, t, p.value, p.detail);
      return;
    case Reason::CodeInstallTimedOut:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_code_install_timed_out, path, t, p.detail);
      else diags.reportAtPath(diag::err_dask_connect_code_install_timed_out, path, t, p.detail);
      return;
    case Reason::ConnectTimedOut:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_timed_out, path, t, p.detail);
      else diags.reportAtPath(diag::err_dask_connect_timed_out, path, t, p.detail);
      return;
    case Reason::BridgeExited:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_bridge_exited, path, t);
      else diags.reportAtPath(diag::err_dask_connect_bridge_exited, path, t);
      return;
    case Reason::BridgeExitedSaying:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_bridge_exited_saying, path, t, p.detail);
      else diags.reportAtPath(diag::err_dask_connect_bridge_exited_saying, path, t, p.detail);
      return;
    case Reason::UnexpectedReply:
      if (p.local) diags.reportAtPath(diag::err_dask_local_connect_unexpected_reply, path, t, p.detail);
      else diags.reportAtPath(diag::err_dask_connect_unexpected_reply, path, t, p.detail);
      return;
    default: return;
  }
}

}  // namespace

void reportDaskUnavailable(DiagnosticEngine& diags, const std::string& path, const DaskProblem& p) {
  switch (p.reason) {
    case Reason::BadLocalTarget: diags.reportAtPath(diag::err_dask_target_not_local_n, path, p.value); return;
    case Reason::BadSchedulerTarget: diags.reportAtPath(diag::err_dask_target_not_address, path, p.value); return;
    case Reason::PythonCannotImport: diags.reportAtPath(diag::err_dask_python_cannot_import, path, p.value); return;
    case Reason::NoPythonFound: diags.reportAtPath(diag::err_dask_python_not_found, path); return;
    case Reason::NoPythonFoundTried: diags.reportAtPath(diag::err_dask_python_not_found_tried, path, p.value); return;
    case Reason::ScriptsDirUncreatable:
      diags.reportAtPath(diag::err_dask_scripts_dir_uncreatable, path, p.value, p.detail);
      return;
    case Reason::ScriptUnwritable: diags.reportAtPath(diag::err_dask_script_unwritable, path, p.value, p.detail); return;
    case Reason::PipeFailed: diags.reportAtPath(diag::err_dask_bridge_pipe_failed, path, p.detail); return;
    case Reason::BridgeSpawnFailed:
      diags.reportAtPath(diag::err_dask_bridge_spawn_failed, path, p.value, p.detail);
      return;
    case Reason::SchedulerUnreachable:
      diags.reportAtPath(diag::err_dask_scheduler_unreachable, path, p.value, p.detail, p.extra);
      return;
    case Reason::CodeInstallFailed:
      diags.reportAtPath(diag::err_dask_code_install_failed, path, p.value, p.detail, p.extra);
      return;
    case Reason::StageNeverNoWorkers: diags.reportAtPath(diag::err_dask_stage_never_no_workers, path, p.value); return;
    case Reason::StageNeverNotShared:
      diags.reportAtPath(diag::err_dask_stage_never_not_shared, path, p.value, p.detail);
      return;
    default: reportWhileConnecting(diags, path, p); return;
  }
}

void reportDaskTaskProblem(DiagnosticEngine& diags, const std::string& path, const std::string& task,
                           const DaskProblem& p) {
  switch (p.reason) {
    case Reason::PythonCannotImport:
      diags.reportAtPath(diag::err_dask_task_python_cannot_import, path, task, p.value);
      return;
    case Reason::NoPythonFound: diags.reportAtPath(diag::err_dask_task_python_not_found, path, task); return;
    case Reason::NoPythonFoundTried:
      diags.reportAtPath(diag::err_dask_task_python_not_found_tried, path, task, p.value);
      return;
    case Reason::ScriptsDirUncreatable:
      diags.reportAtPath(diag::err_dask_task_scripts_dir_uncreatable, path, task, p.value, p.detail);
      return;
    case Reason::ScriptUnwritable:
      diags.reportAtPath(diag::err_dask_task_script_unwritable, path, task, p.value, p.detail);
      return;
    default:  // not a toolchain reason (none reaches here): still say why, never nothing
      reportDaskUnavailable(diags, path, p);
      return;
  }
}

}  // namespace flytec::rt
