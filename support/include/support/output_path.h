// What is at an output path before flytec writes it: the final symbolic link
// followed (the documented behaviour of every writer: the link stays, what it
// points to is written), then the kind of file there. Both writers
// (atomic_write.h, directory_replace.h) decide from this what to do; it
// writes nothing itself.
#pragma once

#include <string>

namespace flytec::support {

/// The kind of thing an output path names (after following links).
enum class OutputKind { Absent, RegularFile, Directory, CharDevice, Fifo, Socket, BlockDevice, Other };

/// An output path resolved: `path` is what gets written (the given path, or
/// the final target of a chain of symbolic links, which may not exist yet).
struct OutputTarget {
  std::string path;
  OutputKind kind = OutputKind::Absent;
  /// Permission bits of an existing file (kept when it is replaced).
  unsigned mode = 0;
};

/// Resolves `given`: follows symbolic links in its last component (relative
/// targets against the link's directory; at most 40 links), then lstat()s
/// the result. Returns false with `error` set (an E0004 reason) on a loop or
/// an lstat failure other than "absent".
bool resolveOutput(const std::string& given, OutputTarget& out, std::string& error);

/// "is a directory", "is a block device", ...: the kind as an E0004 reason.
const char* describeKind(OutputKind kind);

}  // namespace flytec::support
