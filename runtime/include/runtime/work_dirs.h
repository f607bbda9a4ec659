// Where a run keeps its files (spec §11): `.flytec/` beside the nearest
// `flytec.toml` (searching from the current directory upwards), else in the
// current directory; `.flytec/runs/RUN/NODE[/INDEX]/attempt-N/` per
// execution attempt; `.flytec/cache/` for the cache. It creates the run's
// directories, never files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace flytec::rt {

/// The `.flytec` directory for a run started in `cwd`.
std::filesystem::path stateDirFor(const std::filesystem::path& cwd);

/// A fresh run id: `YYYYmmdd-HHMMSS-PID` (unique on this host).
std::string newRunId();

/// `runDir/NODE[/INDEX]/attempt-N` (NODE may be a path `outer/inner` for
/// nodes of sub-workflows).
std::filesystem::path attemptDir(const std::filesystem::path& runDir, const std::string& node,
                                 std::optional<size_t> index, int attempt);

/// Creates an attempt's directory `dir` (and its parents when missing), with
/// an empty `outputs/` inside when `withOutputs`. One mkdir(2) per new
/// directory (a map element's first attempt: its element directory, then
/// `attempt-1`), not create_directories' stat of each component: per
/// element, these syscalls are most of the engine's own time. False with
/// `error` set on failure.
bool createAttemptDir(const std::filesystem::path& dir, bool withOutputs, std::string& error);

/// Marks `dir` (a new run directory) as the top of a directory tree
/// (FS_TOPDIR_FL, `chattr +T`): ext4 then places its subdirectories, and
/// with them the attempts' files, in block groups of their own instead of
/// its parent's. A parent like /tmp shares its group with every compiler's
/// temporary files, and ext4 without a journal skips each inode freed in
/// the last minutes, one by one, on every allocation there, which makes
/// mkdir slow. Does nothing where the flag is not supported.
void spreadFrom(const std::filesystem::path& dir);

}  // namespace flytec::rt
