// See directory_replace.h. The steps: decide from what is at the path
// (output_path.h and a look at the entries), fill a temporary sibling,
// exchange it with the path (or rename it there when absent), then remove
// the old files from the temporary that now holds them.
#include "support/directory_replace.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "support/error_text.h"
#include "support/output_path.h"

namespace flytec::support {

namespace {

/// An entry of an existing directory, as the refusal names it.
struct Entry {
  std::string name;
  bool ownFile = false;  // a regular file whose name the writer produces
  bool directory = false;
};

bool listEntries(const std::string& dir, const DirectoryReplaceOptions& options, std::vector<Entry>& out,
                 std::string& error) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    error = errnoReason(errno);
    return false;
  }
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    bool known = ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    Entry entry{name, known && S_ISREG(st.st_mode) && options.isOwnEntry && options.isOwnEntry(name),
                known && S_ISDIR(st.st_mode)};
    out.push_back(std::move(entry));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return true;
}

/// "is a directory that flytec did not write (it holds .git/, main.flyte
/// and 2 more); ...": up to three foreign entries by name, directories with '/'.
std::string foreignDirectoryReason(const std::vector<Entry>& entries) {
  std::vector<std::string> foreign;
  for (const Entry& e : entries)
    if (!e.ownFile) foreign.push_back(e.name + (e.directory ? "/" : ""));
  const size_t shown = foreign.size() <= 3 ? foreign.size() : 2;
  std::string list;
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) list += (i + 1 == foreign.size()) ? " and " : ", ";
    list += foreign[i];
  }
  if (shown < foreign.size()) list += " and " + std::to_string(foreign.size() - shown) + " more";
  return "is a directory that flytec did not write (it holds " + list + "); choose another path or remove it";
}

/// True when the existing directory may be replaced; else `error` says why.
bool mayReplace(const std::string& dir, const DirectoryReplaceOptions& options, std::string& error) {
  std::vector<Entry> entries;
  if (!listEntries(dir, options, entries, error)) return false;
  if (std::all_of(entries.begin(), entries.end(), [](const Entry& e) { return e.ownFile; })) return true;
  error = foreignDirectoryReason(entries);
  return false;
}

bool writeNewFile(const std::string& path, const std::string& bytes, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = errnoReason(errno);
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errnoReason(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    error = errnoReason(errno);
    return false;
  }
  return true;
}

/// Removes the files this writer produces from `dir`, then `dir` if empty:
/// never anything else, even if something appeared there meanwhile.
void removeOwnFiles(const std::string& dir, const DirectoryReplaceOptions& options) {
  std::vector<Entry> entries;
  std::string ignored;
  if (!listEntries(dir, options, entries, ignored)) return;
  for (const Entry& e : entries)
    if (e.ownFile) ::unlink((dir + "/" + e.name).c_str());
  ::rmdir(dir.c_str());
}

/// Removes a temporary directory this writer made (regular files only).
void removeTemporary(const std::string& dir) {
  DirectoryReplaceOptions everything;
  everything.isOwnEntry = [](std::string_view) { return true; };
  removeOwnFiles(dir, everything);
}

/// A new directory `PATH.tmp-XXXXXX` (mode 0777 less the umask, as mkdir
/// gives any new directory); "" and `error` on failure.
std::string makeUniqueDirectory(const std::string& path, std::string& error) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    llvm::SmallString<256> name;
    llvm::sys::fs::createUniquePath(path + ".tmp-%%%%%%", name, /*MakeAbsolute=*/false);
    if (::mkdir(name.c_str(), 0777) == 0) return std::string(name.str());
    if (errno != EEXIST) break;
  }
  error = errnoReason(errno);
  return "";
}

/// A new sibling directory of `path` holding `files`; "" and `error` on failure.
std::string fillTemporary(const std::string& path, const std::vector<DirectoryFile>& files, unsigned mode,
                          std::string& error) {
  std::string dir = makeUniqueDirectory(path, error);
  if (dir.empty()) return "";
  bool ok = !mode || ::chmod(dir.c_str(), mode) == 0;
  if (!ok) error = errnoReason(errno);
  for (const auto& [name, bytes] : files) {
    if (!ok) break;
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      error = "bad entry name '" + name + "'";
      ok = false;
    } else {
      ok = writeNewFile(dir + "/" + name, bytes, error);
    }
  }
  if (ok) return dir;
  removeTemporary(dir);
  return "";
}

bool step(const DirectoryReplaceOptions& options, ReplaceStep s) { return !options.afterStep || options.afterStep(s); }

/// Swaps the filled temporary `tmp` with the directory `path`; afterwards
/// `tmp` holds the old files. Falls back to two renames without exchange.
bool swapInto(const std::string& tmp, const std::string& path, const DirectoryReplaceOptions& options,
              bool& stopped, std::string& error) {
  if (!options.withoutExchange) {
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
      stopped = !step(options, ReplaceStep::Exchanged);
      return true;
    }
    if (errno != EINVAL && errno != ENOSYS) {
      error = errnoReason(errno);
      return false;
    }
  }
  // No RENAME_EXCHANGE here: between these two renames the path is missing.
  const std::string aside = tmp + ".old";
  if (::rename(path.c_str(), aside.c_str()) != 0) {
    error = errnoReason(errno);
    return false;
  }
  if ((stopped = !step(options, ReplaceStep::OldMovedAside))) return true;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errnoReason(errno);
    ::rename(aside.c_str(), path.c_str());
    return false;
  }
  if ((stopped = !step(options, ReplaceStep::NewInPlace))) return true;
  ::rename(aside.c_str(), tmp.c_str());  // the old files where the exchange leaves them
  return true;
}

}  // namespace

bool replaceDirectory(const std::string& given, const std::vector<DirectoryFile>& files,
                      const DirectoryReplaceOptions& options, std::string& error) {
  OutputTarget target;
  if (!resolveOutput(given, target, error)) return false;
  if (target.kind != OutputKind::Absent && target.kind != OutputKind::Directory) {
    error = std::string(describeKind(target.kind)) + ", not a directory";
    return false;
  }
  const bool existed = target.kind == OutputKind::Directory;
  if (existed && !mayReplace(target.path, options, error)) return false;

  std::string tmp = fillTemporary(target.path, files, target.mode, error);
  if (tmp.empty()) return false;
  if (!step(options, ReplaceStep::TemporaryFilled)) return true;
  if (!existed) {
    if (::rename(tmp.c_str(), target.path.c_str()) == 0) return true;
    error = errnoReason(errno);
    removeTemporary(tmp);
    return false;
  }
  bool stopped = false;
  if (!swapInto(tmp, target.path, options, stopped, error)) {
    removeTemporary(tmp);
    return false;
  }
  if (stopped) return true;
  removeOwnFiles(tmp, options);
  step(options, ReplaceStep::OldRemoved);
  return true;
}

}  // namespace flytec::support
