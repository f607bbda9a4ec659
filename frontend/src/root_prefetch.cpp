// See root_prefetch.h.
#include "root_prefetch.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "frontend/module_graph.h"

namespace flytec {

unsigned rootLoadThreads(const ParseOptions& parse, size_t files) {
  return static_cast<unsigned>(std::min<size_t>(configuredJobs(parse.jobs), files));
}

namespace {

/// One root, read and parsed into engines and statistics of its own. Files
/// are the unit of parallelism here, so a small file's items are parsed on
/// its thread; only a file large enough for parallel items (parser.h) keeps
/// the caller's item threads.
PrefetchedSource prefetch(const std::string& path, const DiagnosticOptions& options, ParseOptions parse) {
  PrefetchedSource out;
  DiagnosticEngine diags(options);
  out.source = readSource(path, diags);
  if (out.source.buffer && out.source.status.parseable) {
    if (out.source.buffer->getBufferSize() < kParallelParseMinBytes) parse.jobs = 1;
    parse.stats = &out.stats;
    parse.counts = &out.counts;
    parse.cache = nullptr;
    parse.cancel = nullptr;
    out.ast = parseMemoryBuffer(*out.source.buffer, diags, parse);
  }
  out.diags = std::move(diags.diagnostics());
  return out;
}

}  // namespace

RootPrefetch::RootPrefetch(const std::vector<std::string>& roots, const DiagnosticOptions& diagnostics,
                           const ParseOptions& parse, unsigned threads) {
  std::vector<std::pair<std::string, std::string>> todo;  // key, path as given
  std::set<std::string> seen;
  for (const std::string& path : roots) {
    std::string key = canonicalSourcePath(path);
    if (seen.insert(key).second) todo.emplace_back(std::move(key), path);
  }
  threads = static_cast<unsigned>(std::min<size_t>(threads, todo.size()));
  if (threads < 2) return;
  threads_ = threads;
  // The loader applies the error limit when it takes the diagnostics, in
  // load order, as it would have while reporting them.
  DiagnosticOptions options = diagnostics;
  options.maxErrors = 0;
  std::vector<PrefetchedSource> done(todo.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < todo.size();)
      done[i] = prefetch(todo[i].second, options, parse);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (size_t i = 0; i < todo.size(); ++i) byKey_.emplace(std::move(todo[i].first), std::move(done[i]));
}

std::optional<PrefetchedSource> RootPrefetch::take(const std::string& key) {
  auto it = byKey_.find(key);
  if (it == byKey_.end()) return std::nullopt;
  PrefetchedSource out = std::move(it->second);
  byKey_.erase(it);
  return out;
}

}  // namespace flytec
