// The engine's event loop and node scheduling (see engine.h): workflows,
// nodes, map expansion, and handing ready executions to the executor.
// Everything here runs on the thread that called run(); executors only push
// completion events. Maps feed at most `parallelism` elements into the ready
// queue at a time; the executor's admission (slots, CPUs, memory) decides
// what starts. One attempt's life (layout, start, outcome, retry) is in
// attempts.cpp.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine_impl.h"
#include "engine_reports.h"
#include "runtime/array_node.h"
#include "runtime/bindings.h"
#include "runtime/cache.h"
#include "runtime/input_layout.h"
#include "runtime/literal_parse.h"
#include "runtime/output_reader.h"
#include "runtime/placeholder_substitution.h"
#include "runtime/work_dirs.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;
using flyteidl::core::Node;

std::vector<std::pair<std::string, std::string>> minimalEnvironment() {
  std::vector<std::pair<std::string, std::string>> env;
  env.emplace_back("PATH", "/usr/local/bin:/usr/bin:/bin");
  auto host = [](const char* k, const char* dflt) {
    const char* v = getenv(k);
    return std::string(v && *v ? v : dflt);
  };
  env.emplace_back("HOME", host("HOME", "/"));
  env.emplace_back("TMPDIR", host("TMPDIR", "/tmp"));
  env.emplace_back("LANG", host("LANG", "C.UTF-8"));
  if (const char* u = getenv("USER")) env.emplace_back("USER", u);
  return env;
}

Engine::Engine(const PackageEntities& program, Executor& executor, EngineOptions options, DiagnosticEngine& diags)
    : impl_(std::make_unique<Impl>(program, executor, std::move(options), diags)) {
  impl_->baseEnv = minimalEnvironment();
}

Engine::~Engine() = default;

void Engine::interruptFromSignal() noexcept {
  impl_->interrupted = true;
  impl_->executor.wakeWaiter();
}

void Engine::interrupt() {
  interruptFromSignal();
  impl_->cv.notify_all();  // not async-signal-safe: only here
}

namespace {

/// Node ids a binding reads from.
void promiseNodes(const flyteidl::core::BindingData& b, std::set<std::string>& out) {
  switch (b.value_case()) {
    case flyteidl::core::BindingData::kPromise: out.insert(promiseNode(b.promise())); break;
    case flyteidl::core::BindingData::kCollection:
      for (const auto& e : b.collection().bindings()) promiseNodes(e, out);
      break;
    case flyteidl::core::BindingData::kMap:
      for (const auto& [_, e] : b.map().bindings()) promiseNodes(e, out);
      break;
    default: break;
  }
}

flyteidl::core::VariableMap unwrapLists(const flyteidl::core::VariableMap& outputs) {
  flyteidl::core::VariableMap out = outputs;
  for (auto& [_, var] : *out.mutable_variables())
    if (var.type().has_collection_type()) {
      flyteidl::core::LiteralType inner = var.type().collection_type();
      *var.mutable_type() = inner;
    }
  return out;
}

}  // namespace

OutputLookup Engine::Impl::lookupIn(WorkflowRun* wf) {
  return [wf](const std::string& nodeId, const std::string& var) -> const Literal* {
    const LiteralMap* m = nullptr;
    if (nodeId.empty()) {
      m = &wf->inputs;
    } else {
      auto it = wf->nodes.find(nodeId);
      if (it == wf->nodes.end() || it->second->state != NodeRun::State::Done) return nullptr;
      m = &it->second->outputs;
    }
    auto v = m->literals().find(var);
    return v == m->literals().end() ? nullptr : &v->second;
  };
}

void Engine::Impl::updateProgress(bool force) {
  if (options.progress) options.progress->update(counts, force);
}

void Engine::Impl::startWorkflow(WorkflowRun* wf) {
  for (const auto& node : wf->tmpl->nodes()) {
    auto n = std::make_unique<NodeRun>();
    n->node = &node;
    n->wf = wf;
    n->path = wf->prefix + node.id();
    wf->nodes[node.id()] = std::move(n);
  }
  wf->remaining = wf->nodes.size();
  counts.nodesTotal += wf->nodes.size();
  for (auto& [id, n] : wf->nodes) {
    std::set<std::string> deps(n->node->upstream_node_ids().begin(), n->node->upstream_node_ids().end());
    for (const auto& b : n->node->inputs()) promiseNodes(b.binding(), deps);
    for (const auto& d : deps) {
      auto it = wf->nodes.find(d);
      if (d.empty() || it == wf->nodes.end() || it->second.get() == n.get()) continue;
      it->second->dependents.push_back(n.get());
      ++n->unmet;
    }
  }
  if (wf->nodes.empty()) {
    finishWorkflow(wf);
    return;
  }
  std::vector<NodeRun*> roots;
  for (auto& [_, n] : wf->nodes)
    if (n->unmet == 0) roots.push_back(n.get());
  for (auto* n : roots) launchNode(n);
}

