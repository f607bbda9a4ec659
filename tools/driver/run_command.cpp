// `flytec run FILE|PKG`: loads compiled specs (a package archive, directory
// or `.pb`; a `.flyte` file is compiled in memory, exactly as `flytec
// compile` does: compilation/compilation.h), parses `--input`/`--inputs` by
// the declared types, checks every task before anything starts, runs the
// workflow with the local executor or on Dask (`--dask`), prints the
// outputs as one JSON object on stdout and diagnostics on stderr.
// SIGINT/SIGTERM/SIGHUP stop every task process and exit 130; the guardian
// (runtime/process_lifetime.h) kills what is left when flytec exits, even
// by SIGKILL. The engine itself lives in runtime/; this file only wires
// options, signals and output.
#include <CLI/CLI.hpp>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include "command.h"
#include "compilation/compilation.h"
#include "llvm/Support/SourceMgr.h"
#include "runtime/dask_bridge.h"
#include "runtime/dask_executor.h"
#include "runtime/engine.h"
#include "runtime/literal_text.h"
#include "runtime/local_executor.h"
#include "runtime/process_lifetime.h"
#include "runtime/run_inputs.h"
#include "runtime/work_dirs.h"
#include "support/atomic_write.h"

namespace flytec::driver {

namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::string input;
  std::string workflow;
  std::vector<std::string> assignments;
  std::string inputsFile;
  unsigned jobs = 0;
  bool noCache = false;
  std::string trace;
  std::string dask;
  std::string daskPython;
  double daskConnectTimeout = 10;
  std::string daskStage = "auto";
  std::string daskStorage;
  uint64_t daskStorageThreshold = 8u << 20;
  double daskStallWarning = 30;
  std::string hostFit = "scale";
};

bool isSourceFile(const std::string& p) { return p.size() > 6 && p.compare(p.size() - 6, 6, ".flyte") == 0; }

