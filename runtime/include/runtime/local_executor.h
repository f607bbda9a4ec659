// The local executor: runs each execution as a host process (process.h) and
// admits executions against `-j N` slots and the host's CPUs and available
// memory. The engine's own thread waits on every child's pidfd (waitHere,
// and cancelAll), enforces timeouts (SIGTERM to the group, SIGKILL after a
// grace period) and reports completions: no thread of its own, so an ended
// execution wakes one thread, not a supervisor and then the engine. It does
// not lay out inputs or read outputs (the engine does).
#pragma once

#include <memory>
#include <mutex>

#include "runtime/executor.h"

namespace flytec::rt {

/// What the host offers (host_resources.cpp fills it from the system).
/// Without -j, executions are admitted by their requests as a Kubernetes
/// scheduler admits pods on a node, up to the kubelet's default pod limit
/// per node (maxPods 110), so that tiny requests cannot start thousands of
/// processes.
inline constexpr unsigned kMaxExecutionsByRequests = 110;

/// The host's CPUs and available memory, with `slots` = `jobs` or, when 0,
/// kMaxExecutionsByRequests.
HostCapacity detectHostCapacity(unsigned jobs);

class LocalExecutor final : public Executor {
 public:
  /// `grace` is how long a group gets between SIGTERM and SIGKILL.
  explicit LocalExecutor(HostCapacity capacity,
                         std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
  ~LocalExecutor() override;

  std::string describe() const override;
  std::optional<ResourceRefusal> refuse(const ResourceRequest& r) const override;
  std::optional<HostCapacity> host() const override { return capacity_; }
  bool canStart(const ResourceRequest& r) const override;
  bool saturated() const override;
  void start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) override;
  void cancelAll() override;
  bool waitHere(std::chrono::milliseconds max) override;
  void wakeWaiter() override { wake(); }

  const HostCapacity& capacity() const { return capacity_; }

 private:
  struct Running;
  /// Polls the children and the wake-up fd once (at most `maxMs`, -1: until
  /// something happens), signals timed-out groups and reports what ended.
  void pollOnce(int maxMs);
  void wake();

  HostCapacity capacity_;
  std::chrono::milliseconds grace_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Running>> running_;
  unsigned usedSlots_ = 0;
  double usedCpu_ = 0;
  uint64_t usedMemory_ = 0;
  bool cancelling_ = false;
  int wakeFd_ = -1;
};

}  // namespace flytec::rt
