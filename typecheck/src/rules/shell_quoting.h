// The quoting context of each byte of a `script` as `sh` reads it: outside
// quotes, inside '...' or inside "...". Placeholder rules need it: a `str`
// value outside double quotes is split and globbed (W0312), and a mapped
// path (`/var/inputs/X/$FLYTE_K8S_ARRAY_INDEX`) is not expanded inside single
// quotes (E0411).
//
// A plain state machine over quotes and backslashes, as POSIX sh tokenises
// words. It does not model `$'...'`, here-documents, comments, or quotes
// nested inside `$(...)` within double quotes; those are rare around
// placeholders and the rules built on it only warn or err on what it sees.
#pragma once

#include <string_view>
#include <vector>

namespace flytec::tc {

enum class ShellQuote { None, Single, Double };

/// The context of every byte of `script` (the quote characters themselves
/// count as outside).
std::vector<ShellQuote> shellQuoting(std::string_view script);

}  // namespace flytec::tc
