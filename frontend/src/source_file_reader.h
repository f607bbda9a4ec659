// Reads a source file into memory that flytec owns. Sources are never
// memory-mapped: a mapped file that shrinks while it is read (an editor's
// save, a `git checkout`, a truncation) turns every access past its new end
// into SIGBUS, which kills `flytec check` and the language server alike.
// The file is read with read(2) until end of file, which also reads files
// whose size stat(2) does not know (`/proc`, reported as 0 bytes). At most
// kMaxSourceBytes + 1 bytes are read, so a file that grows while it is read
// is still refused by the 64 MiB limit. It does not check what the bytes
// are (source_loader.cpp does).
#pragma once

#include <memory>
#include <string>

#include "llvm/Support/MemoryBuffer.h"

namespace flytec {

struct FileRead {
  std::unique_ptr<llvm::MemoryBuffer> buffer;  ///< null on failure
  bool tooLarge = false;     ///< more than kMaxSourceBytes were there to read
  uint64_t bytesSeen = 0;    ///< bytes read (a lower bound of the size when tooLarge)
  std::string error;         ///< why it could not be read (strerror text)
};

/// Read `path`, a regular file, in full; the buffer is named `path` and
/// null-terminated. Opening never blocks (a FIFO swapped in after the
/// caller's stat is refused, not waited on).
FileRead readSourceFile(const std::string& path);

}  // namespace flytec
