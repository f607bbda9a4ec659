// Local executor (see local_executor.h). Admission is by the sum of
// cpu/memory requests against the host, as a Kubernetes scheduler admits
// pods, and by count (`-j N`, else kMaxExecutionsByRequests); without -j an
// execution without a cpu request counts as kCpuWithoutRequest. The engine's thread polls the
// children's pidfds (waitHere, cancelAll) plus an eventfd that wakeWaiter()
// uses to interrupt the wait. Each execution's processes carry a tag of
// their own (process_lifetime.h), so that a timeout or a cancel also kills
// those that left the process group.
#include "runtime/local_executor.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/process.h"
#include "runtime/process_lifetime.h"
#include "runtime/resource_text.h"

namespace flytec::rt {

struct LocalExecutor::Running {
  ChildProcess child;
  ExecutionSpec spec;
  std::function<void(ExecutionOutcome)> done;
  Clock::time_point start;
  std::optional<Clock::time_point> deadline;   ///< timeout
  std::optional<Clock::time_point> killAt;     ///< SIGKILL after SIGTERM
  ExecutionOutcome::Kind stopReason = ExecutionOutcome::Kind::Exited;
  std::string tag;  ///< in its processes' FLYTEC_PROCESS_TAG (process_lifetime.h)
};

std::string ExecutionOutcome::describe() const {
  switch (kind) {
    case Kind::Exited: return reasonText(reason::exit_code, exitCode);
    case Kind::Signaled: return reasonText(reason::killed_by_signal, signal);
    case Kind::TimedOut: return reasonText(reason::timed_out);
    case Kind::Cancelled: return reasonText(reason::cancelled);
    case Kind::SpawnFailed: return error;
  }
  return "";
}

HostCapacity detectHostCapacity(unsigned jobs) {
  HostCapacity c;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  c.cpus = n > 0 ? static_cast<double>(n) : 1.0;
  c.slots = jobs ? jobs : kMaxExecutionsByRequests;
  c.cpuWithoutRequest = jobs ? 0 : kCpuWithoutRequest;
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) == 0) {
      std::istringstream ss(line.substr(13));
      uint64_t kb = 0;
      ss >> kb;
      c.memory = kb * 1024;
    }
  }
  if (c.memory == 0) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages > 0 && size > 0) c.memory = static_cast<uint64_t>(pages) * size;
  }
  return c;
}

LocalExecutor::LocalExecutor(HostCapacity capacity, std::chrono::milliseconds grace)
    : capacity_(capacity), grace_(grace) {
  if (capacity_.slots == 0) capacity_.slots = 1;
  wakeFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

LocalExecutor::~LocalExecutor() {
  cancelAll();
  close(wakeFd_);
}

std::string LocalExecutor::describe() const {
  return capacity_.slots == kMaxExecutionsByRequests ? "local (by requests)"
                                                     : "local (-j " + std::to_string(capacity_.slots) + ")";
}

std::optional<ResourceRefusal> LocalExecutor::refuse(const ResourceRequest& r) const {
  if (r.cpu && *r.cpu > capacity_.cpus)
    return ResourceRefusal{ResourceRefusal::Kind::CpusOverHost, formatCpus(*r.cpu), formatCpus(capacity_.cpus)};
  if (r.memory && *r.memory > capacity_.memory)
    return ResourceRefusal{ResourceRefusal::Kind::MemoryOverHost, formatBytes(*r.memory),
                           formatBytes(capacity_.memory)};
  return std::nullopt;
}

bool LocalExecutor::canStart(const ResourceRequest& r) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (cancelling_ || usedSlots_ >= capacity_.slots) return false;
  // Something always runs when nothing else does, so a request the host can
  // barely satisfy still makes progress.
  if (usedSlots_ == 0) return true;
  if (usedCpu_ + r.cpu.value_or(capacity_.cpuWithoutRequest) > capacity_.cpus + 1e-9) return false;
  if (r.memory && usedMemory_ + *r.memory > capacity_.memory) return false;
  return true;
}

bool LocalExecutor::saturated() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelling_ || usedSlots_ >= capacity_.slots;
}

void LocalExecutor::wake() {
  uint64_t one = 1;
  (void)!write(wakeFd_, &one, sizeof one);
}

