// The Dask executor (see dask_executor.h), its jobs: each execution as a
// `submit` line, rounds sent at `flush`, and the reader thread turning the
// bridge's `done`, `warning` and `note` lines into outcomes and messages.
#include "runtime/dask_executor.h"

#include <llvm/Support/JSON.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "bridge_reasons.h"
#include "dask_protocol.h"
#include "diagnostics/diagnostic_reason.h"
#include "runtime/process_lifetime.h"
#include "support/bounded_json.h"

namespace flytec::rt {

using dask_protocol::fromEpoch;
using dask_protocol::jsonLine;

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
      // Not shown: the engine stops the run with failure() (E1012) first.
      o.error = reasonText(death_ ? reason::dask_bridge_died : reason::dask_executor_shutting_down);
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
      if (o && o->getString("op") == llvm::Optional<llvm::StringRef>("stalled")) {
        std::lock_guard<std::mutex> lock(mu_);
        stalls_.push_back({o->getString("address").getValueOr("").str(), o->getNumber("waited").getValueOr(0),
                           o->getInteger("in_flight").getValueOr(0)});
        continue;
      }
      if (o && o->getString("op") == llvm::Optional<llvm::StringRef>("note")) {
        std::lock_guard<std::mutex> lock(mu_);
        notes_.push_back(bridgeReasonText(o->get("why")));
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
      // A failure's words, or why a cancelled job may still run.
      if (const llvm::json::Value* why = o->get("why")) out.error = bridgeReasonText(why);
      out.where = o->getString("worker").getValueOr("").str();
      auto now = Clock::now();
      out.start = o->getNumber("start") ? fromEpoch(*o->getNumber("start")) : now;
      out.end = o->getNumber("end") ? fromEpoch(*o->getNumber("end")) : now;
      if (const auto* earlier = o->getArray("earlier"))
        for (const auto& e : *earlier)
          if (const auto* t = e.getAsObject())
            out.earlierTries.push_back({t->getString("worker").getValueOr("").str(),
                                        t->getNumber("start") ? fromEpoch(*t->getNumber("start")) : out.start});
      if (kind == "lost") schedulerLost(o->getString("client_status").getValueOr("").str());
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

}  // namespace flytec::rt
