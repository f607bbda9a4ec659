// See atomic_write.h.
#include "diagnostics/atomic_write.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace {

/// The reason as diagnostics phrase it: `E0004 cannot write 'x': <reason>`.
std::string reason(const std::error_code& ec) {
  std::string text = ec.message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

}  // namespace

bool writeFileAtomically(const std::string& given, std::string_view data, std::string& error) {
  // Through a symbolic link: replace its target, not the link.
  llvm::SmallString<256> real;
  std::string path = llvm::sys::fs::real_path(given, real) ? given : std::string(real.str());
  llvm::sys::fs::file_status status;
  bool existed = !llvm::sys::fs::status(path, status) && llvm::sys::fs::exists(status);

  int fd = -1;
  llvm::SmallString<256> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%", fd, tmp)) {
    error = reason(ec);
    return false;
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << data;
    os.close();
    if (os.has_error()) {
      error = reason(os.error());
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (existed) llvm::sys::fs::setPermissions(tmp, status.permissions());
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    error = reason(ec);
    llvm::sys::fs::remove(tmp);
    return false;
  }
  return true;
}

}  // namespace flytec
