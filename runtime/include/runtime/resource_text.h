// Resource amounts as messages show them: `2`, `0.5` CPUs; `512MiB`,
// `1.5GiB` of memory.
#pragma once

#include <cstdint>
#include <string>

namespace flytec::rt {

/// Bytes in binary units with three significant digits (`1.5GiB`).
std::string formatBytes(uint64_t bytes);

/// CPUs as the shortest decimal (`2`, `0.5`).
std::string formatCpus(double cpus);

}  // namespace flytec::rt
