// The --log-file writer; see server_log.h.
#include "server_log.h"

namespace flytec::lsp {

ServerLog::~ServerLog() {
  if (file_) std::fclose(file_);
}

bool ServerLog::open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (file_) std::fclose(file_);
  file_ = std::fopen(path.c_str(), "a");
  return file_ != nullptr;
}

void ServerLog::line(std::string_view text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return;
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace flytec::lsp
