// How `check` and the language server tune its allocator (mimalloc in the normal build, see
// cmake/Dependencies.cmake); without mimalloc this does nothing.
#pragma once

#include <string>
#include <vector>

namespace flytec::driver {

// Not a function to call: before main, `check`, `compile`, `fmt` and `graph`
// let mimalloc advise the kernel to back its segments, every thread's, with
// transparent huge pages (mi_option_large_os_pages, i.e.
// madvise(MADV_HUGEPAGE)). These commands build their whole tree and model
// once and exit, so most of their memory is touched for the first time, and
// a fault per 4 KiB page was a fifth of their time (bench/README.md, "Huge
// pages for one-shot commands"). The cost is a few MB of peak RSS. `run`
// forks task processes and `lsp` lives long and re-checks in place, so they
// keep 4 KiB pages. MIMALLOC_* variables in the environment win.

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

}  // namespace flytec::driver
