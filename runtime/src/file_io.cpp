// Copies and reads (see file_io.h). A source is opened with O_NONBLOCK
// (opening a FIFO for reading would otherwise wait for a writer) and
// checked with fstat, so what was checked is what is read.
#include "runtime/file_io.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/path_checks.h"
#include "support/regular_file.h"

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunk = 1u << 20;

using support::ReadEnd;
using support::UniqueFd;

/// `why` (a reason taking a path and an OS error) for `p` and errno.
std::string sysError(ReasonKind<2> why, const fs::path& p) { return reasonText(why, p.string(), std::strerror(errno)); }

/// Opens `p` for reading and checks it is a regular file.
UniqueFd openRegular(const fs::path& p, bool followLink, struct stat& st, std::string& error) {
  UniqueFd fd = support::openForReading(p.string(), followLink, st);
  if (!fd.valid()) {
    if (errno == ELOOP) error = reasonText(reason::path_is, p.string(), describePath(p));
    else error = sysError(reason::cannot_read, p);
    return fd;
  }
  if (!S_ISREG(st.st_mode)) {
    error = reasonText(reason::not_a_regular_file, p.string(), describePath(p));
    return UniqueFd();
  }
  return fd;
}

bool writeAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

/// read() until EOF from the current offsets, each piece written to `out`.
bool readWriteLoop(int in, int out, const StopFlag* stop, const fs::path& from, std::string& error) {
  if (stopRequested(stop)) return error = reasonText(reason::interrupted), false;
  bool written = true;
  ReadEnd end = support::readInChunks(in, kChunk / 4, [&](std::string_view piece) {
    written = writeAll(out, piece.data(), piece.size());
    return written && !stopRequested(stop);
  });
  if (end == ReadEnd::Failed) return error = sysError(reason::cannot_read, from), false;
  if (!written) return error = sysError(reason::cannot_write_copy_of, from), false;
  if (end == ReadEnd::Stopped) return error = reasonText(reason::interrupted), false;
  return true;
}

/// The data of `in` into `out`: a reflink, else copy_file_range until it
/// says EOF, then read() to be sure (pseudo files report 0 bytes to
/// copy_file_range and have data for read()).
bool copyData(int in, int out, const StopFlag* stop, const fs::path& from, std::string& error) {
  if (stopRequested(stop)) return error = reasonText(reason::interrupted), false;
  if (ioctl(out, FICLONE, in) == 0) return true;
  for (;;) {
    if (stopRequested(stop)) return error = reasonText(reason::interrupted), false;
    ssize_t n = copy_file_range(in, nullptr, out, nullptr, kChunk, 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;  // EOF, or not possible between these files: read() finishes
  }
  return readWriteLoop(in, out, stop, from, error);
}

bool copyFile(const fs::path& from, const fs::path& to, bool followLink, const CopyOptions& o, std::string& error) {
  struct stat st {};
  UniqueFd in = openRegular(from, followLink, st, error);
  if (!in.valid()) return false;
  bool exec = st.st_mode & S_IXUSR;
  UniqueFd out(open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exec ? 0755 : 0644));
  if (!out.valid()) return error = sysError(reason::cannot_create, to), false;
  if (!copyData(in.get(), out.get(), o.stop, from, error)) return false;
  if (o.readOnly && fchmod(out.get(), exec ? 0555 : 0444) != 0) return error = sysError(reason::cannot_protect, to), false;
  return true;
}

bool copyDir(const fs::path& from, const fs::path& to, const CopyOptions& o, std::string& error) {
  if (mkdir(to.c_str(), 0755) != 0) return error = sysError(reason::cannot_create, to), false;
  std::error_code ec;
  fs::directory_iterator it(from, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0) return error = sysError(reason::cannot_read, p), false;
    bool ok;
    if (S_ISDIR(st.st_mode)) ok = copyDir(p, to / p.filename(), o, error);
    else if (S_ISREG(st.st_mode)) ok = copyFile(p, to / p.filename(), false, o, error);
    else {
      error = reasonText(reason::directory_holds_only, p.string(), describePath(p));
      ok = false;
    }
    if (!ok) return false;
  }
  if (ec) return error = reasonText(reason::cannot_read, from.string(), ec.message()), false;
  return true;
}

}  // namespace

bool copyTree(const fs::path& from, const fs::path& to, const CopyOptions& options, std::string& error) {
  struct stat st {};
  if (stat(from.c_str(), &st) != 0) return error = reasonText(reason::input_does_not_exist, from.string()), false;
  bool ok = S_ISDIR(st.st_mode) ? copyDir(from, to, options, error) : copyFile(from, to, true, options, error);
  if (!ok) {
    std::error_code ec;
    fs::remove_all(to, ec);
  }
  return ok;
}

bool readRegularFile(const fs::path& path, const StopFlag* stop, const std::function<void(std::string_view)>& sink,
                     std::string& error) {
  struct stat st {};
  UniqueFd in = openRegular(path, true, st, error);
  if (!in.valid()) return false;
  if (stopRequested(stop)) return error = reasonText(reason::interrupted), false;
  ReadEnd end = support::readInChunks(in.get(), kChunk / 4, [&](std::string_view piece) {
    sink(piece);
    return !stopRequested(stop);
  });
  if (end == ReadEnd::Failed) return error = sysError(reason::cannot_read, path), false;
  if (end == ReadEnd::Stopped) return error = reasonText(reason::interrupted), false;
  return true;
}

}  // namespace flytec::rt
