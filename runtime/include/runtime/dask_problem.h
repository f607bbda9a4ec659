// Why Dask cannot be used, as a reason and its values: `--dask`'s argument,
// the Python toolchain (dask_toolchain.h), starting the bridge and its first
// answer (dask_executor.h). The catalogue words each reason: E1011 for
// `--dask`, E1004 when a Dask task finds no toolchain (reportDaskTaskProblem).
// It does not find anything out; the producers fill it in.
#pragma once

#include <string>
#include <utility>

#include "diagnostics/diagnostic_engine.h"

namespace flytec::rt {

struct DaskProblem {
  enum class Reason {
    // `--dask`'s argument; `value`: the argument.
    BadLocalTarget,      ///< `local:` without a count N >= 1
    BadSchedulerTarget,  ///< neither `local:N` nor HOST:PORT
    // The toolchain (also E1004 for a Dask task).
    PythonCannotImport,      ///< `value`: the --dask-python interpreter
    NoPythonFound,           ///< none tried
    NoPythonFoundTried,      ///< `value`: the interpreters tried, space-separated
    ScriptsDirUncreatable,   ///< `value`: the directory; `detail`: the OS error
    ScriptUnwritable,        ///< `value`: the script's path; `detail`: the writer's error
    // Starting the bridge.
    PipeFailed,              ///< `detail`: the OS error
    BridgeSpawnFailed,       ///< `value`: the interpreter; `detail`: the OS error
    // Waiting for its first answer; `target` says what was reached.
    BridgeDidNotStart,       ///< `value`: the interpreter; `detail`: the seconds allowed
    CodeInstallTimedOut,     ///< `detail`: the seconds allowed
    ConnectTimedOut,         ///< `detail`: the seconds allowed
    BridgeExited,            ///< nothing in its log
    BridgeExitedSaying,      ///< `detail`: the end of its log
    UnexpectedReply,         ///< `detail`: the line it sent
    // The bridge's `error` answer (its `reason`).
    SchedulerUnreachable,    ///< `value`: address; `detail`: seconds; `extra`: the exception's text
    CodeInstallFailed,       ///< `value`: address; `detail`: exception type; `extra`: its text
    StageNeverNoWorkers,     ///< `value`: address
    StageNeverNotShared,     ///< `value`: the probed directory; `detail`: each worker and what it saw
  };
  DaskProblem() = default;
  /// A reason with its values, in the order the reason's comment names them.
  DaskProblem(Reason r, std::string value = {}, std::string detail = {}, std::string extra = {})
      : reason(r), value(std::move(value)), detail(std::move(detail)), extra(std::move(extra)) {}

  Reason reason = Reason::BadSchedulerTarget;
  std::string value, detail, extra;
  /// What the bridge was to reach, for the reasons while waiting: the
  /// scheduler's address, or the worker count of `local:N` when `local`.
  std::string target;
  bool local = false;
};

/// E1011 for `problem`, at `path`.
void reportDaskUnavailable(DiagnosticEngine& diags, const std::string& path, const DaskProblem& problem);

/// E1004 for Dask task `task`, which found no toolchain (`problem` is one
/// of the toolchain's reasons).
void reportDaskTaskProblem(DiagnosticEngine& diags, const std::string& path, const std::string& task,
                           const DaskProblem& problem);

}  // namespace flytec::rt
