// Quick fixes: one per fix-it of each diagnostic of the document whose lines
// touch the requested range (the cursor anywhere on a diagnostic's line). The fix-it is the same object `check` prints
// and `--fixit` applies (Diagnostic.fixits), so the three can never disagree.
// Byte ranges only; the server turns them into WorkspaceEdits.
#pragma once

#include <string>
#include <vector>

#include "analysis.h"

namespace flytec::lsp {

struct QuickFix {
  std::string title;
  const Diagnostic* diagnostic;  ///< the diagnostic it fixes (in the Analysis)
  const FixIt* fixit;
};

/// Fixes for diagnostics of the document whose lines overlap bytes [begin, end].
std::vector<QuickFix> quickFixes(const Analysis& a, size_t begin, size_t end);

}  // namespace flytec::lsp
