// See allocator_policy.h.
#include "allocator_policy.h"

#include <sys/stat.h>

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

void keepFreedPagesBetweenEdits() {
#ifdef FLYTEC_MIMALLOC
  mi_option_set(mi_option_decommit_delay, 1000);
#endif
}

}  // namespace flytec::driver
