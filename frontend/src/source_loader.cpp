// File checks before lexing; see source_loader.h.
#include "frontend/source_loader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "source_file_reader.h"

namespace flytec {

namespace {

/// Offset of the first byte that is not valid UTF-8, if any. ASCII runs are
/// skipped 8 bytes at a time: LLVM's byte-by-byte check costs as much as
/// lexing the file.
std::optional<size_t> firstInvalidUtf8(llvm::StringRef text) {
  const auto* begin = reinterpret_cast<const llvm::UTF8*>(text.data());
  const auto* end = begin + text.size();
  const llvm::UTF8* p = begin;
  while (p != end) {
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    while (p != end && *p < 0x80) ++p;
    if (p == end) break;
    // A non-ASCII sequence: LLVM checks it and the text up to the next ASCII byte.
    const llvm::UTF8* runEnd = p;
    while (runEnd != end && *runEnd >= 0x80) ++runEnd;
    if (!llvm::isLegalUTF8String(&p, runEnd)) return static_cast<size_t>(p - begin);
  }
  return std::nullopt;
}

/// The BOM and UTF-8 checks; a problem is reported inside the buffer, whose
/// bytes stay where they are when a SourceMgr adopts it.
PendingSource checked(std::unique_ptr<llvm::MemoryBuffer> buf, DiagnosticEngine& diags) {
  llvm::StringRef text = buf->getBuffer();
  if (text.startswith("\xEF\xBB\xBF")) {
    buf = llvm::MemoryBuffer::getMemBufferCopy(text.drop_front(3), buf->getBufferIdentifier());
    text = buf->getBuffer();
  }
  PendingSource out;
  std::optional<size_t> bad = firstInvalidUtf8(text);
  out.status.parseable = !bad;
  if (bad) {
    const char* start = text.data();
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(start + *bad);
    diags.report(diag::err_invalid_utf8, llvm::SMRange(loc, llvm::SMLoc::getFromPointer(start + *bad + 1)),
                 *bad);
  }
  out.buffer = std::move(buf);
  return out;
}

}  // namespace

PendingSource readSource(const std::string& path, DiagnosticEngine& diags, llvm::SMRange requestedAt) {
  auto fail = [&](auto kind, auto&&... args) {
    if (requestedAt.isValid()) diags.report(kind, requestedAt, args...);
    else diags.reportAtPath(kind, path, args...);
    PendingSource failed;
    failed.status.fileSystemProblem = kind.code != diag::err_file_too_large.code;
    return failed;
  };
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return fail(diag::err_file_not_found, path);
    return fail(diag::err_cannot_read_path, path, std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return fail(diag::err_cannot_read_path, path, "is a directory");
  if (!S_ISREG(st.st_mode)) return fail(diag::err_cannot_read_path, path, "not a regular file");
  if (static_cast<uint64_t>(st.st_size) > kMaxSourceBytes)
    return fail(diag::err_file_too_large, path, static_cast<uint64_t>(st.st_size));
  FileRead read = readSourceFile(path);
  if (read.tooLarge) return fail(diag::err_file_too_large, path, read.bytesSeen);
  if (!read.buffer) return fail(diag::err_cannot_read_path, path, read.error);
  return checked(std::move(read.buffer), diags);
}

LoadedSource adoptSource(llvm::SourceMgr& sm, PendingSource source) {
  LoadedSource out = source.status;
  if (source.buffer) out.bufferId = sm.AddNewSourceBuffer(std::move(source.buffer), llvm::SMLoc());
  return out;
}

LoadedSource loadSource(llvm::SourceMgr& sm, const std::string& path, DiagnosticEngine& diags,
                        llvm::SMRange requestedAt) {
  return adoptSource(sm, readSource(path, diags, requestedAt));
}

PendingSource readSourceText(std::string name, std::string_view text, DiagnosticEngine& diags) {
  return checked(llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), name), diags);
}

LoadedSource addSourceBuffer(llvm::SourceMgr& sm, std::string name, std::string_view text,
                             DiagnosticEngine& diags) {
  return adoptSource(sm, readSourceText(std::move(name), text, diags));
}

}  // namespace flytec
