// Opening and reading a file a user named (a source, an import, a package, a
// task's input) that must be a regular file. One mechanism for every such
// reader, because each of them was bitten by the same three things: a FIFO
// that blocks open() until a writer comes (opened here with O_NONBLOCK and
// judged by fstat on the open descriptor, so what was checked is what is
// read), a size that lies (`/proc` files say 0 bytes; any file may grow or
// shrink while read: it is read with read(2) until end of file, never
// trusting st_size), and memory mapping (a mapped file that shrinks is
// SIGBUS). It formats no message: each caller says what went wrong in its
// own diagnostics' terms, from errno and the file's status.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace flytec::support {

/// A file descriptor closed when it goes out of scope.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

/// Opens `path` read-only without blocking (O_NOFOLLOW unless
/// `followLinks`) and fills `st` from the open descriptor. Invalid, with
/// errno set, when open or fstat fails. Whatever `path` is, it is returned
/// open: the caller decides from `st.st_mode` (S_ISREG) whether to read it.
UniqueFd openForReading(const std::string& path, bool followLinks, struct stat& st);

/// How a read to the end of a file ended.
enum class ReadEnd {
  Eof,       ///< everything was read
  TooLarge,  ///< more than the limit was there; what was read is kept
  Failed,    ///< read(2) failed; errno says why
  Stopped,   ///< the sink asked to stop
};

/// Appends to `out` everything `fd` holds from its offset on, at most
/// `maxBytes` (reading stops at maxBytes + 1: TooLarge). `sizeHint` (st_size,
/// 0 if unknown) sizes the first read, so a file whose size is right costs
/// one read and no copy.
ReadEnd readToEnd(int fd, std::size_t maxBytes, std::size_t sizeHint, std::string& out);

/// Reads `fd` to its end in pieces of at most `chunk` bytes, handing each to
/// `sink`; a sink that returns false stops the reading (Stopped).
ReadEnd readInChunks(int fd, std::size_t chunk, const std::function<bool(std::string_view)>& sink);

}  // namespace flytec::support
