// See regular_file.h.
#include "support/regular_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace flytec::support {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd openForReading(const std::string& path, bool followLinks, struct stat& st) {
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (followLinks ? 0 : O_NOFOLLOW);
  UniqueFd fd(::open(path.c_str(), flags));
  if (!fd.valid()) return fd;
  if (::fstat(fd.get(), &st) != 0) {
    int err = errno;
    fd = UniqueFd();
    errno = err;
  }
  return fd;
}

ReadEnd readToEnd(int fd, std::size_t maxBytes, std::size_t sizeHint, std::string& out) {
  constexpr std::size_t kChunk = 64 * 1024;
  const std::size_t start = out.size();
  out.reserve(start + std::min(sizeHint, maxBytes) + 1);
  while (out.size() - start <= maxBytes) {
    std::size_t old = out.size();
    // Fill the reserved room first, then grow a chunk at a time.
    std::size_t room = out.capacity() - old;
    std::size_t want = std::min(room ? room : kChunk, maxBytes + 1 - (old - start));
    out.resize(old + want);
    ssize_t got = ::read(fd, out.data() + old, want);
    if (got < 0) {
      int err = errno;
      out.resize(old);
      if (err == EINTR) continue;
      errno = err;
      return ReadEnd::Failed;
    }
    out.resize(old + static_cast<std::size_t>(got));
    if (got == 0) return ReadEnd::Eof;
  }
  return ReadEnd::TooLarge;
}

ReadEnd readInChunks(int fd, std::size_t chunk, const std::function<bool(std::string_view)>& sink) {
  std::vector<char> buf(chunk);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadEnd::Failed;
    if (n == 0) return ReadEnd::Eof;
    if (!sink(std::string_view(buf.data(), static_cast<std::size_t>(n)))) return ReadEnd::Stopped;
  }
}

}  // namespace flytec::support
