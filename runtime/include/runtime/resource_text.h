// Resource amounts as messages show them: `2`, `0.5` CPUs; `512MiB`,
// `1.5GiB` of memory; and an executor's refusal of a request.
#pragma once

#include <cstdint>
#include <string>

namespace flytec::rt {

/// Bytes in binary units with three significant digits (`1.5GiB`).
std::string formatBytes(uint64_t bytes);

/// CPUs as the shortest decimal (`2`, `0.5`).
std::string formatCpus(double cpus);

/// Why an executor could never run an execution with some requests: what
/// was requested and the most the executor has, as messages show them.
/// E1005 words the diagnostic; `describe` the note of a run that scales the
/// task down instead.
struct ResourceRefusal {
  enum class Kind {
    CpusOverHost,          ///< more CPUs than the host has
    MemoryOverHost,        ///< more memory than the host has available
    CpusOverDaskWorker,    ///< more than the largest Dask worker's `CPU`
    MemoryOverDaskWorker,  ///< more than the largest Dask worker's `MEMORY`
  };
  Kind kind;
  std::string requested;
  std::string available;
};

/// "requests 4 CPUs but this host has 2".
std::string describe(const ResourceRefusal& refusal);

}  // namespace flytec::rt
