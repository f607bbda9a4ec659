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

/// Sets `option` to `value` unless the user set it in the environment.
void setUnlessInEnvironment(mi_option_t option, const char* variable, long value) {
  if (!std::getenv(variable)) mi_option_set(option, value);
}

/// Before main, so that mimalloc's first segment, allocated at the first
/// malloc of the process, is advised too (set later, the options only reach
/// segments allocated after them). glibc passes constructors main's
/// arguments. Each thread's first segment is committed at once as well
/// (eager_commit_delay 0): by default mimalloc commits the first segment of
/// every thread but the first lazily and never advises it, so the parser and
/// checker threads still took 4 KiB faults.
__attribute__((constructor(101))) void useHugePagesForOneShotCommands(int argc, char** argv, char**) {
  if (argc < 2) return;
  const std::string_view command = argv[1];
  if (command != "check" && command != "compile" && command != "fmt" && command != "graph") return;
  setUnlessInEnvironment(mi_option_large_os_pages, "MIMALLOC_LARGE_OS_PAGES", 1);
  setUnlessInEnvironment(mi_option_eager_commit_delay, "MIMALLOC_EAGER_COMMIT_DELAY", 0);
}

}  // namespace
#endif
