// The local executor: runs each execution as a host process (process.h) and
// admits executions against `-j N` slots and the host's CPUs and available
// memory. One supervisor thread waits on every child's pidfd, enforces
// timeouts (SIGTERM to the group, SIGKILL after a grace period) and reports
// completions. It does not lay out inputs or read outputs (the engine does).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "runtime/executor.h"

namespace flytec::rt {

/// What the host offers (host_resources.cpp fills it from the system).
struct HostCapacity {
  unsigned slots = 1;          ///< -j N: executions at once
  double cpus = 1;             ///< online CPUs
  uint64_t memory = 0;         ///< available memory in bytes (MemAvailable)
};

/// The host's CPUs and available memory, with `slots` = `jobs` or, when 0,
/// the number of CPUs.
HostCapacity detectHostCapacity(unsigned jobs);

class LocalExecutor final : public Executor {
 public:
  /// `grace` is how long a group gets between SIGTERM and SIGKILL.
  explicit LocalExecutor(HostCapacity capacity,
                         std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
  ~LocalExecutor() override;

  std::string describe() const override;
  std::optional<std::string> refuse(const ResourceRequest& r) const override;
  bool canStart(const ResourceRequest& r) const override;
  bool saturated() const override;
  void start(ExecutionSpec spec, std::function<void(ExecutionOutcome)> done) override;
  void cancelAll() override;

  const HostCapacity& capacity() const { return capacity_; }

 private:
  struct Running;
  void supervise();
  void wake();

  HostCapacity capacity_;
  std::chrono::milliseconds grace_;
  mutable std::mutex mu_;
  std::condition_variable idle_;
  std::vector<std::unique_ptr<Running>> running_;
  unsigned usedSlots_ = 0;
  double usedCpu_ = 0;
  uint64_t usedMemory_ = 0;
  bool cancelling_ = false;
  bool stopping_ = false;
  int wakeFd_ = -1;
  std::thread supervisor_;
};

}  // namespace flytec::rt
