// See output_path.h.
#include "support/output_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "support/error_text.h"

namespace flytec::support {

namespace {

/// The kernel's own limit on links followed in one lookup.
constexpr int kMaxLinks = 40;

/// `path` without trailing slashes ("out/" names the same entry as "out",
/// and temporaries are made beside it, not inside it).
std::string withoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

OutputKind kindOf(mode_t mode) {
  if (S_ISREG(mode)) return OutputKind::RegularFile;
  if (S_ISDIR(mode)) return OutputKind::Directory;
  if (S_ISCHR(mode)) return OutputKind::CharDevice;
  if (S_ISFIFO(mode)) return OutputKind::Fifo;
  if (S_ISSOCK(mode)) return OutputKind::Socket;
  if (S_ISBLK(mode)) return OutputKind::BlockDevice;
  return OutputKind::Other;
}

/// The target of the link `link`, relative targets taken from its directory.
bool readLinkTarget(const std::string& link, std::string& target, std::string& error) {
  char buf[4096];
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  if (n < 0 || n == static_cast<ssize_t>(sizeof buf)) {
    error = n < 0 ? errnoReason(errno) : "symbolic link target too long";
    return false;
  }
  std::string text(buf, static_cast<size_t>(n));
  if (llvm::sys::path::is_absolute(text)) {
    target = text;
    return true;
  }
  llvm::SmallString<256> joined(llvm::sys::path::parent_path(link));
  llvm::sys::path::append(joined, text);
  target = std::string(joined.str());
  return true;
}

/// "." and ".." (also as a last component) as the real path they name: a
/// temporary is made beside the path and renamed over it, which needs a name.
std::string withoutDotEnd(std::string path) {
  llvm::StringRef last = llvm::sys::path::filename(path);
  llvm::SmallString<256> real;
  if ((last == "." || last == "..") && !llvm::sys::fs::real_path(path, real)) return std::string(real.str());
  return path;
}

}  // namespace

bool resolveOutput(const std::string& given, OutputTarget& out, std::string& error) {
  std::string path = withoutDotEnd(withoutTrailingSlashes(given));
  for (int links = 0; links <= kMaxLinks; ++links) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno != ENOENT) {
        error = errnoReason(errno);
        return false;
      }
      out = {path, OutputKind::Absent, 0};
      return true;
    }
    if (!S_ISLNK(st.st_mode)) {
      out = {path, kindOf(st.st_mode), static_cast<unsigned>(st.st_mode & 07777)};
      return true;
    }
    if (!readLinkTarget(path, path, error)) return false;
    path = withoutTrailingSlashes(path);
  }
  error = errnoReason(ELOOP);
  return false;
}

const char* describeKind(OutputKind kind) {
  switch (kind) {
    case OutputKind::Absent: return "does not exist";
    case OutputKind::RegularFile: return "is a file";
    case OutputKind::Directory: return "is a directory";
    case OutputKind::CharDevice: return "is a character device";
    case OutputKind::Fifo: return "is a FIFO";
    case OutputKind::Socket: return "is a socket";
    case OutputKind::BlockDevice: return "is a block device";
    case OutputKind::Other: return "is not a file, a device or a FIFO";
  }
  return "is not a file";
}

}  // namespace flytec::support
