// Progress output (see progress.h).
#include "runtime/progress.h"

namespace flytec::rt {

void Progress::clearLive() {
  if (drawn_) {
    std::fputs("\r\033[K", out_);
    drawn_ = false;
  }
}

void Progress::line(const std::string& text) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  clearLive();
  std::fprintf(out_, "flytec: %s\n", text.c_str());
  std::fflush(out_);
}

void Progress::update(const ProgressCounts& c, bool force) {
  if (quiet_ || !live_) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto now = Clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::string s = "nodes " + std::to_string(c.nodesDone) + "/" + std::to_string(c.nodesTotal);
  if (c.nodesFailed) s += " (" + std::to_string(c.nodesFailed) + " failed)";
  if (c.elementsTotal)
    s += " · elements " + std::to_string(c.elementsDone) + "/" + std::to_string(c.elementsTotal) +
         (c.elementsFailed ? " (" + std::to_string(c.elementsFailed) + " failed)" : "");
  s += " · running " + std::to_string(c.running);
  if (c.waiting) s += " · waiting for cpu/memory " + std::to_string(c.waiting);
  if (c.cached) s += " · cached " + std::to_string(c.cached);
  std::fprintf(out_, "\r\033[K%s", s.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  clearLive();
  std::fflush(out_);
}

}  // namespace flytec::rt
