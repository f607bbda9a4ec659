// `--trace FILE`: every execution attempt as a Chrome/Perfetto trace event
// ("ph": "X", microseconds since the run started) with its node, map index,
// attempt and exit status in `args`; cache hits are instant events. Lanes
// (`tid`) are assigned so that overlapping executions get different rows.
// The file is written once, at the end of the run, atomically. It does not
// time anything itself; the engine reports finished executions.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/executor.h"

namespace flytec::rt {

/// One finished attempt (or a cache hit, with `cached` set).
struct TraceRecord {
  std::string node;
  std::optional<size_t> index;
  int attempt = 0;
  Clock::time_point start, end;
  std::string status;  ///< "exit 0", "exit 1", "timeout", "cancelled", "cached", ...
  std::optional<int> exitCode;
  bool cached = false;
  std::string worker;  ///< the Dask worker that ran it (empty locally)
};

class TraceRecorder {
 public:
  explicit TraceRecorder(Clock::time_point origin) : origin_(origin) {}
  void record(TraceRecord r);
  /// The Chrome trace JSON of everything recorded.
  std::string toJson() const;
  /// Writes toJson() to `path` (temporary file, then rename).
  bool write(const std::filesystem::path& path, std::string& error) const;

 private:
  Clock::time_point origin_;
  mutable std::mutex mu_;
  std::vector<TraceRecord> records_;
};

}  // namespace flytec::rt
