// Cycles in a workflow's dependency graph (spec §7, E0704). A node waits for
// the nodes it reads (data) and the nodes its `after` list names; data reads
// may only reach nodes defined above (E0705, reported by the model builder,
// and not followed here), so every cycle found here runs through at least
// one `after`, and a node listed in its own `after` is a cycle of one.
//
// Each strongly connected component is reported once, as one concrete cycle
// in order starting at its first node (in source order) with an `after`
// into the cycle; every other step of the cycle gets a note. It does not
// report unknown names in `after` (the model builder's E0201).
#pragma once

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"

namespace flytec::tc {

/// Reports E0704 for every cycle among the nodes of `wf`.
void reportAfterCycles(const ast::WorkflowDecl& wf, DiagnosticEngine& diags);

}  // namespace flytec::tc
