// Copying and reading the files a run handles: user inputs laid out for a
// task, task outputs stored in the cache, cache entries handed to the next
// task. Everything is a copy, never a hard link, so a task that writes to
// its input changes neither the user's file nor a cache entry: a reflink
// (FICLONE) where the file system offers one, else copy_file_range, else
// read/write. Files are read until EOF, never trusting st_size (a /proc
// file says 0 bytes and is not empty). Only regular files and directories
// of regular files and directories are copied or read: a FIFO, a device or
// a socket would block or never end, a symbolic link inside a tree may lead
// anywhere. Every loop checks a stop flag per chunk, so SIGINT or SIGTERM
// ends a copy or a hash of a huge file promptly. It does not decide what
// may be an input or an output (path_checks.h) nor where copies go.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace flytec::rt {

/// Set asynchronously (a signal handler) to make copies and reads stop.
using StopFlag = std::atomic<bool>;

/// How copies are made.
struct CopyOptions {
  /// Copies are read-only (files 0444, or 0555 if executable): cache entries.
  bool readOnly = false;
  /// Set by a signal handler: the copy stops with "interrupted". May be null.
  const StopFlag* stop = nullptr;
};

/// Copies the regular file or directory tree `from` (a symbolic link at the
/// top is followed: the user named it; none inside a tree is) to `to`,
/// which must not exist. Returns false with `error` naming the offending
/// path (a FIFO, a device, a link inside a tree) or the I/O problem; a
/// partial copy is removed.
bool copyTree(const std::filesystem::path& from, const std::filesystem::path& to, const CopyOptions& options,
              std::string& error);

/// Reads the regular file `path` (a link is followed) to EOF, passing each
/// chunk to `sink`. Returns false with `error` set when it is not a regular
/// file, on an I/O error, or when `stop` is set.
bool readRegularFile(const std::filesystem::path& path, const StopFlag* stop,
                     const std::function<void(std::string_view)>& sink, std::string& error);

/// True when `stop` is set (null: never).
inline bool stopRequested(const StopFlag* stop) { return stop && stop->load(std::memory_order_relaxed); }

}  // namespace flytec::rt
