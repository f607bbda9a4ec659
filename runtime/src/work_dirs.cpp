// Work-directory locations (see work_dirs.h).
#include "runtime/work_dirs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <ctime>

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

bool createAttemptDir(const fs::path& dir, bool withOutputs, std::string& error) {
  auto mk = [&](const fs::path& p) {
    if (mkdir(p.c_str(), 0777) == 0 || errno == EEXIST) return true;
    if (errno == ENOENT) {  // the node's or the element's directory is new
      std::error_code ec;
      fs::create_directories(p, ec);
      if (!ec) return true;
      error = "cannot create " + p.string() + ": " + ec.message();
      return false;
    }
    error = "cannot create " + p.string() + ": " + std::strerror(errno);
    return false;
  };
  return mk(dir) && (!withOutputs || mk(dir / "outputs"));
}

}  // namespace flytec::rt
