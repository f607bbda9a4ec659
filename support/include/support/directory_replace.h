// Replacing a whole directory of files, for `compile -o DIR` (the package
// writer) and `compile --emit=json`. What is at the path decides:
//   * absent: a temporary sibling directory is filled, then renamed there;
//   * a directory that is empty, or whose every entry is a regular file the
//     caller recognises as its own output (`isOwnEntry`, e.g. `NNN_x_1.pb`):
//     the filled temporary is swapped with it in one
//     `renameat2(RENAME_EXCHANGE)`, then the old files (now in the temporary)
//     are removed, only those the caller recognises. The path names a
//     complete directory, old or new, at every instant, so a kill leaves at
//     worst a `.tmp-` sibling behind. Where the file system has no
//     RENAME_EXCHANGE (EINVAL, ENOSYS) it falls back to two renames (old
//     aside, new in place), between which the path is briefly missing;
//   * any other directory: refused, naming what it holds;
//   * a symbolic link: followed, as support/atomic_write.h does (the link
//     stays, its target directory is replaced or created);
//   * anything else (a file, a device...): refused.
// It writes only the files it is given; it does not recurse or create parents.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flytec::support {

/// The steps of a replace, reported to `DirectoryReplaceOptions::afterStep`.
enum class ReplaceStep { TemporaryFilled, Exchanged, OldMovedAside, NewInPlace, OldRemoved };

/// How `replaceDirectory` decides and proceeds.
struct DirectoryReplaceOptions {
  /// True for the name of a file this writer produces; an existing directory
  /// is replaced only when empty or every entry is such a regular file.
  std::function<bool(std::string_view name)> isOwnEntry;
  /// Tests: called after each step; returning false stops right there, as a
  /// kill at that point would (nothing is cleaned up).
  std::function<bool(ReplaceStep)> afterStep;
  /// Tests: use the two-rename fallback even where RENAME_EXCHANGE works.
  bool withoutExchange = false;
};

/// A file to write into the directory: a plain name (no '/') and its bytes.
using DirectoryFile = std::pair<std::string, std::string>;

/// Replaces the directory `path` with exactly `files`, as described above.
/// On failure returns false, sets `error` to an E0004 reason and leaves the
/// path as it was.
bool replaceDirectory(const std::string& path, const std::vector<DirectoryFile>& files,
                      const DirectoryReplaceOptions& options, std::string& error);

}  // namespace flytec::support
