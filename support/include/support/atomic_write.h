// The one output writer of flytec (docs/outputs.md). Every command that
// writes a single file goes through it — `check --fixit`, `fmt`,
// `--write-baseline`, `graph -o`, `run --trace`, `compile -o X.tgz/.tar`,
// the runtime's bridge script and trace — so they all treat what is already
// at the path the same way:
//   * absent or a regular file: a unique temporary sibling is written and
//     renamed into place (an existing file's permission bits kept); on any
//     failure the temporary is removed and the path is as it was;
//   * a symbolic link: followed (a chain too); its final target is written by
//     these same rules and the link stays a link. A dangling link's target is
//     created, as the shell's `>` would;
//   * a character device, a FIFO or a socket: the data is written into it
//     (never truncated, created or renamed over). A FIFO with no reader is
//     "no reader" after a short wait, never a hang;
//   * a directory, a block device or anything else: refused, path untouched.
// It does not write directories (directory_replace.h does).
#pragma once

#include <string>
#include <string_view>

namespace flytec::support {

/// How long a FIFO may go without a reader before the write fails.
inline constexpr int kFifoReaderWaitMs = 3000;

/// Writes `data` to `path` as described above. On failure returns false and
/// sets `error` to the reason alone (lower-case, for E0004's
/// "cannot write 'PATH': REASON").
bool writeFileAtomically(const std::string& path, std::string_view data, std::string& error);

}  // namespace flytec::support