void LocalExecutor::start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) {
  SpawnRequest req{spec.argv, spec.env, spec.cwd, spec.stdoutPath, spec.stderrPath};
  std::string tag = newExecutionTag();
  addProcessTag(req.env, tag);
  std::string error;
  auto startTime = Clock::now();
  std::optional<ChildProcess> child;
  bool cancelled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled = cancelling_;
  }
  // Spawned without the lock: the spawning thread waits until the child has
  // exec'd, and nothing else needs to wait with it.
  if (!cancelled) child = spawnProcess(req, error);
  if (!child) {
    ExecutionOutcome out;
    out.kind = cancelled ? ExecutionOutcome::Kind::Cancelled : ExecutionOutcome::Kind::SpawnFailed;
    out.error = cancelled ? reasonText(reason::cancelled) : error;
    out.start = out.end = startTime;
    done(out);
    return;
  }
  auto run = std::make_unique<Running>();
  run->child = *child;
  run->tag = std::move(tag);
  run->start = startTime;
  if (spec.timeout) run->deadline = startTime + *spec.timeout;
  run->done = std::move(done);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cancelling_) {  // cancelAll() came while it was being spawned
      run->stopReason = ExecutionOutcome::Kind::Cancelled;
      signalGroup(run->child, SIGTERM);
      run->killAt = Clock::now() + grace_;
    }
    ++usedSlots_;
    usedCpu_ += spec.requests.cpu.value_or(capacity_.cpuWithoutRequest);
    if (spec.requests.memory) usedMemory_ += *spec.requests.memory;
    run->spec = std::move(spec);
    running_.push_back(std::move(run));
  }
  // No wake-up: children are polled by this same thread, from the list.
}

void LocalExecutor::cancelAll() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancelling_ = true;
    auto now = Clock::now();
    for (auto& r : running_) {
      if (r->stopReason == ExecutionOutcome::Kind::Exited) {
        r->stopReason = ExecutionOutcome::Kind::Cancelled;
        signalGroup(r->child, SIGTERM);
        r->killAt = now + grace_;
      }
    }
  }
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (running_.empty()) return;
    }
    pollOnce(-1);  // wakes at the SIGKILL deadlines
  }
}

bool LocalExecutor::waitHere(std::chrono::milliseconds max) {
  pollOnce(static_cast<int>(std::max<int64_t>(0, max.count())));
  return true;
}

void LocalExecutor::pollOnce(int maxMs) {
  std::vector<pollfd> fds;
  std::vector<Running*> polled;
  fds.push_back({wakeFd_, POLLIN, 0});
  int timeoutMs = maxMs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto now = Clock::now();
    for (auto& r : running_) {
      // Timeouts and escalation to SIGKILL.
      if (r->deadline && now >= *r->deadline && r->stopReason == ExecutionOutcome::Kind::Exited) {
        r->stopReason = ExecutionOutcome::Kind::TimedOut;
        signalGroup(r->child, SIGTERM);
        r->killAt = now + grace_;
      }
      if (r->killAt && now >= *r->killAt) {
        signalGroup(r->child, SIGKILL);
        r->killAt.reset();
      }
      std::optional<Clock::time_point> next;
      if (r->stopReason == ExecutionOutcome::Kind::Exited) next = r->deadline;
      if (r->killAt) next = r->killAt;
      if (next) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*next - now).count() + 1;
        if (timeoutMs < 0 || ms < timeoutMs) timeoutMs = static_cast<int>(std::max<long>(ms, 0));
      }
      fds.push_back({r->child.pidfd, POLLIN, 0});
      polled.push_back(r.get());
    }
  }
  int n = poll(fds.data(), fds.size(), timeoutMs);
  if (n <= 0) return;  // timed out (deadlines are handled next time), or EINTR
  if (fds[0].revents & POLLIN) {
    uint64_t v;
    (void)!read(wakeFd_, &v, sizeof v);
  }
  for (size_t i = 1; i < fds.size(); ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    Running* r = polled[i - 1];
    // Take the end time before the slot is released, so that a trace never
    // shows more executions at once than there were slots.
    auto end = Clock::now();
    std::string startError;
    int status = reapProcess(r->child, &startError);
    // A timeout or a cancel kills everything the execution started, also
    // what left its process group (setsid): found by its tag. (After a
    // normal exit only the group is killed here; the rest goes when the run
    // ends, docs/runtime.md: a scan of /proc per execution costs too much.)
    if (r->stopReason != ExecutionOutcome::Kind::Exited) killTagged(r->tag);
    ExecutionOutcome out;
    out.start = r->start;
    out.end = end;
    if (!startError.empty() && r->stopReason == ExecutionOutcome::Kind::Exited) {
      out.kind = ExecutionOutcome::Kind::SpawnFailed;  // found once it ended (process.h)
      out.error = startError;
    } else if (r->stopReason != ExecutionOutcome::Kind::Exited) {
      out.kind = r->stopReason;
      if (WIFEXITED(status)) out.exitCode = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
      out.kind = ExecutionOutcome::Kind::Exited;
      out.exitCode = WEXITSTATUS(status);
    } else {
      out.kind = ExecutionOutcome::Kind::Signaled;
      out.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    std::unique_ptr<Running> owned;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto it = running_.begin(); it != running_.end(); ++it) {
        if (it->get() == r) {
          owned = std::move(*it);
          running_.erase(it);
          break;
        }
      }
      --usedSlots_;
      usedCpu_ -= owned->spec.requests.cpu.value_or(capacity_.cpuWithoutRequest);
      if (owned->spec.requests.memory) usedMemory_ -= *owned->spec.requests.memory;
    }
    owned->done(out);
  }
}

}  // namespace flytec::rt
