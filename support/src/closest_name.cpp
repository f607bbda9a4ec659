// See closest_name.h.
#include "support/closest_name.h"

#include <climits>

namespace flytec::support {

std::string closestName(std::string_view name, const std::vector<std::string>& candidates,
                        llvm::function_ref<unsigned(llvm::StringRef candidate)> maxDistance) {
  std::string best;
  unsigned bestDistance = UINT_MAX;
  for (const std::string& c : candidates) {
    unsigned limit = maxDistance(c);
    unsigned d = llvm::StringRef(name).edit_distance(c, /*AllowReplacements=*/true, limit + 1);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

}  // namespace flytec::support
