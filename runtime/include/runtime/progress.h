// Progress on stderr: on a terminal, one live line (nodes and map elements
// done/running/failed) redrawn at most ten times a second and cleared at the
// end; otherwise plain lines when nodes start and finish. Notes (e.g. that
// images are not used locally) are printed once. It does not decide anything.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "runtime/executor.h"

namespace flytec::rt {

/// Counters the engine keeps up to date.
struct ProgressCounts {
  size_t nodesTotal = 0, nodesDone = 0, nodesFailed = 0;
  size_t elementsTotal = 0, elementsDone = 0, elementsFailed = 0;
  size_t running = 0;
  size_t cached = 0;
  size_t waiting = 0;  ///< ready executions whose requests do not fit yet
};

class Progress {
 public:
  /// `live` = draw a live line (stderr is a terminal); `quiet` = print nothing.
  Progress(FILE* out, bool live, bool quiet = false) : out_(out), live_(live), quiet_(quiet) {}

  /// Whether a live line is drawn (else node events are printed as lines).
  bool isLive() const { return live_ || quiet_; }
  /// A line that stays ("node `sq`: 200 elements").
  void line(const std::string& text);
  /// "note: ..." (printed as a line).
  void note(const std::string& text) { line("note: " + text); }
  /// Redraws the live line (rate-limited unless `force`).
  void update(const ProgressCounts& c, bool force = false);
  /// Clears the live line.
  void finish();

 private:
  void clearLive();
  FILE* out_;
  bool live_;
  bool quiet_;
  std::mutex mu_;
  bool drawn_ = false;
  Clock::time_point last_{};
};

}  // namespace flytec::rt
