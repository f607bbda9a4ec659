// The server's own log (`flytec lsp --log-file PATH`): one line per event
// worth knowing when tuning or debugging an editor session (what each check
// parsed and reused, checks and requests cancelled), flushed as written so a
// test can read it after the server exits. Without a path it does nothing.
// It is not the LSP `window/logMessage` channel, which goes to the user.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace flytec::lsp {

class ServerLog {
 public:
  ServerLog() = default;
  ~ServerLog();
  ServerLog(const ServerLog&) = delete;
  ServerLog& operator=(const ServerLog&) = delete;

  /// Appends to `path` (created when missing; `flytec lsp` has already
  /// started it empty through the output writer, never by truncating it);
  /// false if it cannot be opened.
  bool open(const std::string& path);
  bool enabled() const { return file_ != nullptr; }
  /// Append one line; safe from any thread.
  void line(std::string_view text);

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

}  // namespace flytec::lsp
