// E1011 and E1004's wording for each reason Dask cannot be used (see
// dask_problem.h): the reason picks the catalogue's message, the values fill it.
#include "runtime/dask_problem.h"

namespace flytec::rt {

namespace {

using Reason = DaskProblem::Reason;

/// Reports `local` or `remote`, the same reason worded for `local:N` or for
/// a scheduler's address.
template <unsigned N, typename... Args>
void reportEither(bool local, DiagKind<N> localKind, DiagKind<N> remote, DiagnosticEngine& diags,
                  const std::string& path, const Args&... args) {
  diags.reportAtPath(local ? localKind : remote, path, args...);
}

/// The reasons that arise while waiting for the bridge's first answer,
/// worded for a scheduler's address or for `local:N`.
void reportWhileConnecting(DiagnosticEngine& diags, const std::string& path, const DaskProblem& p) {
  const std::string& t = p.target;
  switch (p.reason) {
    case Reason::BridgeDidNotStart:
      return reportEither(p.local, diag::err_dask_local_connect_bridge_did_not_start,
                          diag::err_dask_connect_bridge_did_not_start, diags, path, t, p.value, p.detail);
    case Reason::CodeInstallTimedOut:
      return reportEither(p.local, diag::err_dask_local_connect_code_install_timed_out,
                          diag::err_dask_connect_code_install_timed_out, diags, path, t, p.detail);
    case Reason::ConnectTimedOut:
      return reportEither(p.local, diag::err_dask_local_connect_timed_out, diag::err_dask_connect_timed_out, diags,
                          path, t, p.detail);
    case Reason::BridgeExited:
      return reportEither(p.local, diag::err_dask_local_connect_bridge_exited, diag::err_dask_connect_bridge_exited,
                          diags, path, t);
    case Reason::BridgeExitedSaying:
      return reportEither(p.local, diag::err_dask_local_connect_bridge_exited_saying,
                          diag::err_dask_connect_bridge_exited_saying, diags, path, t, p.detail);
    case Reason::UnexpectedReply:
      return reportEither(p.local, diag::err_dask_local_connect_unexpected_reply,
                          diag::err_dask_connect_unexpected_reply, diags, path, t, p.detail);
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
