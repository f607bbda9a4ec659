// The engine's private state, shared by engine.cpp (the event loop, nodes,
// executions) and preflight.cpp (checks before the run). Not a public header.
#pragma once

#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <set>

#include "runtime/bindings.h"
#include "runtime/engine.h"
#include "runtime/task_config.h"

namespace flytec::rt {

struct WorkflowRun;
struct NodeRun;

/// ArrayNode bookkeeping for one map node.
struct ArrayRun {
  size_t n = 0, minOk = 0, parallelism = 0;
  size_t next = 0, running = 0, ok = 0, finished = 0;
  std::vector<size_t> failed;
  std::vector<std::optional<flyteidl::core::LiteralMap>> results;
  std::shared_ptr<const TaskConfig> cfg;
  std::shared_ptr<const flyteidl::core::LiteralMap> inputs;
  std::shared_ptr<const std::set<std::string>> mapped;
  flyteidl::core::VariableMap elementOutputs;
  // The first failed element, for E1008's note: its index, attempt and why.
  size_t firstFailureIndex = 0;
  int firstFailureAttempt = 0;
  std::string firstFailure;
};

/// One node of one workflow execution.
struct NodeRun {
  const flyteidl::core::Node* node = nullptr;
  WorkflowRun* wf = nullptr;
  std::string path;  ///< "n0", or "outer/n0" inside a sub-workflow
  enum class State { Waiting, Running, Done, Failed } state = State::Waiting;
  size_t unmet = 0;
  std::vector<NodeRun*> dependents;
  flyteidl::core::LiteralMap outputs;
  std::unique_ptr<ArrayRun> array;
  std::unique_ptr<WorkflowRun> child;
  size_t cachedJobs = 0;  ///< executions answered by the cache (the node's, or its elements')
};

/// One execution of a workflow template (the run's, or a sub-workflow's).
struct WorkflowRun {
  const flyteidl::core::WorkflowTemplate* tmpl = nullptr;
  const flyteidl::admin::WorkflowSpec* scope = nullptr;
  std::string prefix;  ///< "" or "outer/"
  flyteidl::core::LiteralMap inputs;
  flyteidl::core::LiteralMap outputs;  ///< set when finished
  std::map<std::string, std::unique_ptr<NodeRun>> nodes;
  size_t remaining = 0;
  NodeRun* parent = nullptr;
  bool finished = false;
};

/// One execution: a task node, or one element of a map.
struct Job {
  NodeRun* node = nullptr;
  std::optional<size_t> index;
  std::shared_ptr<const TaskConfig> cfg;
  std::shared_ptr<const flyteidl::core::LiteralMap> inputs;  ///< the task's inputs (whole lists for a map)
  std::shared_ptr<const std::set<std::string>> mapped;      ///< mapped inputs (maps only)
  flyteidl::core::LiteralMap elementInputs;                 ///< this element's values (maps only)
  int attempt = 0;
  Clock::time_point notBefore{};
  std::filesystem::path dir;  ///< current attempt's directory
  std::string cacheKey;
  /// Set once the attempt `attempt` is laid out (directory, inputs, argv,
  /// env) but not started: `spec` to start, or `layoutError` to fail with.
  bool prepared = false;
  ExecutionSpec spec;
  std::string layoutError;
};

struct Engine::Impl {
  Impl(const PackageEntities& p, Executor& e, EngineOptions o, DiagnosticEngine& d)
      : program(p), executor(e), options(std::move(o)), diags(d) {}

  const PackageEntities& program;
  Executor& executor;
  EngineOptions options;
  DiagnosticEngine& diags;

  std::map<const flyteidl::core::TaskTemplate*, std::shared_ptr<TaskConfig>> tasks;
  std::filesystem::path runDir;
  std::unique_ptr<WorkflowRun> top;
  std::vector<std::unique_ptr<Job>> jobs;
  std::list<Job*> ready;
  std::vector<Job*> delayed;
  size_t inFlight = 0;
  bool failing = false;
  bool cancelled = false;
  bool executorBroken = false;  ///< E1012 reported
  /// Cancelled executions whose processes could not be told to stop: node
  /// path -> element indexes (empty: the node's own execution), and why.
  std::map<std::string, std::vector<size_t>> notStopped;
  std::string notStoppedWhy;
  ProgressCounts counts;
  std::vector<std::pair<std::string, std::string>> baseEnv;
  std::optional<std::vector<std::string>> daskLauncher;  ///< set by preflight when a Dask task needs it

  // Completions from executor threads.
  struct Event {
    Job* job;
    ExecutionOutcome outcome;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Event> events;
  std::atomic<bool> interrupted{false};

  // preflight.cpp
  std::shared_ptr<TaskConfig> taskConfig(const flyteidl::core::TaskTemplate* t, TaskRefusal* why = nullptr);
  bool checkWorkflow(const flyteidl::core::WorkflowTemplate& wf, const flyteidl::admin::WorkflowSpec* scope,
                     std::set<const void*>& seen, std::set<std::string>& images);
  bool fitsHost(const std::string& name, const flyteidl::core::Node& node, const TaskConfig& eff, TaskConfig& cfg,
                bool known);
  std::set<std::string> scaledNotes;  ///< tasks already noted as larger than the host
  bool checkTaskNode(const flyteidl::core::Node& node, const flyteidl::core::WorkflowTemplate& wf,
                     std::set<std::string>& images);
  /// A Dask task needs the launcher of its own cluster; E1004 without one.
  bool daskLauncherFor(const std::string& name, const TaskConfig& cfg);
  /// The task's command must exist and be executable; E1004 otherwise.
  bool commandFound(const std::string& name, const TaskConfig& cfg);

  // engine.cpp
  void startWorkflow(WorkflowRun* wf);
  void launchNode(NodeRun* n);
  void launchTask(NodeRun* n, const flyteidl::core::LiteralMap& inputs);
  void launchArray(NodeRun* n, const flyteidl::core::LiteralMap& inputs);
  void launchWorkflowNode(NodeRun* n, const flyteidl::core::LiteralMap& inputs);
  void feedArray(NodeRun* n);
  void pump();
  void startJob(Job* job);
  void prepareAttempt(Job* job);
  void prepareAhead();
  void complete(Job* job, const ExecutionOutcome& outcome);
  /// Records a finished try in the trace: its process's status, and what
  /// failed it after a clean exit (`wrote _ERROR`, `outputs rejected`).
  void traceTry(const Job* job, const ExecutionOutcome& outcome, const char* rejected);
  void jobSucceeded(Job* job, flyteidl::core::LiteralMap outputs);
  void jobFailed(Job* job, const std::string& why);
  void elementFinished(NodeRun* n);
  /// The progress line for a finished node: cached, element counts.
  static std::string doneLine(const NodeRun& n);
  void nodeDone(NodeRun* n);
  /// Says once per node, in plain progress, that its executions wait for
  /// CPU or memory (their requests do not fit what is free yet).
  void noteWaiting(const Job& job);
  std::set<const NodeRun*> waitedNodes;
  void nodeFailed(NodeRun* n);
  void finishWorkflow(WorkflowRun* wf);
  void fail();
  OutputLookup lookupIn(WorkflowRun* wf);
  void updateProgress(bool force = false);
};

}  // namespace flytec::rt
