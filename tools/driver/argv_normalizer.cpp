// See argv_normalizer.h.
#include "argv_normalizer.h"

#include <cstring>

namespace flytec::driver {

std::vector<std::string> normalizeArgv(int argc, char** argv) {
  std::vector<std::string> out;
  bool passthrough = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (i == 0 || passthrough) { out.push_back(a); continue; }
    if (a == "--") { passthrough = true; out.push_back(a); continue; }
    if (a == "-verify") a = "--verify";
    else if (a == "-Werror") a = "--werror";
    else if (a.rfind("-Werror=", 0) == 0) a = "--werror-code=" + a.substr(8);
    else if (a.rfind("-Wno-", 0) == 0) a = "--wno=" + a.substr(5);
    else if (a == "-fixit") a = "--fixit";
    out.push_back(a);
  }
  return out;
}

}  // namespace flytec::driver