/// SIGINT/SIGTERM/SIGHUP (a closed terminal or SSH session) stop the run:
/// a handler calls the engine's interruptFromSignal(). Until watch() (the
/// engine is about to run) they
/// are blocked in this thread, so that threads started meanwhile (the Dask
/// executor's) inherit them blocked and only the engine's thread ever runs
/// the handler; a signal that came early is pending and arrives at watch().
/// A handler rather than a thread waiting in sigwait(): starting and joining
/// that thread was a visible share of a small run.
class SignalWatcher {
 public:
  SignalWatcher() {
    struct sigaction sa {};
    sa.sa_handler = &SignalWatcher::handle;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &oldInt_);
    sigaction(SIGTERM, &sa, &oldTerm_);
    sigaction(SIGHUP, &sa, &oldHup_);
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~SignalWatcher() {
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    engine_ = nullptr;
    // One that came after the run is dropped, not delivered to the restored
    // (default) disposition.
    struct timespec now {};
    while (sigtimedwait(&set_, nullptr, &now) > 0) {
    }
    sigaction(SIGINT, &oldInt_, nullptr);
    sigaction(SIGTERM, &oldTerm_, nullptr);
    sigaction(SIGHUP, &oldHup_, nullptr);
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  /// From now on a signal interrupts `engine` (one that came already does).
  void watch(rt::Engine& engine) {
    engine_ = &engine;
    pthread_sigmask(SIG_UNBLOCK, &set_, nullptr);
  }
  /// Stops interrupting the engine (it has returned).
  void unwatch() {
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    engine_ = nullptr;
  }

 private:
  static void handle(int) {
    if (rt::Engine* e = engine_.load()) e->interruptFromSignal();
  }
  static inline std::atomic<rt::Engine*> engine_{nullptr};
  struct sigaction oldInt_ {}, oldTerm_ {}, oldHup_ {};
  sigset_t set_, old_;
};

/// Emits the diagnostics and returns the exit code it is given: every
/// return of `run` goes through it, at the point the original flow did.
using Finish = std::function<int(int)>;

/// The package `o.input` names: a `.flyte` file lowered in memory, else a
/// package read from disk. nullopt after reporting, with `exit` set.
std::optional<idl::Package> loadPackage(const RunOptions& o, compilation::Compilation& compilation, int& exit) {
  DiagnosticEngine& diags = compilation.diagnostics();
  std::error_code ec;
  if (!fs::exists(o.input, ec)) {
    diags.reportAtPath(diag::err_file_not_found, o.input, o.input);
    exit = kExitUsage;
    return std::nullopt;
  }
  if (isSourceFile(o.input)) {
    backend::LowerOptions lowerOpts;
    lowerOpts.flytecVersion = FLYTEC_VERSION;
    compilation::LoweredSource lowered = compilation.lowerToPackage(o.input, lowerOpts);
    if (!lowered.package) exit = lowered.checked.usageProblem() ? kExitUsage : kExitFailure;
    return std::move(lowered.package);
  }
  idl::PackageReadResult read = compilation.readPackage(o.input);
  if (read.unreadable() || read.hasErrors()) {
    exit = read.unreadable() ? kExitUsage : kExitFailure;  // E0905/E0906: the package cannot be read
    return std::nullopt;
  }
  return std::move(read.package);
}

/// `--dask`'s executor; null after reporting E1011.
std::unique_ptr<rt::Executor> daskExecutor(const RunOptions& o, rt::DaskToolchain& toolchain,
                                           const fs::path& stateDir, DiagnosticEngine& diags) {
  rt::DaskOptions dopt;
  rt::DaskProblem why;
  if (!rt::parseDaskTarget(o.dask, dopt.scheduler, dopt.localWorkers, why) || !toolchain.available(why)) {
    rt::reportDaskUnavailable(diags, o.input, why);
    return nullptr;
  }
  dopt.python = toolchain.python();
  dopt.scripts = toolchain.scripts();
  dopt.stage = o.daskStage;
  dopt.storage = o.daskStorage;
  dopt.storageThreshold = o.daskStorageThreshold;
  dopt.stallWarning = o.daskStallWarning;
  dopt.jobs = o.jobs;
  dopt.scratch = stateDir / "dask";
  dopt.connectTimeout = std::chrono::milliseconds(static_cast<int64_t>(o.daskConnectTimeout * 1000));
  auto dask = rt::DaskExecutor::connect(std::move(dopt), why);
  if (!dask) rt::reportDaskUnavailable(diags, o.input, why);
  return dask;
}

/// Executions flytec cancelled but could not reach (Dask workers that see
/// no cancel marker, under a scheduler that did not take the cancellation):
/// which, and when they will stop, rather than claim they stopped. "" if none.
std::string notStoppedText(const rt::RunResult& result) {
  if (!result.notStoppedCount) return "";
  std::string list;
  for (size_t i = 0; i < result.notStopped.size(); ++i) list += (i ? "; " : "") + result.notStopped[i];
  return std::to_string(result.notStoppedCount) + " execution" + (result.notStoppedCount == 1 ? "" : "s") +
         " on Dask workers could not be told to stop (" + list + "): " + result.notStoppedWhy +
         "; they stop when it answers again (it then drops this run's tasks), or when their workers lose "
         "it or are stopped";
}

/// After the engine returned: the trace, where the logs are, the outputs
/// (JSON on stdout) or what stopped the run; the exit code through finish.
int reportResult(const RunOptions& o, const rt::RunResult& result, const rt::TraceRecorder& trace,
                 rt::Progress& progress, DiagnosticEngine& diags, const Finish& finish) {
  // The trace goes through the one output writer (docs/outputs.md); an
  // unwritable trace is E0004 and, after a successful run, exit 2.
  bool traceWritten = true;
  if (!o.trace.empty()) {
    std::string terr;
    traceWritten = support::writeFileAtomically(o.trace, trace.toJson(), terr);
    if (!traceWritten) diags.reportAtPath(diag::err_cannot_write_output, o.trace, o.trace, terr);
  }
  // Where every execution's stdout and stderr are: a task's own output is
  // not copied to the terminal, so say where it is, after success or failure.
  bool interrupted = result.status == rt::RunResult::Status::Interrupted;
  if (!interrupted && !result.runDir.empty())
    progress.line("logs: " + result.runDir.string() + "/NODE[/INDEX]/attempt-N/{stdout,stderr}");
  std::string notStopped = notStoppedText(result);
  if (!notStopped.empty() && !interrupted) progress.line("warning: " + notStopped);
  switch (result.status) {
    case rt::RunResult::Status::Succeeded: {
      rt::JsonFlavor flavor;
      flavor.durationsAsNull = false;
      std::cout << rt::literalMapToJson(result.outputs, flavor) << std::endl;
      if (!traceWritten) return finish(kExitUsage);
      return finish(diags.hasErrors() ? kExitFailure : kExitOk);
    }
    case rt::RunResult::Status::Interrupted:
      progress.line(notStopped.empty()
                        ? "interrupted; every task process was stopped (files under " + result.runDir.string() + ")"
                        : "interrupted; " + notStopped + " (files under " + result.runDir.string() + ")");
      return finish(kExitInterrupted);
    case rt::RunResult::Status::Failed: break;
  }
  return finish(kExitFailure);
}

/// Runs `target` with `inputs` on the local executor or Dask, signals
/// interrupting it, and reports the result.
int execute(const RunOptions& o, const rt::PackageEntities& program, const rt::RunTarget& target,
            const flyteidl::core::LiteralMap& inputs, const std::vector<std::string>& inputNotes,
            const fs::path& cwd, DiagnosticEngine& diags, const Finish& finish) {
  SignalWatcher watcher;
  rt::Progress progress(stderr, isatty(2));
  for (const std::string& note : inputNotes) progress.note(note);
  rt::TraceRecorder trace(rt::Clock::now());
  fs::path stateDir = rt::stateDirFor(cwd);
  // The interpreter and bridge a Dask task's own cluster needs (found once,
  // only when a Dask task is about to run) and `--dask`'s executor.
  rt::DaskToolchain daskToolchain(o.daskPython, stateDir);
  // Before any thread starts (the Dask executor's): it is forked.
  rt::startGuardian();
  std::unique_ptr<rt::Executor> executor;
  if (o.dask.empty())
    executor = std::make_unique<rt::LocalExecutor>(rt::detectHostCapacity(o.jobs));
  else
    executor = daskExecutor(o, daskToolchain, stateDir, diags);
  if (!executor) return finish(kExitUsage);
  rt::EngineOptions eopts;
  eopts.dask = &daskToolchain;
  eopts.stateDir = stateDir;
  eopts.cwd = cwd;
  eopts.useCache = !o.noCache;
  eopts.progress = &progress;
  eopts.trace = o.trace.empty() ? nullptr : &trace;
  eopts.diagPath = o.input;
  eopts.refuseOversized = o.hostFit == "refuse";
  rt::Engine engine(program, *executor, eopts, diags);
  if (!engine.preflight(target)) return finish(kExitFailure);
  watcher.watch(engine);
  rt::RunResult result = engine.run(target, inputs);
  watcher.unwatch();
  return reportResult(o, result, trace, progress, diags, finish);
}

int runCommand(const RunOptions& o, const GlobalOptions& global) {
  bool ok = true;
  compilation::CompilationOptions copts;
  copts.diagnostics = global.diagnosticOptions(&ok);
  if (!ok) return kExitUsage;
  compilation::Compilation compilation(std::move(copts));
  DiagnosticEngine& diags = compilation.diagnostics();
  Finish finish = [&](int code) {
    emitDiagnostics(diags, compilation.sourceManager(), global);
    return code;
  };
  int exit = kExitFailure;
  std::optional<idl::Package> package = loadPackage(o, compilation, exit);
  if (!package) return finish(exit);

  rt::PackageEntities program(*package);
  auto target = rt::selectTarget(program, o.workflow, diags, o.input);
  if (!target) return finish(kExitFailure);
  fs::path cwd = fs::current_path();
  std::vector<std::string> inputNotes;
  auto inputs = rt::parseRunInputs(*target, o.assignments,
                                   o.inputsFile.empty() ? std::nullopt : std::optional<std::string>(o.inputsFile),
                                   cwd, diags, o.input, &inputNotes);
  if (!inputs) return finish(kExitUsage);
  return execute(o, program, *target, *inputs, inputNotes, cwd, diags, finish);
}

}  // namespace