void Engine::Impl::launchNode(NodeRun* n) {
  if (failing) return;
  n->state = NodeRun::State::Running;
  const Node& node = *n->node;
  LiteralMap inputs;
  BindingProblem problem;
  auto bindings = &node.inputs();
  if (node.has_array_node() && bindings->empty()) bindings = &node.array_node().node().inputs();
  if (!resolveBindings(*bindings, lookupIn(n->wf), inputs, problem)) {
    reportNodeInputUnresolved(diags, options.diagPath, n->path, problem);
    nodeFailed(n);
    return;
  }
  if (node.has_task_node()) launchTask(n, inputs);
  else if (node.has_array_node()) launchArray(n, inputs);
  else launchWorkflowNode(n, inputs);
}

void Engine::Impl::launchTask(NodeRun* n, const LiteralMap& inputs) {
  const Node& node = *n->node;
  auto base = taskConfig(program.task(node.task_node().reference_id().name()));
  auto job = std::make_unique<Job>();
  job->node = n;
  job->cfg = std::make_shared<TaskConfig>(applyNodeOverrides(
      *base, node.has_metadata() ? &node.metadata() : nullptr,
      node.task_node().has_overrides() ? &node.task_node().overrides() : nullptr));
  job->inputs = std::make_shared<LiteralMap>(inputs);
  ready.push_back(job.get());
  jobs.push_back(std::move(job));
}

void Engine::Impl::launchArray(NodeRun* n, const LiteralMap& inputs) {
  const auto& an = n->node->array_node();
  const Node& sub = an.node();
  auto base = taskConfig(program.task(sub.task_node().reference_id().name()));
  auto a = std::make_unique<ArrayRun>();
  a->cfg = std::make_shared<TaskConfig>(applyNodeOverrides(
      *base, sub.has_metadata() ? &sub.metadata() : nullptr,
      sub.task_node().has_overrides() ? &sub.task_node().overrides() : nullptr));
  a->inputs = std::make_shared<LiteralMap>(inputs);
  a->mapped = std::make_shared<std::set<std::string>>(mappedInputs(an, inputs));
  ElementCountProblem problem;
  auto count = elementCount(inputs, *a->mapped, problem);
  if (!count) {
    reportElementCountProblem(diags, options.diagPath, n->path, problem);
    nodeFailed(n);
    return;
  }
  a->n = *count;
  a->minOk = minSuccesses(an, a->n);
  a->parallelism = an.parallelism_option_case() == flyteidl::core::ArrayNode::kParallelism && an.parallelism() > 0
                       ? an.parallelism()
                       : a->n;
  a->results.resize(a->n);
  a->elementOutputs = unwrapLists(a->cfg->tmpl->interface().outputs());
  counts.elementsTotal += a->n;
  n->array = std::move(a);
  if (options.progress && !options.progress->isLive())
    options.progress->line("node `" + n->path + "` started: " + std::to_string(n->array->n) + " elements");
  if (n->array->n == 0) {
    n->outputs = assembleOutputs(n->array->cfg->tmpl->interface().outputs(), {});
    nodeDone(n);
    return;
  }
  feedArray(n);
}

void Engine::Impl::feedArray(NodeRun* n) {
  ArrayRun& a = *n->array;
  while (!failing && a.next < a.n && a.running < a.parallelism) {
    auto job = std::make_unique<Job>();
    job->node = n;
    job->index = a.next++;
    job->cfg = a.cfg;
    job->inputs = a.inputs;
    job->mapped = a.mapped;
    job->elementInputs = elementInputs(*a.inputs, *a.mapped, *job->index);
    ++a.running;
    ready.push_back(job.get());
    jobs.push_back(std::move(job));
  }
}

void Engine::Impl::launchWorkflowNode(NodeRun* n, const LiteralMap& inputs) {
  const auto& wn = n->node->workflow_node();
  auto child = std::make_unique<WorkflowRun>();
  child->parent = n;
  child->prefix = n->path + "/";
  if (wn.has_sub_workflow_ref()) {
    child->tmpl = program.workflow(wn.sub_workflow_ref().name(), n->wf->scope);
    child->scope = n->wf->scope;
    child->inputs = inputs;
  } else {
    const auto* lp = program.launchPlan(wn.launchplan_ref().name());
    const auto* spec = program.workflowSpec(lp->spec().workflow_id().name());
    child->tmpl = &spec->template_();
    child->scope = spec;
    std::vector<std::string> missing;
    std::string givenButFixed;
    child->inputs =
        launchPlanInputs(lp->spec().default_inputs(), lp->spec().fixed_inputs(), inputs, missing, givenButFixed);
    if (!missing.empty())
      diags.reportAtPath(diag::err_node_launch_plan_input_missing, options.diagPath, n->path, 0, lp->id().name(),
                         missing[0]);
    else if (!givenButFixed.empty())
      diags.reportAtPath(diag::err_node_input_fixed_by_launch_plan, options.diagPath, n->path, 0, givenButFixed);
    if (!missing.empty() || !givenButFixed.empty()) {
      nodeFailed(n);
      return;
    }
  }
  n->child = std::move(child);
  startWorkflow(n->child.get());
}

