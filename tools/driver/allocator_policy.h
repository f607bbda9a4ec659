// How `check` tunes its allocator (mimalloc in the normal build, see
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

}  // namespace flytec::driver
