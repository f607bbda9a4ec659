// How `check` and the language server tune its allocator (mimalloc in the normal build, see
// cmake/Dependencies.cmake); without mimalloc this does nothing.
#pragma once

#include <string>
#include <vector>

namespace flytec::driver {

/// Before checking `sources`: when they are large (1 MiB or more in all),
/// pages that become free go back to the OS at once instead of after
/// mimalloc's 25 ms delay. Parse trees are freed item by item; with the
/// delay their pages stayed resident while the AST and model grew, and a
/// 100k-line check peaked anywhere from 58 to 69 MB (65 MB with -j1); at
/// once, 56.5-57.1 MB every time, in the same wall time. Small inputs keep
/// the delay: there the re-faulting cost 1 ms of a 11 ms check.
void tuneAllocatorForSources(const std::vector<std::string>& sources);

/// For the language server, once its open documents are large
/// (lsp_server.h kLargeDocuments): it re-checks on every edit, and each
/// check's freed trees sat in mimalloc's delay while the next one grew. With
/// pages returned at once its peak RSS after 20 edits of a 50,000-line file
/// went from 2.06x to 1.86x `check`'s (bench/lsp/memory.py). Small documents
/// keep the delay: there returning and re-faulting the pages was a third of
/// every check's CPU time (bench/README.md, "Language server latency").
void returnFreedPagesAtOnce();

}  // namespace flytec::driver
