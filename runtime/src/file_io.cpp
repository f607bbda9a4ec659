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

#include "runtime/path_checks.h"
#include "support/regular_file.h"

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunk = 1u << 20;

using support::ReadEnd;
using support::UniqueFd;

std::string sysError(const std::string& what, const fs::path& p) {
  return "cannot " + what + " `" + p.string() + "`: " + std::strerror(errno);
}

/// Opens `p` for reading and checks it is a regular file.
UniqueFd openRegular(const fs::path& p, bool followLink, struct stat& st, std::string& error) {
  UniqueFd fd = support::openForReading(p.string(), followLink, st);
  if (!fd.valid()) {
    if (errno == ELOOP) error = "`" + p.string() + "` is " + describePath(p);
    else error = sysError("read", p);
    return fd;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "`" + p.string() + "` is " + describePath(p) + ", not a regular file";
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
  if (stopRequested(stop)) return error = "interrupted", false;
  bool written = true;
  ReadEnd end = support::readInChunks(in, kChunk / 4, [&](std::string_view piece) {
    written = writeAll(out, piece.data(), piece.size());
    return written && !stopRequested(stop);
  });
  if (end == ReadEnd::Failed) return error = sysError("read", from), false;
  if (!written) return error = sysError("write a copy of", from), false;
  if (end == ReadEnd::Stopped) return error = "interrupted", false;
  return true;
}

/// The data of `in` into `out`: a reflink, else copy_file_range until it
/// says EOF, then read() to be sure (pseudo files report 0 bytes to
/// copy_file_range and have data for read()).
bool copyData(int in, int out, const StopFlag* stop, const fs::path& from, std::string& error) {
  if (stopRequested(stop)) return error = "interrupted", false;
  if (ioctl(out, FICLONE, in) == 0) return true;
  for (;;) {
    if (stopRequested(stop)) return error = "interrupted", false;
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
  if (!out.valid()) return error = sysError("create", to), false;
  if (!copyData(in.get(), out.get(), o.stop, from, error)) return false;
  if (o.readOnly && fchmod(out.get(), exec ? 0555 : 0444) != 0) return error = sysError("protect", to), false;
  return true;
}

bool copyDir(const fs::path& from, const fs::path& to, const CopyOptions& o, std::string& error) {
  if (mkdir(to.c_str(), 0755) != 0) return error = sysError("create", to), false;
  std::error_code ec;
  fs::directory_iterator it(from, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0) return error = sysError("read", p), false;
    bool ok;
    if (S_ISDIR(st.st_mode)) ok = copyDir(p, to / p.filename(), o, error);
    else if (S_ISREG(st.st_mode)) ok = copyFile(p, to / p.filename(), false, o, error);
    else {
      error = "`" + p.string() + "` is " + describePath(p) + "; a directory may hold only regular files and directories";
      ok = false;
    }
    if (!ok) return false;
  }
  if (ec) return error = "cannot read `" + from.string() + "`: " + ec.message(), false;
  return true;
}

}  // namespace

bool copyTree(const fs::path& from, const fs::path& to, const CopyOptions& options, std::string& error) {
  struct stat st {};
  if (stat(from.c_str(), &st) != 0) return error = "input `" + from.string() + "` does not exist", false;
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
  if (stopRequested(stop)) return error = "interrupted", false;
  ReadEnd end = support::readInChunks(in.get(), kChunk / 4, [&](std::string_view piece) {
    sink(piece);
    return !stopRequested(stop);
  });
  if (end == ReadEnd::Failed) return error = sysError("read", path), false;
  if (end == ReadEnd::Stopped) return error = "interrupted", false;
  return true;
}

}  // namespace flytec::rt
