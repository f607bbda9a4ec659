// What the Dask executor's pieces share (dask_executor.cpp: the bridge
// process; dask_executor_jobs.cpp: submitting jobs and reading their
// reports; dask_executor_failures.cpp: the bridge or scheduler lost,
// cancellation). Not a public header.
#pragma once

#include <llvm/Support/JSON.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/executor.h"

namespace flytec::rt::dask_protocol {

/// The last `limit` bytes of file `p` (the bridge's log), trailing blanks cut.
inline std::string tailOf(const std::filesystem::path& p, size_t limit = 1500) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > limit) s = "..." + s.substr(s.size() - limit);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

/// A bridge's epoch seconds (time.time() on a worker) on this process's clock.
inline Clock::time_point fromEpoch(double seconds) {
  auto nowSys = std::chrono::system_clock::now();
  auto ago = nowSys.time_since_epoch() - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                             std::chrono::duration<double>(seconds));
  return Clock::now() - std::chrono::duration_cast<Clock::duration>(ago);
}

/// `v` as one protocol line.
inline std::string jsonLine(llvm::json::Value v) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << v;
  os.flush();
  return out + "\n";
}

}  // namespace flytec::rt::dask_protocol
