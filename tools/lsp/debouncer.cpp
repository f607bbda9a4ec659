// The diagnostics worker; see debouncer.h.
#include "debouncer.h"

namespace flytec::lsp {

Debouncer::Debouncer(std::function<void(const std::string&)> job, std::chrono::milliseconds debounce)
    : job_(std::move(job)), debounce_(debounce), thread_([this] { loop(); }) {}

Debouncer::~Debouncer() { stop(); }

void Debouncer::schedule(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Clock::time_point now = Clock::now();
    Clock::time_point due = now;
    if (auto it = lastRun_.find(path); it != lastRun_.end() && it->second + debounce_ > now)
      due = it->second + debounce_;
    // Already waiting: keep its deadline. The job reads the newest text when
    // it runs, so the edits in between are covered by that one check.
    pending_.emplace(path, due);
  }
  cv_.notify_all();
}

void Debouncer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    pending_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Debouncer::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto next = pending_.begin();
    for (auto it = pending_.begin(); it != pending_.end(); ++it)
      if (it->second < next->second) next = it;
    if (next->second > Clock::now()) {
      cv_.wait_until(lock, next->second);
      continue;  // re-evaluate: a newer edit may have moved the deadline
    }
    std::string path = next->first;
    pending_.erase(next);
    lastRun_[path] = Clock::now();
    lock.unlock();
    job_(path);
    lock.lock();
  }
}

}  // namespace flytec::lsp
