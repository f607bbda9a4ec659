// What may be a `file` or `dir` value (see path_checks.h). Links are
// examined with lstat; a tree is walked without following any link, so a
// link loop or a link to a system folder is reported, never entered.
#include "runtime/path_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

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
/// directory (links not followed), as the reason it is refused; nullopt if
/// none.
std::optional<std::string> badEntryBelow(const fs::path& dir) {
  std::vector<fs::path> pending{dir};
  while (!pending.empty()) {
    fs::path d = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(d, ec), end;
    if (ec) return reasonText(reason::path_unreadable_saying, d.string(), ec.message());
    for (; it != end; it.increment(ec)) {
      struct stat st {};
      if (lstat(it->path().c_str(), &st) != 0) return reasonText(reason::path_unreadable, it->path().string());
      if (S_ISDIR(st.st_mode)) pending.push_back(it->path());
      else if (!S_ISREG(st.st_mode)) return reasonText(reason::path_is, it->path().string(), describePath(it->path()));
    }
    if (ec) return reasonText(reason::path_unreadable_saying, d.string(), ec.message());
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
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::path target = fs::read_symlink(path, ec);
    return ec ? reasonText(reason::kind_symbolic_link_unreadable) : reasonText(reason::kind_symbolic_link_to, target.string());
  }
  return kindOf(st.st_mode);
}

std::optional<std::string> inputPathProblem(const fs::path& path, bool wantDir) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return reasonText(wantDir ? reason::no_such_directory : reason::no_such_file, path.string());
  if (wantDir) {
    if (!S_ISDIR(st.st_mode)) return reasonText(reason::dir_input_not_directory, path.string(), kindOf(st.st_mode));
    if (auto bad = badEntryBelow(path)) return reasonText(reason::dir_input_holds, *bad);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) return reasonText(reason::file_input_is_directory, path.string());
  if (!S_ISREG(st.st_mode)) return reasonText(reason::file_input_not_regular, path.string(), kindOf(st.st_mode));
  return std::nullopt;
}

std::optional<std::string> outputPathProblem(const fs::path& path, bool wantDir, const fs::path& root) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0)
    return reasonText(wantDir ? reason::no_such_directory : reason::no_such_file, path.string());
  if (!(wantDir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)))
    return reasonText(wantDir ? reason::dir_output_is : reason::file_output_is, path.string(), describePath(path));
  std::error_code ec;
  fs::path parent = fs::weakly_canonical(path.parent_path(), ec);
  fs::path top = fs::weakly_canonical(root, ec);
  if (ec || !isUnder(parent, top))
    return reasonText(wantDir ? reason::dir_output_outside : reason::file_output_outside, path.string(),
                      root.string());
  if (wantDir)
    if (auto bad = badEntryBelow(path)) return reasonText(reason::dir_output_holds, *bad);
  return std::nullopt;
}

}  // namespace flytec::rt
