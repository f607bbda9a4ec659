// The Dask executor (see dask_executor.h), when things end early: the
// bridge died (every execution in flight fails, the cancel marker stops
// their jobs), the scheduler dropped executions, the run is cancelled; and
// the stalls and notes the bridge sent meanwhile.
#include "runtime/dask_executor.h"

#include <sys/wait.h>

#include <cstring>
#include <fstream>
#include <thread>
#include <utility>

#include "bridge_reasons.h"
#include "dask_protocol.h"
#include "diagnostics/diagnostic_reason.h"
#include "runtime/process_lifetime.h"

namespace flytec::rt {

using dask_protocol::jsonLine;
using dask_protocol::tailOf;

void DaskExecutor::bridgeStatus(std::chrono::milliseconds wait, Failure& death) const {
  using Ending = Failure::Ending;
  auto deadline = Clock::now() + wait;
  while (true) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
      death.ending = Ending::Exited;
      return;
    }
    if (info.si_pid != 0) {
      death.ending = info.si_code == CLD_EXITED ? Ending::ExitStatus : Ending::Signal;
      death.status = info.si_status;
      if (death.ending == Ending::Signal) death.signalName = strsignal(info.si_status);
      return;
    }
    if (Clock::now() >= deadline) {
      death.ending = Ending::ClosedPipe;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::vector<Executor::Stall> DaskExecutor::takeStalls() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(stalls_, {});
}

std::vector<std::string> DaskExecutor::takeNotes() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(notes_, {});
}

std::optional<Executor::Failure> DaskExecutor::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return death_ ? death_ : lost_;
}

void DaskExecutor::schedulerLost(const std::string& clientStatus) {
  std::lock_guard<std::mutex> lock(mu_);
  if (lost_ || cancelling_) return;
  lost_.emplace();
  lost_->kind = Failure::Kind::SchedulerLost;
  lost_->address = address_;
  lost_->clientStatus = clientStatus;
  lost_->inFlight = inFlight_.size() + 1;  // the execution being reported has left inFlight_ already
  lost_->log = log_.string();
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
  Failure death;
  bridgeStatus(std::chrono::milliseconds(1000), death);
  // Only a bridge that exited by itself has last words worth quoting (the
  // last line of a Python traceback); a killed one's log is Dask's chatter.
  if (death.ending == Failure::Ending::ExitStatus) {
    death.lastWords = tailOf(log_, 600);
    if (size_t nl = death.lastWords.rfind('\n'); nl != std::string::npos)
      death.lastWords = death.lastWords.substr(nl + 1);
  }
  std::map<uint64_t, std::function<void(ExecutionOutcome)>> orphans;
  std::string message;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!dead_) {
      death.pid = pid_;
      death.python = options_.python;
      death.inFlight = inFlight_.size();
      death.log = log_.string();
      death_ = std::move(death);
      dead_ = true;
    }
    // Not shown: the engine stops the run with failure() (E1012) first.
    message = reasonText(death_ ? reason::dask_bridge_died : reason::dask_executor_shut_down);
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
