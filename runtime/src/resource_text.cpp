// Resource amounts for messages (see resource_text.h).
#include "runtime/resource_text.h"

#include <sstream>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

std::string formatBytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  std::ostringstream ss;
  ss.precision(u ? 3 : 0);
  ss << v << units[u];
  return ss.str();
}

std::string formatCpus(double cpus) {
  std::ostringstream ss;
  ss << cpus;
  return ss.str();
}

std::string describe(const ResourceRefusal& r) {
  switch (r.kind) {
    case ResourceRefusal::Kind::CpusOverHost:
      return reasonText(reason::requests_cpus_over_host, r.requested, r.available);
    case ResourceRefusal::Kind::MemoryOverHost:
      return reasonText(reason::requests_memory_over_host, r.requested, r.available);
    case ResourceRefusal::Kind::CpusOverDaskWorker:
      return reasonText(reason::requests_cpus_over_dask_worker, r.requested, r.available);
    case ResourceRefusal::Kind::MemoryOverDaskWorker:
      return reasonText(reason::requests_memory_over_dask_worker, r.requested, r.available);
  }
  return "";
}

}  // namespace flytec::rt
