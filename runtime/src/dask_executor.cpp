// The Dask executor (see dask_executor.h): the bridge child process, the
// JSON-lines protocol, and turning the bridge's reports into outcomes.
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
#include <sstream>
#include <utility>

#include "support/bounded_json.h"

extern char** environ;

namespace flytec::rt {

namespace fs = std::filesystem;

namespace {

std::string tailOf(const fs::path& p, size_t limit = 1500) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > limit) s = "..." + s.substr(s.size() - limit);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

Clock::time_point fromEpoch(double seconds) {
  auto nowSys = std::chrono::system_clock::now();
  auto ago = nowSys.time_since_epoch() - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                             std::chrono::duration<double>(seconds));
  return Clock::now() - std::chrono::duration_cast<Clock::duration>(ago);
}

std::string jsonLine(llvm::json::Value v) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << v;
  os.flush();
  return out + "\n";
}

}  // namespace

bool parseDaskTarget(const std::string& text, std::string& scheduler, unsigned& localWorkers, std::string& error) {
  if (text.rfind("local:", 0) == 0) {
    std::string n = text.substr(6);
    if (n.empty() || n.size() > 4 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1) {
      error = "`--dask " + text + "`: expected `local:N` with N >= 1 workers";
      return false;
    }
    localWorkers = static_cast<unsigned>(std::stoi(n));
    return true;
  }
  std::string rest = text;
  for (const char* scheme : {"tcp://", "tls://", "ucx://", "inproc://"})
    if (text.rfind(scheme, 0) == 0) rest = text.substr(std::string(scheme).size());
  size_t colon = rest.rfind(':');
  if (rest.empty() || colon == std::string::npos || colon + 1 == rest.size() ||
      rest.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    error = "`--dask " + text + "`: expected a scheduler address `tcp://HOST:PORT` or `local:N`";
    return false;
  }
  scheduler = text.find("://") == std::string::npos ? "tcp://" + text : text;
  return true;
}

