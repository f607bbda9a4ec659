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

}  // namespace

void reportExecutorFailure(DiagnosticEngine& diags, const std::string& path, const Executor::Failure& f) {
  if (f.kind == Executor::Failure::Kind::SchedulerLost)
    diags.reportAtPath(diag::err_dask_scheduler_lost, path, f.address, f.inFlight, f.clientStatus, f.log);
  else
    reportBridgeDied(diags, path, f);
}

}  // namespace flytec::rt
