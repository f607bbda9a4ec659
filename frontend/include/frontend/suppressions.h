// `# flytec: ignore[W0409, W0706]`: suppressing named warnings on one line.
//   - a trailing comment applies to its own line; a comment alone on its line
//     applies to the next line that holds code (comments and doc comments in
//     between are skipped);
//   - a diagnostic is suppressed when its code is listed and its range starts
//     on that line; notes follow their diagnostic;
//   - only warnings can be suppressed (as with clang's diagnostic pragmas):
//     a warning promoted by -Werror / -Werror=CODE still can, an error code
//     cannot;
//   - text after `]` is free (a reason, a -verify directive).
// Problems with the comments are warnings themselves, reported at the
// comment after suppressing: W0010 for listed codes nothing matched (with a
// certain fix-it deleting the comment, or just the unused codes), W0011 for
// unknown or error codes and malformed lists. A code disabled by -Wno-CODE
// never counts as unused. Comments are found with the lexer, so `#` inside a
// string is not one. This file does not handle baselines (baseline.h).
#pragma once

#include "diagnostics/diagnostic_engine.h"
#include "frontend/module_graph.h"

namespace llvm { class SourceMgr; }

namespace flytec {

/// Applies every `flytec: ignore[...]` comment of the parsed files in
/// `program` to the diagnostics in `diags`, then reports W0010 / W0011.
void applySuppressions(DiagnosticEngine& diags, const ModuleGraph& program, const llvm::SourceMgr& sm);

}  // namespace flytec