std::unique_ptr<DaskExecutor> DaskExecutor::connect(DaskOptions options, std::string& error) {
  std::unique_ptr<DaskExecutor> ex(new DaskExecutor(std::move(options)));
  const DaskOptions& o = ex->options_;
  std::string what = o.localWorkers ? "a local Dask cluster (local:" + std::to_string(o.localWorkers) + ")"
                                    : "the Dask scheduler at " + o.scheduler;
  std::error_code ec;
  fs::create_directories(o.scratch, ec);
  std::string tag = std::to_string(getpid());
  ex->log_ = o.scratch / ("bridge-" + tag + ".log");
  ex->cancelFile_ = o.scratch / ("cancel-" + tag);
  fs::remove(ex->cancelFile_, ec);
  // The results channel: each worker process appends its jobs' results to a
  // file of its own in here, which the bridge reads (flytec_dask_bridge.py,
  // _Channel). Without it (FLYTEC_DASK_NO_CHANNEL=1 turns it off, for tests
  // of that path) the bridge fetches every result through Dask.
  const char* noChannel = getenv("FLYTEC_DASK_NO_CHANNEL");
  if (!noChannel || !*noChannel || std::string(noChannel) == "0") {
    ex->channel_ = o.scratch / ("results-" + tag);
    fs::remove_all(ex->channel_, ec);
    if (!fs::create_directory(ex->channel_, ec)) ex->channel_.clear();
  }

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    error = std::string("cannot create the bridge's pipe: ") + strerror(errno);
    return nullptr;
  }
  double secs = std::chrono::duration<double>(o.connectTimeout).count();
  std::vector<std::string> args = {o.python, "-u", o.bridge.string(), "executor", "--connect-timeout",
                                   std::to_string(secs), "--tag", tag};
  if (!ex->channel_.empty()) args.insert(args.end(), {"--channel", ex->channel_.string()});
  args.insert(args.end(), {"--worker-module", o.workerScript.string(), "--stage-module", o.stageScript.string(),
                           "--worker-path", o.workerScript.string(), "--python-path", o.python, "--stage", o.stage,
                           "--probe-dir", o.scratch.string(), "--storage-threshold",
                           std::to_string(o.storageThreshold), "--stall-warning", std::to_string(o.stallWarning)});
  if (!o.storage.empty()) args.insert(args.end(), {"--storage", o.storage});
  if (o.localWorkers) args.insert(args.end(), {"--local", std::to_string(o.localWorkers)});
  else args.insert(args.end(), {"--scheduler", o.scheduler});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // flytec's environment plus the run's tag: the bridge and a local
  // cluster's scheduler and workers carry it, so the guardian kills them if
  // flytec dies (process_lifetime.h).
  std::vector<std::string> envStore;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, kProcessTagVariable, std::strlen(kProcessTagVariable)) != 0 ||
        (*e)[std::strlen(kProcessTagVariable)] != '=')
      envStore.emplace_back(*e);
  addProcessTag(envStore, "");
  std::vector<char*> envp;
  for (auto& e : envStore) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, ex->log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
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
  int rc = posix_spawnp(&ex->pid_, o.python.c_str(), &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    ex->pid_ = -1;
    error = "cannot start the Dask bridge with `" + o.python + "`: " + strerror(rc);
    return nullptr;
  }
  ex->toBridge_ = ex->fromBridge_ = sv[0];

  // Wait for `hello` (or `error`), bounded: the bridge's own connect timeout
  // plus slack; a local cluster also needs time to start its processes.
  auto deadline = Clock::now() + o.connectTimeout + std::chrono::seconds(o.localWorkers ? 60 : 2);
  std::string line;
  while (true) {
    size_t nl = ex->buffered_.find('\n');
    if (nl != std::string::npos) {
      line = ex->buffered_.substr(0, nl);
      ex->buffered_.erase(0, nl + 1);
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{ex->fromBridge_, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      error = "cannot connect to " + what + " within " + std::to_string(static_cast<int>(secs)) + "s";
      return nullptr;  // the destructor kills the bridge
    }
    char buf[4096];
    ssize_t n = read(ex->fromBridge_, buf, sizeof buf);
    if (n <= 0) {
      std::string tail = tailOf(ex->log_);
      error = "cannot connect to " + what + ": the Dask bridge exited" + (tail.empty() ? "" : ": " + tail);
      return nullptr;
    }
    ex->buffered_.append(buf, static_cast<size_t>(n));
  }
  auto msg = support::parseJson(line);
  const llvm::json::Object* obj = msg ? msg->getAsObject() : nullptr;
  if (!msg) llvm::consumeError(msg.takeError());
  if (!obj || obj->getString("op") != llvm::Optional<llvm::StringRef>("hello")) {
    auto m = obj ? obj->getString("message") : llvm::None;
    error = m ? m->str() : "cannot connect to " + what + ": unexpected reply from the bridge: " + line;
    return nullptr;
  }
  ex->address_ = obj->getString("address").getValueOr("").str();
  ex->workers_ = static_cast<unsigned>(obj->getInteger("workers").getValueOr(0));
  ex->threads_ = static_cast<unsigned>(obj->getInteger("threads").getValueOr(0));
  ex->staged_ = obj->getBoolean("staged").getValueOr(false);
  if (const auto* res = obj->getObject("resources"))
    for (const auto& [k, v] : *res)
      if (auto d = v.getAsNumber()) ex->resources_[k.str()] = *d;
  ex->reader_ = std::thread([e = ex.get()] { e->readLoop(); });
  // Should flytec die, the guardian writes the cancel marker, which every
  // job polls: jobs on other hosts stop too.
  guardOnDeath(ex->cancelFile_.string());
  return ex;
}