void Engine::Impl::finishWorkflow(WorkflowRun* wf) {
  if (wf->finished) return;
  wf->finished = true;
  LiteralMap outputs;
  BindingProblem problem;
  if (!resolveBindings(wf->tmpl->outputs(), lookupIn(wf), outputs, problem)) {
    reportWorkflowOutputUnresolved(diags, options.diagPath, wf->parent ? wf->parent->path : wf->tmpl->id().name(),
                                   problem);
    if (wf->parent) nodeFailed(wf->parent);
    else fail();
    return;
  }
  if (wf->parent) {
    wf->parent->outputs = std::move(outputs);
    nodeDone(wf->parent);
  } else {
    wf->outputs = std::move(outputs);
  }
}

std::string Engine::Impl::doneLine(const NodeRun& n) {
  std::string line = "node `" + n.path + "` done";
  if (!n.array) return n.cachedJobs ? line + " (from the cache; nothing ran)" : line;
  const ArrayRun& a = *n.array;
  line += ": " + std::to_string(a.ok) + " of " + std::to_string(a.n) + " elements succeeded";
  if (!a.failed.empty())
    line += ", " + std::to_string(a.failed.size()) + " failed (allowed: at least " + std::to_string(a.minOk) +
            " had to succeed; their outputs are null)";
  if (n.cachedJobs) line += ", " + std::to_string(n.cachedJobs) + " from the cache";
  return line;
}

void Engine::Impl::nodeDone(NodeRun* n) {
  n->state = NodeRun::State::Done;
  ++counts.nodesDone;
  if (options.progress && !options.progress->isLive()) options.progress->line(doneLine(*n));
  for (auto* d : n->dependents)
    if (--d->unmet == 0 && d->state == NodeRun::State::Waiting) launchNode(d);
  if (--n->wf->remaining == 0) finishWorkflow(n->wf);
  updateProgress();
}

void Engine::Impl::nodeFailed(NodeRun* n) {
  n->state = NodeRun::State::Failed;
  ++counts.nodesFailed;
  fail();
}

void Engine::Impl::fail() {
  failing = true;
  ready.clear();
  delayed.clear();
}

void Engine::Impl::noteWaiting(const Job& job) {
  if (!options.progress || options.progress->isLive() || !waitedNodes.insert(job.node).second) return;
  const ResourceRequest& r = job.cfg->requests;
  std::ostringstream asks;
  if (r.cpu) asks << "each requests " << *r.cpu << " CPU";
  else asks << "no cpu request: counts as " << kCpuWithoutRequest << " CPU without -j";
  options.progress->line("node `" + job.node->path + "`" + (job.index ? " elements wait" : " waits") +
                         " for free CPU or memory (" + asks.str() + "); the rest of the run goes on");
}

void Engine::Impl::pump() {
  auto now = Clock::now();
  for (auto it = delayed.begin(); it != delayed.end();) {
    if ((*it)->notBefore <= now) {
      ready.push_back(*it);
      it = delayed.erase(it);
    } else {
      ++it;
    }
  }
  // An interrupt that came while a cache key was hashed or inputs copied
  // starts nothing more (the run loop then stops).
  size_t waiting = 0;
  for (auto it = ready.begin(); it != ready.end() && !failing && !interrupted;) {
    if (executor.saturated()) break;
    Job* job = *it;
    if (!executor.canStart(job->cfg->requests)) {
      ++waiting;
      noteWaiting(*job);
      ++it;
      continue;
    }
    it = ready.erase(it);
    startJob(job);
  }
  counts.waiting = waiting;
  if (!failing && !interrupted) prepareAhead();
  executor.flush();
}

void Engine::Impl::elementFinished(NodeRun* n) {
  ArrayRun& a = *n->array;
  feedArray(n);
  if (a.finished != a.n) return;
  std::sort(a.failed.begin(), a.failed.end());
  if (a.ok < a.minOk) {
    std::string idx;
    for (size_t i : a.failed) idx += (idx.empty() ? "" : ", ") + std::to_string(i);
    diags.reportAtPath(diag::err_map_elements_failed, options.diagPath, n->path, a.failed.size(), a.n, idx, a.minOk)
        .note({}, reason::first_failure, a.firstFailureIndex, a.firstFailureAttempt, a.firstFailure);
    nodeFailed(n);
    return;
  }
  n->outputs = assembleOutputs(a.cfg->tmpl->interface().outputs(), a.results);
  nodeDone(n);
}

