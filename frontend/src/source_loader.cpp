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
/// skipped 8 bytes at a time: LLVM's check costs ~30 instructions a byte,
/// as much as lexing the file.
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

LoadedSource addChecked(llvm::SourceMgr& sm, std::unique_ptr<llvm::MemoryBuffer> buf,
                        DiagnosticEngine& diags) {
  llvm::StringRef text = buf->getBuffer();
  if (text.startswith("\xEF\xBB\xBF")) {
    buf = llvm::MemoryBuffer::getMemBufferCopy(text.drop_front(3), buf->getBufferIdentifier());
    text = buf->getBuffer();
  }
  std::optional<size_t> bad = firstInvalidUtf8(text);
  LoadedSource out;
  out.bufferId = sm.AddNewSourceBuffer(std::move(buf), llvm::SMLoc());
  out.parseable = !bad;
  if (bad) {
    const char* start = sm.getMemoryBuffer(out.bufferId)->getBufferStart();
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(start + *bad);
    diags.report(diag::err_invalid_utf8, llvm::SMRange(loc, llvm::SMLoc::getFromPointer(start + *bad + 1)),
                 *bad);
  }
  return out;
}

}  // namespace

LoadedSource loadSource(llvm::SourceMgr& sm, const std::string& path, DiagnosticEngine& diags,
                        llvm::SMRange requestedAt) {
  auto fail = [&](auto kind, auto&&... args) {
    if (requestedAt.isValid()) diags.report(kind, requestedAt, args...);
    else diags.reportAtPath(kind, path, args...);
    LoadedSource failed;
    failed.fileSystemProblem = kind.code != diag::err_file_too_large.code;
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
  return addChecked(sm, std::move(read.buffer), diags);
}

LoadedSource addSourceBuffer(llvm::SourceMgr& sm, std::string name, std::string_view text,
                             DiagnosticEngine& diags) {
  return addChecked(sm, llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), name),
                    diags);
}

}  // namespace flytec
