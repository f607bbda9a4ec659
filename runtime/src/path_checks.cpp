// What may be a `file` or `dir` value (see path_checks.h). Links are
// examined with lstat; a tree is walked without following any link, so a
// link loop or a link to a system folder is reported, never entered.
#include "runtime/path_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "`" + p.string() + "`"; }

std::string linkTarget(const fs::path& p) {
  std::error_code ec;
  fs::path t = fs::read_symlink(p, ec);
  return ec ? std::string("an unreadable target") : t.string();
}

std::string kindOf(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

/// The first entry below `dir` that is neither a regular file nor a
/// directory (links not followed), as "`PATH` is WHAT"; nullopt if none.
std::optional<std::string> badEntryBelow(const fs::path& dir) {
  std::vector<fs::path> pending{dir};
  while (!pending.empty()) {
    fs::path d = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(d, ec), end;
    if (ec) return quoted(d) + " cannot be read: " + ec.message();
    for (; it != end; it.increment(ec)) {
      struct stat st {};
      if (lstat(it->path().c_str(), &st) != 0) return quoted(it->path()) + " cannot be read";
      if (S_ISDIR(st.st_mode)) pending.push_back(it->path());
      else if (!S_ISREG(st.st_mode)) return quoted(it->path()) + " is " + describePath(it->path());
    }
    if (ec) return quoted(d) + " cannot be read: " + ec.message();
  }
  return std::nullopt;
}

bool isUnder(const fs::path& p, const fs::path& root) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

}  // namespace

std::string describePath(const fs::path& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return "missing";
  if (S_ISLNK(st.st_mode)) return "a symbolic link to " + linkTarget(path);
  return kindOf(st.st_mode);
}

std::optional<std::string> inputPathProblem(const fs::path& path, bool wantDir) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "no such " + std::string(wantDir ? "directory " : "file ") + quoted(path);
  if (wantDir) {
    if (!S_ISDIR(st.st_mode)) return quoted(path) + " is " + kindOf(st.st_mode) + ", expected a directory";
    if (auto bad = badEntryBelow(path))
      return *bad + "; a dir input holds only regular files and directories";
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) return quoted(path) + " is a directory, expected a file";
  if (!S_ISREG(st.st_mode)) return quoted(path) + " is " + kindOf(st.st_mode) + "; a file input must be a regular file";
  return std::nullopt;
}

std::optional<std::string> outputPathProblem(const fs::path& path, bool wantDir, const fs::path& root) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return "no such " + std::string(wantDir ? "directory " : "file ") + quoted(path);
  std::string what = wantDir ? "a dir output must be a directory of regular files and directories"
                             : "an output must be a regular file";
  if (!(wantDir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)))
    return quoted(path) + " is " + describePath(path) + "; " + what + " written by the task";
  std::error_code ec;
  fs::path parent = fs::weakly_canonical(path.parent_path(), ec);
  fs::path top = fs::weakly_canonical(root, ec);
  if (ec || !isUnder(parent, top))
    return quoted(path) + " is outside the task's directory " + quoted(root) + "; " + what + " written by the task";
  if (wantDir)
    if (auto bad = badEntryBelow(path)) return *bad + "; " + what + " written by the task";
  return std::nullopt;
}

}  // namespace flytec::rt
