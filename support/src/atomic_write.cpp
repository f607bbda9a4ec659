// See atomic_write.h. Three ways to write, chosen by what is at the path
// (output_path.h): replace a regular file through a temporary sibling, write
// into a device or FIFO, send to a socket; anything else is refused.
#include "support/atomic_write.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "support/error_text.h"
#include "support/output_path.h"

namespace flytec::support {

namespace {

/// Writes all of `data` to `fd` (send() for sockets: no SIGPIPE).
bool writeAll(int fd, std::string_view data, bool socket, std::string& error) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = socket ? ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL)
                       : ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errnoReason(errno);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

/// Closes `fd`; a failing close() (a deferred write error) is the error.
bool closeChecked(int fd, bool ok, std::string& error) {
  if (::close(fd) != 0 && ok) {
    error = errnoReason(errno);
    return false;
  }
  return ok;
}

/// Opens a FIFO for writing without ever blocking on a missing reader:
/// O_NONBLOCK open fails with ENXIO while nobody reads; a reader started
/// just before flytec gets kFifoReaderWaitMs to open its end.
int openFifo(const std::string& path, std::string& error) {
  using namespace std::chrono;
  const auto deadline = steady_clock::now() + milliseconds(kFifoReaderWaitMs);
  for (;;) {
    int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      return fd;
    }
    if (errno != ENXIO) {
      error = errnoReason(errno);
      return -1;
    }
    if (steady_clock::now() >= deadline) {
      error = "is a FIFO with no reader";
      return -1;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
}

/// While alive, SIGPIPE is blocked in this thread: a FIFO's reader that
/// leaves early makes write() fail with EPIPE (E0004 "broken pipe") instead
/// of killing flytec. A SIGPIPE raised meanwhile is consumed on the way out.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    wasPending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &saved_);
  }
  ~SigpipeBlocked() {
    const timespec now{0, 0};
    if (!wasPending_)
      while (sigtimedwait(&pipe_, nullptr, &now) > 0) {
      }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t pipe_, saved_;
  bool wasPending_ = false;
};

/// Writes into a character device or FIFO: no O_CREAT, no O_TRUNC, no rename.
bool writeInto(const OutputTarget& target, std::string_view data, std::string& error) {
  int fd = target.kind == OutputKind::Fifo
               ? openFifo(target.path, error)
               : ::open(target.path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (error.empty()) error = errnoReason(errno);
    return false;
  }
  SigpipeBlocked noSigpipe;
  return closeChecked(fd, writeAll(fd, data, false, error), error);
}

/// Sends to a listening Unix stream socket (open() cannot open one).
bool writeToSocket(const OutputTarget& target, std::string_view data, std::string& error) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (target.path.size() >= sizeof addr.sun_path) {
    error = "is a socket whose path is too long to connect to";
    return false;
  }
  std::memcpy(addr.sun_path, target.path.c_str(), target.path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = "is a socket that does not accept a connection (" + errnoReason(errno) + ")";
    if (fd >= 0) ::close(fd);
    return false;
  }
  return closeChecked(fd, writeAll(fd, data, true, error), error);
}

/// Replaces a regular file (or creates an absent one) through a temporary.
bool replaceRegular(const OutputTarget& target, std::string_view data, std::string& error) {
  int fd = -1;
  llvm::SmallString<256> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(target.path + ".tmp-%%%%%%", fd, tmp)) {
    error = errorReason(ec);
    return false;
  }
  bool ok = true;
  if (target.kind == OutputKind::RegularFile && ::fchmod(fd, target.mode) != 0) {
    error = errnoReason(errno);
    ok = false;
  }
  ok = closeChecked(fd, ok && writeAll(fd, data, false, error), error);
  if (ok && ::rename(tmp.c_str(), target.path.c_str()) != 0) {
    error = errnoReason(errno);
    ok = false;
  }
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

}  // namespace

bool writeFileAtomically(const std::string& path, std::string_view data, std::string& error) {
  OutputTarget target;
  if (!resolveOutput(path, target, error)) return false;
  switch (target.kind) {
    case OutputKind::Absent:
    case OutputKind::RegularFile: return replaceRegular(target, data, error);
    case OutputKind::CharDevice:
    case OutputKind::Fifo: return writeInto(target, data, error);
    case OutputKind::Socket: return writeToSocket(target, data, error);
    case OutputKind::Directory:
    case OutputKind::BlockDevice:
    case OutputKind::Other: break;
  }
  error = describeKind(target.kind);
  return false;
}

}  // namespace flytec::support
