// Says what each diagnostic is about: the top-level declaration (entity) and,
// inside a workflow body, the node. SARIF prints them as logical locations
// and baseline fingerprints use them instead of line numbers, so a finding
// keeps its identity when unrelated lines move. Phases report a range, not a
// subject; this derives the subject afterwards:
//   - source diagnostics: the declaration whose range holds the start of the
//     diagnostic's range, and the workflow node whose range holds it;
//   - package diagnostics (a path, no range): the message's leading
//     "task `x`" / "workflow `x`[, node `n`]" / "launch plan `x`", which is
//     how family 09 messages name their subject.
// Diagnostics outside any declaration (imports, the file itself) keep empty
// subjects. Nothing is reported here.
#pragma once

#include <vector>

#include "diagnostics/diagnostic.h"
#include "frontend/module_graph.h"

namespace flytec {

/// Fills entityKind, entity and node of every diagnostic in `diags`.
void attachSubjects(std::vector<Diagnostic>& diags, const ModuleGraph& program);

}  // namespace flytec
