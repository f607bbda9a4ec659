// Did-you-mean: the candidate nearest to a misspelt name. Each caller says how
// far a candidate may be (a short name tolerates fewer edits than a long
// one), so that every "did you mean" in flytec picks by the same rule: the
// smallest edit distance (a replacement is one edit), the first on a tie.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace flytec::support {

/// The candidate nearest to `name` among those at most
/// `maxDistance(candidate)` edits away; "" when none is that near.
std::string closestName(std::string_view name, const std::vector<std::string>& candidates,
                        llvm::function_ref<unsigned(llvm::StringRef candidate)> maxDistance);

}  // namespace flytec::support
