// Reading a source file into a heap buffer; see source_file_reader.h.
#include "source_file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "frontend/source_loader.h"

namespace flytec {

namespace {

/// A MemoryBuffer over a std::string it owns: the text read is handed to
/// the SourceMgr without a second copy.
class OwnedStringBuffer final : public llvm::MemoryBuffer {
 public:
  OwnedStringBuffer(std::string text, std::string name) : text_(std::move(text)), name_(std::move(name)) {
    init(text_.data(), text_.data() + text_.size(), /*RequiresNullTerminator=*/true);
  }
  llvm::StringRef getBufferIdentifier() const override { return name_; }
  BufferKind getBufferKind() const override { return MemoryBuffer_Malloc; }

 private:
  std::string text_;
  std::string name_;
};

/// Closes the descriptor on every return path.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

FileRead readSourceFile(const std::string& path) {
  FileRead out;
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) {
    out.error = std::strerror(errno);
    return out;
  }
  // The path may name something else now than when the caller stat'ed it.
  struct stat st;
  if (::fstat(file.fd, &st) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
    return out;
  }
  std::string text;
  // The size is a hint only: `/proc` files say 0, and any file may change.
  text.reserve(static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(st.st_size), kMaxSourceBytes)) + 1);
  constexpr size_t kChunk = 64 * 1024;
  while (text.size() <= kMaxSourceBytes) {
    size_t old = text.size();
    // Fill the reserved room first (one read for a file whose size is
    // right), then grow a chunk at a time.
    size_t room = text.capacity() - old;
    size_t want = std::min<size_t>(room ? room : kChunk, kMaxSourceBytes + 1 - old);
    text.resize(old + want);
    ssize_t got = ::read(file.fd, text.data() + old, want);
    if (got < 0 && errno == EINTR) {
      text.resize(old);
      continue;
    }
    if (got < 0) {
      out.error = std::strerror(errno);
      return out;
    }
    text.resize(old + static_cast<size_t>(got));
    if (got == 0) break;
  }
  out.bytesSeen = text.size();
  if (text.size() > kMaxSourceBytes) {
    out.tooLarge = true;
    return out;
  }
  // A file that shrank leaves unused capacity; a copy is worth it only when it is large.
  if (text.capacity() - text.size() > text.size() / 4 + kChunk) text.shrink_to_fit();
  out.buffer = std::make_unique<OwnedStringBuffer>(std::move(text), path);
  return out;
}

}  // namespace flytec
