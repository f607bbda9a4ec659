// One attempt of one execution (see engine_impl.h): the cache lookup, the
// attempt directory and input layout, argv/env for the executor, and what
// its outcome means (outputs read, retry with backoff, or the node's
// failure). Node scheduling and the event loop are in engine.cpp; this file
// only reports back through jobSucceeded/elementFinished/nodeFailed.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine_impl.h"
#include "diagnostics/diagnostic_reason.h"
#include "runtime/cache.h"
#include "runtime/dask_bridge.h"
#include "runtime/input_layout.h"
#include "runtime/literal_text.h"
#include "runtime/output_reader.h"
#include "runtime/placeholder_substitution.h"
#include "runtime/work_dirs.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;

namespace {

/// W1009 for a cache entry that cannot be used.
void reportCacheDefect(DiagnosticEngine& diags, const std::string& path, const CacheDefect& d) {
  using Kind = CacheDefect::Kind;
  switch (d.kind) {
    case Kind::UnreadableOutputs: diags.reportAtPath(diag::warn_cache_outputs_unreadable, path, d.entry); return;
    case Kind::NoDigests: diags.reportAtPath(diag::warn_cache_digests_missing, path, d.entry); return;
    case Kind::MissingFile: diags.reportAtPath(diag::warn_cache_file_missing, path, d.entry, d.file); return;
    case Kind::NoDigestFor: diags.reportAtPath(diag::warn_cache_file_without_digest, path, d.entry, d.file); return;
    case Kind::FileChanged: diags.reportAtPath(diag::warn_cache_file_changed, path, d.entry, d.file); return;
  }
}

/// The last lines of a file (at most 2 KiB, 10 lines).
std::string tail(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  std::streamoff start = std::max<std::streamoff>(0, size - 2048);
  in.seekg(start);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::vector<std::string> lines;
  std::istringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) lines.push_back(line);
  size_t from = lines.size() > 10 ? lines.size() - 10 : 0;
  std::string out;
  for (size_t i = from; i < lines.size(); ++i) out += "\n    | " + lines[i];
  return out;
}


}  // namespace

void Engine::Impl::startJob(Job* job) {
  if (!job->prepared) {
    const TaskConfig& cfg = *job->cfg;
    if (job->attempt == 0 && cfg.cacheable && options.useCache) {
      const LiteralMap& values = job->index ? job->elementInputs : *job->inputs;
      auto key = cacheKey(cfg.name, cfg.cacheVersion, cfg.tmpl->interface(), values, &interrupted);
      if (!key) return;  // interrupted while hashing input files: the run loop stops
      job->cacheKey = *key;
      std::optional<CacheDefect> defect;
      if (auto hit = Cache(options.stateDir / "cache", &interrupted).lookup(job->cacheKey, defect)) {
        ++job->attempt;
        if (options.trace) {
          auto now = Clock::now();
          options.trace->record({job->node->path, job->index, 0, now, now, "cached", std::nullopt, true, ""});
        }
        ++counts.cached;
        ++job->node->cachedJobs;
        jobSucceeded(job, std::move(*hit));
        return;
      }
      if (defect) reportCacheDefect(diags, options.diagPath, *defect);
    }
    prepareAttempt(job);
  }
  job->prepared = false;
  if (interrupted) return;  // its input copies may have stopped half-way
  // A task node is "started" when its first attempt starts, not when it
  // became ready: a cache hit never starts (its "done" line says so).
  if (!job->index && job->attempt == 1 && options.progress && !options.progress->isLive())
    options.progress->line("node `" + job->node->path + "` started");
  if (!job->layoutError.empty()) {
    std::string error = std::move(job->layoutError);
    job->layoutError.clear();
    jobFailed(job, error);
    return;
  }
  ++inFlight;
  ++counts.running;
  executor.start(std::move(job->spec), [this, job](ExecutionOutcome outcome) {
    {
      std::lock_guard<std::mutex> lock(mu);
      events.push_back({job, std::move(outcome)});
    }
    cv.notify_all();
  });
  job->spec = ExecutionSpec{};
  updateProgress();
}

