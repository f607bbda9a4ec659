// Reading a source file into a heap buffer; see source_file_reader.h.
#include "source_file_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "frontend/source_loader.h"
#include "support/regular_file.h"

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

}  // namespace

FileRead readSourceFile(const std::string& path) {
  FileRead out;
  // The path may name something else now than when the caller stat'ed it:
  // what is read is judged by the open descriptor.
  struct stat st;
  support::UniqueFd file = support::openForReading(path, /*followLinks=*/true, st);
  if (!file.valid()) {
    out.error = std::strerror(errno);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
    return out;
  }
  std::string text;
  support::ReadEnd end = support::readToEnd(file.get(), kMaxSourceBytes, static_cast<size_t>(st.st_size), text);
  if (end == support::ReadEnd::Failed) {
    out.error = std::strerror(errno);
    return out;
  }
  out.bytesSeen = text.size();
  if (end == support::ReadEnd::TooLarge) {
    out.tooLarge = true;
    return out;
  }
  // A file that shrank leaves unused capacity; a copy is worth it only when it is large.
  if (text.capacity() - text.size() > text.size() / 4 + 64 * 1024) text.shrink_to_fit();
  out.buffer = std::make_unique<OwnedStringBuffer>(std::move(text), path);
  return out;
}

}  // namespace flytec