DaskExecutor::~DaskExecutor() {
  if (pid_ > 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      dead_ = true;  // from here on an EOF is expected, not a failure
      deathMessage_.clear();
    }
    send(jsonLine(llvm::json::Object{{"op", "shutdown"}}));
    if (toBridge_ >= 0) shutdown(toBridge_, SHUT_WR);
    // The bridge closes its client (and local cluster) and exits; bounded.
    int status = 0;
    // With its scheduler lost, there is nothing left for it to report.
    auto deadline = Clock::now() + (lostMessage_.empty() ? std::chrono::seconds(20) : std::chrono::seconds(2));
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
  if (deathMessage_.empty() && lostMessage_.empty() && !keepCancelMarker_) fs::remove(cancelFile_, ec);
  if (!channel_.empty()) fs::remove_all(channel_, ec);
}

std::string DaskExecutor::describe() const {
  return "Dask at " + address_ + " (" + std::to_string(workers_) + " workers, " + std::to_string(threads_) +
         " threads, " + (staged_ ? "staged" : "shared file system") + ")";
}

std::optional<std::string> DaskExecutor::refuse(const ResourceRequest& r) const {
  // Requests only mean something when the cluster declares the resource
  // (`dask worker --resources "CPU=2,MEMORY=8e9"`); otherwise Dask places
  // by threads and they are ignored (docs/dask.md).
  auto cap = [&](const char* k) -> std::optional<double> {
    auto it = resources_.find(k);
    return it == resources_.end() ? std::nullopt : std::optional<double>(it->second);
  };
  if (r.cpu && cap("CPU") && *r.cpu > *cap("CPU"))
    return "requests " + std::to_string(*r.cpu) + " CPUs; the largest Dask worker declares CPU=" +
           std::to_string(*cap("CPU"));
  if (r.memory && cap("MEMORY") && static_cast<double>(*r.memory) > *cap("MEMORY"))
    return "requests " + std::to_string(*r.memory) + " bytes of memory; the largest Dask worker declares MEMORY=" +
           std::to_string(static_cast<uint64_t>(*cap("MEMORY")));
  return std::nullopt;
}

bool DaskExecutor::canStart(const ResourceRequest&) const { return !saturated(); }

bool DaskExecutor::saturated() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_.jobs && inFlight_.size() >= options_.jobs;
}

bool DaskExecutor::send(const std::string& line) {
  if (toBridge_ < 0) return false;
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::send(toBridge_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

void DaskExecutor::start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) {
  llvm::json::Array argv, env;
  for (auto& a : spec.argv) argv.push_back(a);
  addProcessTag(spec.env, newExecutionTag());  // the guardian finds it on this host
  for (auto& e : spec.env) env.push_back(e);
  llvm::json::Object job{{"argv", std::move(argv)},
                         {"env", std::move(env)},
                         {"cwd", spec.cwd.string()},
                         {"stdout", spec.stdoutPath.string()},
                         {"stderr", spec.stderrPath.string()},
                         {"cancel_file", cancelFile_.string()},
                         {"workdir", spec.workDir.string()}};
  if (!spec.namedPaths.empty()) {
    llvm::json::Array named;
    for (auto& p : spec.namedPaths) named.push_back(p.string());
    job["named"] = std::move(named);
  }
  if (spec.timeout) job["timeout"] = std::chrono::duration<double>(*spec.timeout).count();
  else job["timeout"] = nullptr;
  llvm::json::Object resources;
  if (spec.requests.cpu && resources_.count("CPU")) resources["CPU"] = *spec.requests.cpu;
  if (spec.requests.memory && resources_.count("MEMORY"))
    resources["MEMORY"] = static_cast<double>(*spec.requests.memory);
  uint64_t id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dead_) {
      ExecutionOutcome o;
      o.kind = ExecutionOutcome::Kind::SpawnFailed;
      o.error = deathMessage_.empty() ? "the Dask executor is shutting down" : "the Dask bridge died: " + deathMessage_;
      o.start = o.end = Clock::now();
      done(std::move(o));
      return;
    }
    id = nextId_++;
    inFlight_[id] = std::move(done);
  }
  llvm::json::Object msg{{"op", "submit"}, {"id", static_cast<int64_t>(id)}, {"job", std::move(job)}};
  if (!resources.empty()) msg["resources"] = std::move(resources);
  // Held until the engine's round ends (flush), so the bridge submits the
  // round with one client.map; a long round goes out in pieces so the
  // workers start early.
  outgoing_ += jsonLine(std::move(msg));
  if (++outgoingJobs_ >= 128) flush();
}

