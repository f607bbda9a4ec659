// `flytec check --time-phases`: wall time, CPU time (user+sys, all threads)
// and memory of each phase of a check, printed to stderr as one line per
// phase when the phase ends. For finding where time and memory go on large
// inputs (bench/README.md, parse section); it measures, it changes nothing.
// Disabled (the default), every call is a no-op.
#pragma once

#include <chrono>
#include <string_view>

namespace llvm {
class raw_ostream;
}

namespace flytec::compilation {

class PhaseTimer {
 public:
  /// `os` null: disabled.
  explicit PhaseTimer(llvm::raw_ostream* os);

  /// Ends the phase that started at the previous mark (or construction) and
  /// prints `phase: wall W s, cpu C s, rss R MB, peak P MB, heap H MB` (heap:
  /// what malloc has handed out and not got back).
  void mark(std::string_view phase);
  /// Prints one more line with the totals since construction.
  void total();
  bool enabled() const { return os_ != nullptr; }

 private:
  llvm::raw_ostream* os_;
  std::chrono::steady_clock::time_point start_, last_;
  double cpuStart_ = 0, cpuLast_ = 0;
};

}  // namespace flytec::compilation
