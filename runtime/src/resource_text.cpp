// Resource amounts for messages (see resource_text.h).
#include "runtime/resource_text.h"

#include <sstream>

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
      return "requests " + r.requested + " CPUs but this host has " + r.available;
    case ResourceRefusal::Kind::MemoryOverHost:
      return "requests " + r.requested + " of memory but this host has " + r.available + " available";
    case ResourceRefusal::Kind::CpusOverDaskWorker:
      return "requests " + r.requested + " CPUs; the largest Dask worker declares CPU=" + r.available;
    case ResourceRefusal::Kind::MemoryOverDaskWorker:
      return "requests " + r.requested + " bytes of memory; the largest Dask worker declares MEMORY=" + r.available;
  }
  return "";
}

}  // namespace flytec::rt