void DaskExecutor::flush() {
  if (outgoing_.empty()) return;
  outgoing_ += jsonLine(llvm::json::Object{{"op", "flush"}});
  bool ok = send(outgoing_);
  outgoing_.clear();
  outgoingJobs_ = 0;
  if (!ok) bridgeDied();
}

void DaskExecutor::readLoop() {
  char buf[65536];
  while (true) {
    size_t nl;
    while ((nl = buffered_.find('\n')) != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      auto msg = support::parseJson(line);
      if (!msg) {
        llvm::consumeError(msg.takeError());
        continue;
      }
      const auto* o = msg->getAsObject();
      if (o && (o->getString("op") == llvm::Optional<llvm::StringRef>("warning") ||
                o->getString("op") == llvm::Optional<llvm::StringRef>("note"))) {
        std::lock_guard<std::mutex> lock(mu_);
        (o->getString("op") == llvm::Optional<llvm::StringRef>("note") ? notes_ : warnings_)
            .push_back(o->getString("message").getValueOr("").str());
        continue;
      }
      if (!o || o->getString("op") != llvm::Optional<llvm::StringRef>("done")) continue;
      uint64_t id = static_cast<uint64_t>(o->getInteger("id").getValueOr(0));
      std::function<void(ExecutionOutcome)> done;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = inFlight_.find(id);
        if (it == inFlight_.end()) continue;
        done = std::move(it->second);
        inFlight_.erase(it);
      }
      ExecutionOutcome out;
      std::string kind = o->getString("kind").getValueOr("").str();
      out.exitCode = static_cast<int>(o->getInteger("code").getValueOr(0));
      out.signal = static_cast<int>(o->getInteger("signal").getValueOr(0));
      out.error = o->getString("error").getValueOr("").str();
      out.where = o->getString("worker").getValueOr("").str();
      auto now = Clock::now();
      out.start = o->getNumber("start") ? fromEpoch(*o->getNumber("start")) : now;
      out.end = o->getNumber("end") ? fromEpoch(*o->getNumber("end")) : now;
      if (const auto* earlier = o->getArray("earlier"))
        for (const auto& e : *earlier)
          if (const auto* t = e.getAsObject())
            out.earlierTries.push_back({t->getString("worker").getValueOr("").str(),
                                        t->getNumber("start") ? fromEpoch(*t->getNumber("start")) : out.start});
      if (kind == "lost") schedulerLost(out.error);
      if (kind == "cancelled" && o->getBoolean("unconfirmed").getValueOr(false)) {
        // The scheduler did not take the cancellation (paused). Shared mode:
        // the job sees the cancel marker, which stays after the run for it.
        // Staged mode: nothing can reach it before its worker hears from the
        // scheduler again.
        if (staged_) {
          out.notStopped = true;
        } else {
          std::lock_guard<std::mutex> lock(mu_);
          keepCancelMarker_ = true;
        }
      }
      out.kind = kind == "exited"      ? ExecutionOutcome::Kind::Exited
                 : kind == "signaled"  ? ExecutionOutcome::Kind::Signaled
                 : kind == "timeout"   ? ExecutionOutcome::Kind::TimedOut
                 : kind == "cancelled" ? ExecutionOutcome::Kind::Cancelled
                                       : ExecutionOutcome::Kind::SpawnFailed;
      done(std::move(out));
      idle_.notify_all();
    }
    // End-of-file means the bridge is gone; so does its pid having exited
    // while something it started still holds the pipe open (checked every
    // 250 ms without reaping it, so the destructor still can).
    pollfd p{fromBridge_, POLLIN, 0};
    int ready = poll(&p, 1, 250);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      siginfo_t info{};
      if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0) break;
      continue;
    }
    ssize_t n = read(fromBridge_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffered_.append(buf, static_cast<size_t>(n));
  }
  bridgeDied();
}

