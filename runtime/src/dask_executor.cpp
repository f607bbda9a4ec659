// The Dask executor (see dask_executor.h), its bridge process: starting the
// bridge, waiting for its `hello`, shutting it down, and what the cluster it
// reported can run. Submitting jobs and reading their reports is
// dask_executor_jobs.cpp; losing the bridge or the scheduler, and
// cancelling, dask_executor_failures.cpp.
#include "runtime/dask_executor.h"
#include "runtime/process_lifetime.h"

#include <fcntl.h>
#include <llvm/Support/JSON.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <utility>

#include "bridge_reasons.h"
#include "dask_protocol.h"
#include "support/bounded_json.h"

extern char** environ;

namespace flytec::rt {

namespace fs = std::filesystem;
using dask_protocol::jsonLine;
using dask_protocol::tailOf;

namespace {

/// The bridge's command line: the executor mode, its modules, the run's
/// tag, the staging and storage choices, and which cluster to reach.
std::vector<std::string> bridgeArguments(const DaskOptions& o, const std::string& tag,
                                         const fs::path& channel) {
  double secs = std::chrono::duration<double>(o.connectTimeout).count();
  std::vector<std::string> args = {o.python, "-u", o.scripts.bridge.string(), "executor", "--connect-timeout",
                                   std::to_string(secs), "--tag", tag};
  if (!channel.empty()) args.insert(args.end(), {"--channel", channel.string()});
  const DaskScripts& s = o.scripts;
  args.insert(args.end(), {"--session-module", s.session.string(), "--report-module", s.report.string(),
                           "--worker-module", s.worker.string(),
                           "--spawn-module", s.spawn.string(), "--stage-module", s.stage.string(),
                           "--cluster-module", s.cluster.string(), "--cluster-path", s.cluster.string(),
                           "--python-path", o.python, "--stage", o.stage, "--probe-dir", o.scratch.string(),
                           "--storage-threshold", std::to_string(o.storageThreshold), "--stall-warning",
                           std::to_string(o.stallWarning)});
  if (!o.storage.empty()) args.insert(args.end(), {"--storage", o.storage});
  if (o.localWorkers) args.insert(args.end(), {"--local", std::to_string(o.localWorkers)});
  else args.insert(args.end(), {"--scheduler", o.scheduler});
  return args;
}

/// flytec's environment plus the run's tag: the bridge and a local
/// cluster's scheduler and workers carry it, so the guardian kills them if
/// flytec dies (process_lifetime.h).
std::vector<std::string> bridgeEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, kProcessTagVariable, std::strlen(kProcessTagVariable)) != 0 ||
        (*e)[std::strlen(kProcessTagVariable)] != '=')
      env.emplace_back(*e);
  addProcessTag(env, "");
  return env;
}

/// `strings` as a null-terminated array for exec; it points into `strings`.
std::vector<char*> nullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::unique_ptr<DaskExecutor> DaskExecutor::connect(DaskOptions options, DaskProblem& problem) {
  std::unique_ptr<DaskExecutor> ex(new DaskExecutor(std::move(options)));
  std::string tag = std::to_string(getpid());
  ex->prepareScratch(tag);
  if (!ex->startBridge(tag, problem)) return nullptr;
  std::optional<std::string> hello = ex->awaitHello(problem);
  if (!hello || !ex->acceptHello(*hello, problem)) return nullptr;  // the destructor kills the bridge
  ex->reader_ = std::thread([e = ex.get()] { e->readLoop(); });
  // Should flytec die, the guardian writes the cancel marker, which every
  // job polls: jobs on other hosts stop too.
  guardOnDeath(ex->cancelFile_.string());
  return ex;
}

void DaskExecutor::prepareScratch(const std::string& tag) {
  const DaskOptions& o = options_;
  std::error_code ec;
  fs::create_directories(o.scratch, ec);
  log_ = o.scratch / ("bridge-" + tag + ".log");
  cancelFile_ = o.scratch / ("cancel-" + tag);
  fs::remove(cancelFile_, ec);
  // The results channel: each worker process appends its jobs' results to a
  // file of its own in here, which the bridge reads (flytec_dask_bridge.py,
  // _Channel). Without it (FLYTEC_DASK_NO_CHANNEL=1 turns it off, for tests
  // of that path) the bridge fetches every result through Dask.
  const char* noChannel = getenv("FLYTEC_DASK_NO_CHANNEL");
  if (!noChannel || !*noChannel || std::string(noChannel) == "0") {
    channel_ = o.scratch / ("results-" + tag);
    fs::remove_all(channel_, ec);
    if (!fs::create_directory(channel_, ec)) channel_.clear();
  }
}