void registerRunCommand(CommandContext ctx) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* sub = ctx.app.add_subcommand("run", "execute a workflow locally (compiled specs, in parallel)");
  sub->add_option("input", o->input, "a `.flyte` file or a Flyte package (.tgz/.tar/directory/.pb)")->required();
  sub->add_option("--workflow", o->workflow, "the workflow or launch plan to run (default: the only workflow)");
  sub->add_option("--input", o->assignments, "an input value NAME=VALUE (repeatable)");
  sub->add_option("--inputs", o->inputsFile, "a JSON object of input values");
  sub->add_option("-j,--jobs", o->jobs, "executions at once (default: admitted by their requests, as on a cluster node)");
  sub->add_flag("--no-cache", o->noCache, "ignore and do not update the cache");
  sub->add_option("--trace", o->trace, "write a Chrome/Perfetto trace of every execution");
  sub->add_option("--dask", o->dask,
                  "run every execution on Dask: a scheduler tcp://HOST:PORT, or local:N (a scheduler and N "
                  "workers on 127.0.0.1 for this run)");
  sub->add_option("--host-fit", o->hostFit,
                  "a task, or a Dask task's cluster, larger than this host: scale (default: run it on what the "
                  "host has, with a note) or refuse (E1005)")
      ->check(CLI::IsMember({"scale", "refuse"}));
  sub->add_option("--dask-python", o->daskPython,
                  "Python interpreter for the Dask bridge (default: the first of /usr/bin/python3, python3, python "
                  "that can import distributed)");
  sub->add_option("--dask-connect-timeout", o->daskConnectTimeout, "seconds to wait for the Dask scheduler (default 10)");
  sub->add_option("--dask-stage", o->daskStage,
                  "auto (default): carry every execution's files to the workers through Dask unless every worker "
                  "reads and writes this host's state directory; always; never (shared file system only)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  sub->add_option("--dask-storage", o->daskStorage,
                  "staged mode: an fsspec URL (file:///mnt/shared/x, s3://bucket/x) through which large outputs "
                  "come back (default: through Dask)");
  sub->add_option("--dask-storage-threshold", o->daskStorageThreshold,
                  "staged outputs of at least this many bytes go through --dask-storage (default 8 MiB; 0: all)");
  sub->add_option("--dask-stall-warning", o->daskStallWarning,
                  "seconds without an answer from the Dask scheduler before a warning (W1023; default 30)");
  addCommonFlags(sub, ctx.global);
  sub->callback([o, &global = ctx.global, &action = ctx.action] {
    action = [o, &global] { return runCommand(*o, global); };
  });
}

}  // namespace flytec::driver
