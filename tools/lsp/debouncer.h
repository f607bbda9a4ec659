// The diagnostics worker: one background thread that runs a job per
// document path, at most once per `debounce` per path (the server's default
// is 0: no minimum). Scheduling a path that is already waiting changes
// nothing (the job reads the newest text when it runs), so edits that
// arrive while a check runs cost one more check, not one each, and stale
// intermediate versions are never checked. The first edit after a quiet
// period runs at once (the deadline is `debounce` after the previous run of
// that path, not after the edit), so an isolated edit is not delayed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace flytec::lsp {

class Debouncer {
 public:
  using Clock = std::chrono::steady_clock;
  Debouncer(std::function<void(const std::string&)> job, std::chrono::milliseconds debounce);
  ~Debouncer();

  /// Run the job for `path` once its debounce has passed.
  void schedule(const std::string& path);
  /// Finish the job in progress, drop the rest, join the thread.
  void stop();

 private:
  void loop();

  std::function<void(const std::string&)> job_;
  std::chrono::milliseconds debounce_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, Clock::time_point> pending_;
  std::map<std::string, Clock::time_point> lastRun_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace flytec::lsp