void Engine::Impl::prepareAttempt(Job* job) {
  const TaskConfig& cfg = *job->cfg;
  ++job->attempt;
  job->prepared = true;
  job->layoutError.clear();
  const LiteralMap& values = job->index ? job->elementInputs : *job->inputs;
  job->dir = attemptDir(runDir, job->node->path, job->index, job->attempt);
  fs::path in = job->dir / "inputs", out = job->dir / "outputs";
  std::string error;
  if (!createAttemptDir(job->dir, cfg.usesOutputsDir, error)) {
    job->layoutError = reasonText(reason::inputs_not_laid_out, error);
    return;
  }
  // A command that never names the inputs directory cannot reach it, so it
  // gets none (nor anything inside).
  if (cfg.usesInputsDir) {
    LayoutRequest req{cfg.refs, job->index, job->mapped ? *job->mapped : std::set<std::string>{}, &interrupted};
    if (!writeInputLayout(in, *job->inputs, req, error)) {
      job->layoutError = reasonText(reason::inputs_not_laid_out, error);
      return;
    }
  }
  ExecutionSpec& spec = job->spec;
  spec = ExecutionSpec{};
  spec.label = job->node->path + (job->index ? "[" + std::to_string(*job->index) + "]" : "");
  auto lookup = [&](const std::string& name) -> const Literal* {
    auto it = values.literals().find(name);
    if (it == values.literals().end()) return nullptr;
    // A file or dir named inline is a path of this host (literal_text.h):
    // an executor that runs elsewhere carries it over (ExecutionSpec).
    const Literal* v = &it->second;
    if (v->has_scalar() && v->scalar().has_union_()) v = &v->scalar().union_().value();
    if (v->has_scalar() && v->scalar().has_blob()) {
      auto path = inlineText(*v);
      if (path && std::find(spec.namedPaths.begin(), spec.namedPaths.end(), *path) == spec.namedPaths.end())
        spec.namedPaths.push_back(*path);
    }
    return &it->second;
  };
  for (const auto& a : cfg.argv) {
    std::string s = replacePathPrefix(a, cfg.inputPrefix, in.string());
    s = replacePathPrefix(s, cfg.outputPrefix, out.string());
    if (!substituteInputPlaceholders(s, lookup, error)) {
      job->layoutError = error;
      return;
    }
    spec.argv.push_back(std::move(s));
  }
  // A Dask task's command runs inside its own short-lived cluster, wherever
  // the executor puts it (dask_bridge.h).
  if (cfg.dask && daskLauncher) spec.argv = wrapInDaskCluster(*daskLauncher, *cfg.dask, spec.argv);
  std::map<std::string, std::string> env(baseEnv.begin(), baseEnv.end());
  for (const auto& [k, v] : cfg.env) env[k] = v;
  if (job->index) env["FLYTE_K8S_ARRAY_INDEX"] = std::to_string(*job->index);
  for (const auto& [k, v] : env) spec.env.push_back(k + "=" + v);
  spec.cwd = options.cwd;
  spec.stdoutPath = job->dir / "stdout";
  spec.stderrPath = job->dir / "stderr";
  spec.requests = cfg.requests;
  spec.timeout = cfg.timeout;
  spec.workDir = job->dir;
}

void Engine::Impl::prepareAhead() {
  // The next executions to start, laid out while the running ones run: when
  // one ends, the engine only spawns the next (its directories were most of
  // the gap between executions on a slot). A few only, so that a run that
  // fails leaves few directories of attempts that never started. Not one
  // that may be a cache hit (its lookup comes first, in startJob).
  constexpr size_t kLookahead = 2;
  size_t n = 0;
  for (auto it = ready.begin(); it != ready.end() && n < kLookahead; ++it, ++n) {
    Job* job = *it;
    if (job->prepared) continue;
    if (job->attempt == 0 && job->cfg->cacheable && options.useCache) break;
    prepareAttempt(job);
  }
}

void Engine::Impl::traceTry(const Job* job, const ExecutionOutcome& outcome, const char* rejected) {
  if (!options.trace) return;
  std::string status = outcome.kind == ExecutionOutcome::Kind::Exited ? "exit " + std::to_string(outcome.exitCode)
                       : outcome.kind == ExecutionOutcome::Kind::TimedOut ? "timeout"
                       : outcome.kind == ExecutionOutcome::Kind::Cancelled ? "cancelled"
                       : outcome.kind == ExecutionOutcome::Kind::Signaled ? "signal " + std::to_string(outcome.signal)
                                                                           : "spawn failed";
  if (*rejected) status += std::string(", ") + rejected;  // the try failed although its process did not
  std::optional<int> exit;
  if (outcome.kind == ExecutionOutcome::Kind::Exited) exit = outcome.exitCode;
  // A try the executor ran again by itself (its Dask worker died): from
  // its start until the try that completed started.
  for (const auto& t : outcome.earlierTries)
    options.trace->record({job->node->path, job->index, job->attempt, t.start, std::max(t.start, outcome.start),
                           "rerun by Dask", std::nullopt, false, t.where});
  options.trace->record(
      {job->node->path, job->index, job->attempt, outcome.start, outcome.end, status, exit, false, outcome.where});
}

