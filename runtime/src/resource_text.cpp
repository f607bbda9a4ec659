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

}  // namespace flytec::rt