void Engine::Impl::jobSucceeded(Job* job, LiteralMap outputs) {
  NodeRun* n = job->node;
  if (!job->index) {
    n->outputs = std::move(outputs);
    nodeDone(n);
    return;
  }
  ArrayRun& a = *n->array;
  ++counts.elementsDone;
  a.results[*job->index] = std::move(outputs);
  ++a.ok;
  --a.running;
  ++a.finished;
  elementFinished(n);
  updateProgress();
}

RunResult Engine::run(const RunTarget& target, const LiteralMap& inputs) {
  Impl& I = *impl_;
  RunResult result;
  I.runDir = I.options.stateDir / "runs" / newRunId();
  std::error_code ec;
  fs::create_directories(I.runDir, ec);
  spreadFrom(I.runDir);
  result.runDir = I.runDir;
  I.top = std::make_unique<WorkflowRun>();
  I.top->tmpl = target.workflow;
  I.top->scope = target.spec;
  I.top->inputs = inputs;
  I.startWorkflow(I.top.get());
  for (;;) {
    if (I.interrupted && !I.cancelled) {
      I.cancelled = true;
      I.fail();
      I.executor.cancelAll();
    }
    if (I.failing && !I.cancelled && I.inFlight > 0) {
      I.cancelled = true;
      I.executor.cancelAll();
    }
    if (!I.failing) I.pump();
    std::deque<Impl::Event> batch;
    {
      std::unique_lock<std::mutex> lock(I.mu);
      bool idle = I.inFlight == 0 && I.events.empty();
      if (idle && (I.failing || I.top->finished) ) break;
      if (idle && I.ready.empty() && I.delayed.empty()) break;  // nothing can make progress
      auto wait = std::chrono::milliseconds(100);
      if (!I.delayed.empty()) {
        auto next = I.delayed.front()->notBefore;
        for (auto* j : I.delayed) next = std::min(next, j->notBefore);
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()) +
                                  std::chrono::milliseconds(1));
      }
      wait = std::max(wait, std::chrono::milliseconds(0));
      if (I.events.empty() && !I.interrupted) {
        // The local executor waits for its children right here (its done
        // callbacks then push events from this thread); others report from
        // threads of their own.
        lock.unlock();
        bool waited = I.executor.waitHere(wait);
        lock.lock();
        if (!waited && I.events.empty() && !I.interrupted) I.cv.wait_for(lock, wait);
      }
      batch.swap(I.events);
    }
    // Shown when they happen (a user watching a hung run must see why), and
    // reported with the run's other diagnostics at the end, as every warning.
    for (const Executor::Stall& s : I.executor.takeStalls()) {
      // Seconds as printf's `%g` shows them (`2`, `0.5`).
      const std::string waited = fmt::format("{:g}", s.waited);
      if (I.options.progress)
        I.options.progress->line(
            "warning: " + DiagnosticEngine::text(diag::warn_dask_scheduler_stalled, s.address, waited, s.inFlight) +
            " [W1023]");
      I.diags.reportAtPath(diag::warn_dask_scheduler_stalled, I.options.diagPath, s.address, waited, s.inFlight);
    }
    if (I.options.progress)
      for (auto& n : I.executor.takeNotes()) I.options.progress->note(n);
    // An executor that broke (the Dask bridge died) took every execution in
    // flight with it; retrying them cannot help, so the run stops, once.
    if (!batch.empty() && !I.executorBroken) {
      if (auto why = I.executor.failure()) {
        I.executorBroken = true;
        reportExecutorFailure(I.diags, I.options.diagPath, *why);
        I.fail();
      }
    }
    for (auto& e : batch) I.complete(e.job, e.outcome);
    I.updateProgress();
  }
  if (I.options.progress) {
    I.updateProgress(true);
    I.options.progress->finish();
  }
  for (auto& [path, indexes] : I.notStopped) {
    result.notStoppedCount += std::max<size_t>(1, indexes.size());
    std::string what = "node `" + path + "`";
    std::sort(indexes.begin(), indexes.end());
    for (size_t i = 0; i < indexes.size(); ++i)
      what += (i == 0 ? (indexes.size() == 1 ? " element " : " elements ") : i + 1 == indexes.size() ? " and " : ", ") +
              std::to_string(indexes[i]);
    result.notStopped.push_back(std::move(what));
  }
  result.notStoppedWhy = I.notStoppedWhy;
  if (I.interrupted) result.status = RunResult::Status::Interrupted;
  else if (I.failing || !I.top->finished) result.status = RunResult::Status::Failed;
  else {
    result.status = RunResult::Status::Succeeded;
    result.outputs = std::move(I.top->outputs);
  }
  return result;
}

}  // namespace flytec::rt
