// See allocator_policy.h.
#include "allocator_policy.h"

#include <sys/stat.h>

#include <cstdlib>
#include <string_view>

#ifdef FLYTEC_MIMALLOC
#include <mimalloc.h>
#endif

namespace flytec::driver {

void tuneAllocatorForSources(const std::vector<std::string>& sources) {
#ifdef FLYTEC_MIMALLOC
  constexpr unsigned long long kLargeInput = 1ull << 20;
  unsigned long long total = 0;
  for (const std::string& path : sources) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) total += static_cast<unsigned long long>(st.st_size);
  }
  if (total >= kLargeInput) returnFreedPagesAtOnce();
#else
  (void)sources;
#endif
}

void returnFreedPagesAtOnce() {
#ifdef FLYTEC_MIMALLOC
  mi_option_set(mi_option_decommit_delay, 0);
#endif
}

}  // namespace flytec::driver

#ifdef FLYTEC_MIMALLOC
namespace {

/// Before main, so that mimalloc's first segment, allocated at the first
/// malloc of the process, is advised too (set later, the option only reaches
/// segments allocated after it). glibc passes constructors main's arguments.
/// A MIMALLOC_LARGE_OS_PAGES in the environment is the user's choice and wins.
__attribute__((constructor(101))) void useHugePagesForOneShotCommands(int argc, char** argv, char**) {
  if (argc < 2 || std::getenv("MIMALLOC_LARGE_OS_PAGES")) return;
  const std::string_view command = argv[1];
  if (command == "check" || command == "compile" || command == "fmt" || command == "graph")
    mi_option_enable(mi_option_large_os_pages);
}

}  // namespace
#endif