void Engine::Impl::complete(Job* job, const ExecutionOutcome& outcome) {
  --inFlight;
  --counts.running;
  if (outcome.notStopped) {
    auto& indexes = notStopped[job->node->path];
    if (job->index) indexes.push_back(*job->index);
    if (notStoppedWhy.empty()) notStoppedWhy = outcome.error;
  }
  if (failing || outcome.kind == ExecutionOutcome::Kind::Cancelled) return traceTry(job, outcome, "");
  fs::path out = job->dir / "outputs";
  // Without an outputs directory (its command never names it) there is no
  // `_ERROR` to look for.
  if (auto why = job->cfg->usesOutputsDir ? errorFileFailure(out) : std::nullopt) {
    traceTry(job, outcome, "wrote _ERROR");
    jobFailed(job, *why);
    return;
  }
  if (!outcome.succeeded()) {
    traceTry(job, outcome, "");
    std::string why = outcome.describe();
    if (outcome.kind == ExecutionOutcome::Kind::TimedOut && job->cfg->timeout)
      why = reasonText(reason::timed_out_after, job->cfg->timeout->count());
    jobFailed(job, why);
    return;
  }
  LiteralMap outputs;
  std::string error;
  const auto& vars = job->index ? job->node->array->elementOutputs : job->cfg->tmpl->interface().outputs();
  if (!readOutputs(out, vars, outputs, error)) {
    traceTry(job, outcome, "outputs rejected");
    jobFailed(job, error);
    return;
  }
  traceTry(job, outcome, "");
  if (!job->cacheKey.empty()) {
    // Not storing is not fatal, but not silent either (a tree that cannot
    // be copied would otherwise just never be a hit).
    std::string e;
    if (!Cache(options.stateDir / "cache", &interrupted).store(job->cacheKey, outputs, e) && !interrupted)
      diags.reportAtPath(diag::warn_cache_store_failed, options.diagPath, job->node->path, e);
  }
  jobSucceeded(job, std::move(outputs));
}

void Engine::Impl::jobFailed(Job* job, const std::string& why) {
  if (job->attempt <= job->cfg->retries && !failing) {
    auto backoff = options.retryBackoff * (1 << std::min(job->attempt - 1, 6));
    job->notBefore = Clock::now() + std::min<std::chrono::milliseconds>(backoff, std::chrono::milliseconds(5000));
    if (options.progress)
      options.progress->line("node `" + job->node->path + "`" +
                             (job->index ? " element " + std::to_string(*job->index) : "") + " attempt " +
                             std::to_string(job->attempt) + " failed; retrying");
    delayed.push_back(job);
    return;
  }
  NodeRun* n = job->node;
  // With the end of its stderr (none when it never started) and where its
  // files stay.
  std::string msg =
      job->dir.empty() ? why : reasonText(reason::failed_with_files, why, tail(job->dir / "stderr"), job->dir.string());
  if (!job->index) {
    diags.reportAtPath(diag::err_node_failed, options.diagPath, n->path, job->attempt, msg);
    nodeFailed(n);
    return;
  }
  ArrayRun& a = *n->array;
  ++counts.elementsFailed;
  a.failed.push_back(*job->index);
  if (a.firstFailure.empty()) {
    a.firstFailureIndex = *job->index;
    a.firstFailureAttempt = job->attempt;
    a.firstFailure = msg;
  }
  --a.running;
  ++a.finished;
  if (a.n - a.failed.size() < a.minOk && a.minOk == a.n) {
    // Every element must succeed: fail now, naming this element.
    diags.reportAtPath(diag::err_map_element_failed, options.diagPath, n->path, *job->index, job->attempt, msg);
    nodeFailed(n);
    return;
  }
  elementFinished(n);
}
}  // namespace flytec::rt
