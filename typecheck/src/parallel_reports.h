// Jobs that report diagnostics, run on several threads with the result of
// one: each job reports into an engine of its own (the warning options of the
// target engine, no error limit), and the engines join the target in job
// order, where the error limit applies as it would have on one thread. The
// rule checks (analyze.cpp) and the workflow bodies (nodes.cpp) run this way.
#pragma once

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "diagnostics/diagnostic_engine.h"

namespace flytec::tc {

/// Runs jobs 0..jobs-1 on up to `threads` threads, the calling one among
/// them. Each thread first makes its own worker with `makeWorker()`, then
/// calls `worker(job, engine)` for the jobs it takes; `stop()` is asked
/// before each job (once it says true, the remaining jobs do not run).
template <class MakeWorker, class Stop>
void reportInParallel(size_t jobs, unsigned threads, DiagnosticEngine& diags, MakeWorker makeWorker, Stop stop) {
  DiagnosticOptions own = diags.options();
  own.maxErrors = 0;
  std::vector<std::vector<Diagnostic>> found(jobs);
  std::atomic<size_t> next{0};
  auto work = [&] {
    auto worker = makeWorker();
    for (size_t job; (job = next.fetch_add(1, std::memory_order_relaxed)) < jobs;) {
      if (stop()) return;
      DiagnosticEngine engine(own);
      worker(job, engine);
      found[job] = std::move(engine.diagnostics());
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::min<size_t>(threads, jobs); ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (std::vector<Diagnostic>& each : found)
    for (Diagnostic& d : each) diags.absorb(std::move(d));
}

}  // namespace flytec::tc