bool DaskExecutor::startBridge(const std::string& tag, DaskProblem& problem) {
  const DaskOptions& o = options_;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    problem = {DaskProblem::Reason::PipeFailed, "", strerror(errno)};
    return false;
  }
  std::vector<std::string> args = bridgeArguments(o, tag, channel_);
  std::vector<std::string> env = bridgeEnvironment();
  std::vector<char*> argv = nullTerminated(args), envp = nullTerminated(env);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // A process group of its own: the terminal's Ctrl-C reaches flytec only,
  // which then cancels and shuts the bridge (and its local cluster) down.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT}) sigaddset(&defaults, s);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  int rc = posix_spawnp(&pid_, o.python.c_str(), &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    pid_ = -1;
    problem = {DaskProblem::Reason::BridgeSpawnFailed, o.python, strerror(rc)};
    return false;
  }
  toBridge_ = fromBridge_ = sv[0];
  return true;
}

namespace {

/// The bridge's `error` line (flytec_dask_bridge.py: a `reason` and its
/// values), or nullopt for a line that is not one.
std::optional<DaskProblem> bridgeRefusal(const llvm::json::Object& obj) {
  if (obj.getString("op") != llvm::Optional<llvm::StringRef>("error")) return std::nullopt;
  auto field = [&](const char* key) { return obj.getString(key).getValueOr("").str(); };
  using Reason = DaskProblem::Reason;
  std::string reason = field("reason");
  if (reason == "unreachable")
    return DaskProblem{Reason::SchedulerUnreachable, field("address"), field("timeout"), field("error")};
  if (reason == "install_failed")
    return DaskProblem{Reason::CodeInstallFailed, field("address"), field("type"), field("error")};
  if (reason == "no_workers") return DaskProblem{Reason::StageNeverNoWorkers, field("address")};
  if (reason == "not_shared")
    return DaskProblem{Reason::StageNeverNotShared, field("directory"), bridgeProbeFailures(obj.get("workers"))};
  return std::nullopt;
}

/// The bridge's progress lines before `hello`: Python is up and connecting,
/// then connected and installing its code on the workers.
std::optional<std::string> progressStep(const std::string& line) {
  if (line.find("\"op\"") == std::string::npos) return std::nullopt;
  auto msg = support::parseJson(line);
  if (!msg) {
    llvm::consumeError(msg.takeError());
    return std::nullopt;
  }
  const llvm::json::Object* obj = msg->getAsObject();
  auto op = obj ? obj->getString("op") : llvm::None;
  if (op && (*op == "connecting" || *op == "connected")) return op->str();
  return std::nullopt;
}

}  // namespace

DaskProblem DaskExecutor::connectProblem(DaskProblem::Reason reason, std::string value, std::string detail) const {
  DaskProblem p{reason, std::move(value), std::move(detail)};
  p.local = options_.localWorkers != 0;
  p.target = p.local ? std::to_string(options_.localWorkers) : options_.scheduler;
  return p;
}

std::optional<std::string> DaskExecutor::awaitHello(DaskProblem& problem) {
  // Each step is bounded on its own, so that a busy machine's slow Python
  // start (importing distributed took over 10 s at load 11) is not taken
  // for an unreachable scheduler: starting Python, then connecting (the
  // bridge's own connect timeout plus slack; a local cluster also starts its
  // processes), then installing the worker code.
  const DaskOptions& o = options_;
  const auto connectAllowance = o.connectTimeout + std::chrono::seconds(o.localWorkers ? 60 : 2);
  constexpr auto kStartAllowance = std::chrono::seconds(60);
  std::string step = "start";
  auto deadline = Clock::now() + kStartAllowance;
  while (true) {
    size_t nl = buffered_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      std::optional<std::string> progress = progressStep(line);
      if (!progress) return line;
      step = *progress;
      deadline = Clock::now() + connectAllowance;
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fromBridge_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      std::string secs = std::to_string(static_cast<int>(std::chrono::duration<double>(o.connectTimeout).count()));
      using Reason = DaskProblem::Reason;
      if (step == "start")
        problem = connectProblem(Reason::BridgeDidNotStart, o.python, std::to_string(kStartAllowance.count()));
      else if (step == "connected")
        problem = connectProblem(Reason::CodeInstallTimedOut, "", secs);
      else
        problem = connectProblem(Reason::ConnectTimedOut, "", secs);
      return std::nullopt;
    }
    char buf[4096];
    ssize_t n = read(fromBridge_, buf, sizeof buf);
    if (n <= 0) {
      std::string tail = tailOf(log_);
      problem = tail.empty() ? connectProblem(DaskProblem::Reason::BridgeExited)
                             : connectProblem(DaskProblem::Reason::BridgeExitedSaying, "", tail);
      return std::nullopt;
    }
    buffered_.append(buf, static_cast<size_t>(n));
  }
}

