// How `check` and the language server tune its allocator (mimalloc in the normal build, see
// cmake/Dependencies.cmake); without mimalloc this does nothing.
#pragma once

#include <string>
#include <vector>

namespace flytec::driver {

/// Before checking `sources`: when they are large (1 MiB or more in all),
/// pages that become free go back to the OS at once instead of after
/// mimalloc's delay. Parse trees are freed item by item; with the delay
/// their pages stay resident while the AST and model grow, so the peak is
/// higher and varies from run to run. Small inputs keep the delay: there
/// re-faulting the pages costs more than it saves (bench/README.md, "Notes
/// moved from code comments").
void tuneAllocatorForSources(const std::vector<std::string>& sources);

/// For the language server, once its open documents are large
/// (lsp_server.h kLargeDocuments): it re-checks on every edit, and each
/// check's freed trees would sit in mimalloc's delay while the next one
/// grows, raising its peak. Small documents keep the delay: there returning
/// and re-faulting the pages costs more than it saves (bench/README.md,
/// "Language server latency").
void returnFreedPagesAtOnce();

/// For the language server from its start, while its documents are small:
/// freed pages stay with the allocator for a second, longer than the pause
/// between two keystrokes, so the pages one check frees serve the next check
/// instead of going back to the OS and faulting in again (mimalloc's 25 ms
/// default ran out between edits at typing pace; bench/README.md, "Fourteenth
/// session"). returnFreedPagesAtOnce() replaces it for large documents.
void keepFreedPagesBetweenEdits();

}  // namespace flytec::driver
