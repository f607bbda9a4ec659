// What may be a `file` or `dir` value: a `file` is a regular file, a `dir`
// a directory holding only regular files and directories. Anything else (a
// FIFO or a device would block or never end when read, a socket cannot be
// read, a symbolic link inside a tree can lead to a system folder or loop)
// is refused with a reason saying what the path is
// (diagnostics/diagnostic_reason.h). Inputs may be named
// through a symbolic link (the user chose the target); an output may not be
// one at all, and must lie inside the directory the task was given. It
// does not read or copy files (file_io.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace flytec::rt {

/// What `path` is, as a noun for a reason's value ("a FIFO", "a character
/// device", "a symbolic link to /etc/shadow", "a regular file", "missing");
/// links are not followed.
std::string describePath(const std::filesystem::path& path);

/// Why `path` (a symbolic link at the top followed) cannot be a `file`
/// (wantDir false) or `dir` input, as a reason; nullopt when it can.
std::optional<std::string> inputPathProblem(const std::filesystem::path& path, bool wantDir);

/// Why `path` cannot be a `file` or `dir` output written under `root` (no
/// symbolic link anywhere, nothing outside `root`), as a reason; nullopt
/// when it can.
std::optional<std::string> outputPathProblem(const std::filesystem::path& path, bool wantDir,
                                             const std::filesystem::path& root);

}  // namespace flytec::rt