bool DaskExecutor::acceptHello(const std::string& line, DaskProblem& problem) {
  auto msg = support::parseJson(line);
  const llvm::json::Object* obj = msg ? msg->getAsObject() : nullptr;
  if (!msg) llvm::consumeError(msg.takeError());
  if (!obj || obj->getString("op") != llvm::Optional<llvm::StringRef>("hello")) {
    auto refusal = obj ? bridgeRefusal(*obj) : std::nullopt;
    problem = refusal ? *refusal : connectProblem(DaskProblem::Reason::UnexpectedReply, "", line);
    return false;
  }
  address_ = obj->getString("address").getValueOr("").str();
  workers_ = static_cast<unsigned>(obj->getInteger("workers").getValueOr(0));
  threads_ = static_cast<unsigned>(obj->getInteger("threads").getValueOr(0));
  staged_ = obj->getBoolean("staged").getValueOr(false);
  if (const auto* res = obj->getObject("resources"))
    for (const auto& [k, v] : *res)
      if (auto d = v.getAsNumber()) resources_[k.str()] = *d;
  return true;
}

DaskExecutor::~DaskExecutor() {
  if (pid_ > 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      dead_ = true;  // from here on an EOF is expected, not a failure
      death_.reset();
    }
    send(jsonLine(llvm::json::Object{{"op", "shutdown"}}));
    if (toBridge_ >= 0) shutdown(toBridge_, SHUT_WR);
    // The bridge closes its client (and local cluster) and exits; bounded.
    int status = 0;
    // With its scheduler lost, there is nothing left for it to report.
    auto deadline = Clock::now() + (!lost_ ? std::chrono::seconds(20) : std::chrono::seconds(2));
    // (Not when it never connected: it may still be retrying the scheduler.)
    while (reader_.joinable() && waitpid(pid_, &status, WNOHANG) == 0 && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    // Whatever is left of its process group (a local cluster's workers) goes.
    kill(-pid_, SIGKILL);
    waitpid(pid_, &status, WNOHANG);
  }
  if (fromBridge_ >= 0) ::shutdown(fromBridge_, SHUT_RDWR);
  if (reader_.joinable()) reader_.join();
  if (fromBridge_ >= 0) close(fromBridge_);
  std::error_code ec;
  releaseOnDeath(cancelFile_.string());
  if (!death_ && !lost_ && !keepCancelMarker_) fs::remove(cancelFile_, ec);
  if (!channel_.empty()) fs::remove_all(channel_, ec);
}

std::string DaskExecutor::describe() const {
  return "Dask at " + address_ + " (" + std::to_string(workers_) + " workers, " + std::to_string(threads_) +
         " threads, " + (staged_ ? "staged" : "shared file system") + ")";
}

std::optional<ResourceRefusal> DaskExecutor::refuse(const ResourceRequest& r) const {
  // Requests only mean something when the cluster declares the resource
  // (`dask worker --resources "CPU=2,MEMORY=8e9"`); otherwise Dask places
  // by threads and they are ignored (docs/dask.md).
  auto cap = [&](const char* k) -> std::optional<double> {
    auto it = resources_.find(k);
    return it == resources_.end() ? std::nullopt : std::optional<double>(it->second);
  };
  if (r.cpu && cap("CPU") && *r.cpu > *cap("CPU"))
    return ResourceRefusal{ResourceRefusal::Kind::CpusOverDaskWorker, std::to_string(*r.cpu),
                           std::to_string(*cap("CPU"))};
  if (r.memory && cap("MEMORY") && static_cast<double>(*r.memory) > *cap("MEMORY"))
    return ResourceRefusal{ResourceRefusal::Kind::MemoryOverDaskWorker, std::to_string(*r.memory),
                           std::to_string(static_cast<uint64_t>(*cap("MEMORY")))};
  return std::nullopt;
}

bool DaskExecutor::canStart(const ResourceRequest&) const { return !saturated(); }

bool DaskExecutor::saturated() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_.jobs && inFlight_.size() >= options_.jobs;
}

}  // namespace flytec::rt
