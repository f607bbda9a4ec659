// Work-directory locations (see work_dirs.h).
#include "runtime/work_dirs.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <ctime>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

namespace fs = std::filesystem;

fs::path stateDirFor(const fs::path& cwd) {
  fs::path dir = fs::absolute(cwd);
  for (fs::path p = dir;; p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p / "flytec.toml", ec)) return p / ".flytec";
    if (p == p.root_path() || p.parent_path() == p) break;
  }
  return dir / ".flytec";
}

std::string newRunId() {
  time_t t = time(nullptr);
  struct tm tm;
  localtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  return std::string(buf) + "-" + std::to_string(getpid());
}

fs::path attemptDir(const fs::path& runDir, const std::string& node, std::optional<size_t> index, int attempt) {
  fs::path p = runDir / node;
  if (index) p /= std::to_string(*index);
  return p / ("attempt-" + std::to_string(attempt));
}

namespace {

/// mkdir(2) of `p`, and of its missing parents first: one call per
/// directory when the parent exists, no stat of each component.
bool makeDir(const fs::path& p, std::string& error) {
  if (mkdir(p.c_str(), 0777) == 0 || errno == EEXIST) return true;
  if (errno == ENOENT && p.has_relative_path() && p.parent_path() != p) {
    if (!makeDir(p.parent_path(), error)) return false;
    if (mkdir(p.c_str(), 0777) == 0 || errno == EEXIST) return true;
  }
  error = reasonText(reason::cannot_create, p.string(), std::strerror(errno));
  return false;
}

}  // namespace

bool createAttemptDir(const fs::path& dir, bool withOutputs, std::string& error) {
  // The first attempt's parent (the element's directory, or the node's) is
  // new: made first, so that mkdir(attempt-1) does not fail once per element.
  if (dir.filename() == "attempt-1" && !makeDir(dir.parent_path(), error)) return false;
  return makeDir(dir, error) && (!withOutputs || makeDir(dir / "outputs", error));
}

void spreadFrom(const fs::path& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  int flags = 0;
  if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && !(flags & FS_TOPDIR_FL)) {
    flags |= FS_TOPDIR_FL;
    (void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
  }
  close(fd);
}

}  // namespace flytec::rt
