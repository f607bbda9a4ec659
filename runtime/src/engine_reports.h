// The engine's diagnostics whose wording depends on a reason its producers
// return as values: the executor broke mid-run (E1012, E1022). The reason
// picks the catalogue's message; the values fill it. Not a public header.
#pragma once

#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "runtime/executor.h"

namespace flytec::rt {

/// E1012 (the bridge died) or E1022 (it lost its scheduler) for `failure`.
void reportExecutorFailure(DiagnosticEngine& diags, const std::string& path, const Executor::Failure& failure);

}  // namespace flytec::rt
