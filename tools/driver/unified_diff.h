// A line-based unified diff (`diff -u` format, 3 lines of context) for `flytec
// fmt --check`. Myers' O((N+M)D) algorithm on the lines between the common
// prefix and suffix. It does not detect moves or compare within lines.
#pragma once

#include <string>
#include <string_view>

namespace flytec::driver {

/// The unified diff turning `before` into `after`, headed `--- a/PATH` and
/// `+++ b/PATH`; empty when the texts are equal.
std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace flytec::driver