std::string DaskExecutor::bridgeStatus(std::chrono::milliseconds wait) const {
  auto deadline = Clock::now() + wait;
  while (true) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return "exited";
    if (info.si_pid != 0) {
      if (info.si_code == CLD_EXITED) return "exited with status " + std::to_string(info.si_status);
      return std::string("was killed by signal ") + std::to_string(info.si_status) + " (" +
             strsignal(info.si_status) + ")";
    }
    if (Clock::now() >= deadline) return "closed its pipe";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::vector<std::string> DaskExecutor::takeWarnings() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(warnings_, {});
}

std::vector<std::string> DaskExecutor::takeNotes() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(notes_, {});
}

std::optional<Executor::Failure> DaskExecutor::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!deathMessage_.empty()) return Failure{Failure::Kind::BridgeDied, deathMessage_};
  if (!lostMessage_.empty()) return Failure{Failure::Kind::SchedulerLost, lostMessage_};
  return std::nullopt;
}

void DaskExecutor::schedulerLost(const std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!lostMessage_.empty() || cancelling_) return;
  // The execution being reported has left inFlight_ already.
  lostMessage_ = "the scheduler at " + address_ + " dropped " + std::to_string(inFlight_.size() + 1) +
                 " executions in flight (" + why + "; log: " + log_.string() +
                 "); their processes on the workers are cancelled";
  // The workers may well be alive and still running those jobs: they stop
  // at the cancel marker (polled every 0.5 s), left in place for them.
  std::ofstream(cancelFile_) << "cancel\n";
}

void DaskExecutor::bridgeDied() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dead_ && inFlight_.empty()) return;
  }
  // Outside the lock: how it ended (it may still be exiting) and its last
  // words, if it had any (a Python traceback when it crashed).
  std::string status = bridgeStatus(std::chrono::milliseconds(1000));
  // Only a bridge that exited by itself has last words worth quoting (the
  // last line of a Python traceback); a killed one's log is Dask's chatter.
  std::string tail;
  if (status.rfind("exited with", 0) == 0) {
    tail = tailOf(log_, 600);
    if (size_t nl = tail.rfind('\n'); nl != std::string::npos) tail = tail.substr(nl + 1);
  }
  std::map<uint64_t, std::function<void(ExecutionOutcome)>> orphans;
  std::string message;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!dead_) {
      deathMessage_ = "pid " + std::to_string(pid_) + " (`" + options_.python + "`) " + status +
                      " with " + std::to_string(inFlight_.size()) + " executions in flight (log: " +
                      log_.string() + ")" + (tail.empty() ? "" : ": " + tail);
      dead_ = true;
    }
    message = deathMessage_.empty() ? "the Dask executor shut down" : "the Dask bridge died: " + deathMessage_;
    orphans.swap(inFlight_);
  }
  // Executions it had submitted to a remote cluster stop at the cancel
  // marker (their jobs poll it); left in place for them to see.
  if (!orphans.empty()) std::ofstream(cancelFile_) << "cancel\n";
  for (auto& [id, done] : orphans) {
    ExecutionOutcome o;
    o.kind = ExecutionOutcome::Kind::SpawnFailed;
    o.error = message;
    o.start = o.end = Clock::now();
    done(std::move(o));
  }
  idle_.notify_all();
}

void DaskExecutor::cancelAll() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelling_ = true;
  }
  flush();  // what is held back is in flight too; the bridge cancels it with the rest
  std::error_code ec;
  { std::ofstream(cancelFile_) << "cancel\n"; }
  send(jsonLine(llvm::json::Object{{"op", "cancel"}}));
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait_for(lock, std::chrono::seconds(15), [&] { return inFlight_.empty(); });
  auto left = std::move(inFlight_);
  inFlight_.clear();
  lock.unlock();
  for (auto& [id, done] : left) {
    ExecutionOutcome o;
    o.kind = ExecutionOutcome::Kind::Cancelled;
    o.start = o.end = Clock::now();
    done(std::move(o));
  }
}

}  // namespace flytec::rt
