// Replacing a file so that nothing is ever half-written (the README's rule:
// outputs go to a temporary file that is renamed into place). One helper for
// every writer that replaces a single file — `check --fixit`, `fmt`,
// `--write-baseline`, `graph -o`, the runtime's trace and bridge script — so
// they agree on how: a unique temporary file beside the target, the target's
// permissions kept when it exists, a symbolic link followed (the link stays,
// its target changes), the temporary removed on any failure. It does not
// write directories or archives (backend/package_writer.h does).
#pragma once

#include <string>
#include <string_view>

namespace flytec {

/// Write `data` to `path` through a temporary file and a rename. On failure
/// returns false, sets `error` to the reason alone (lower-case, for
/// E0004's "cannot write 'PATH': REASON"), and leaves `path` as it was.
bool writeFileAtomically(const std::string& path, std::string_view data, std::string& error);

}  // namespace flytec
