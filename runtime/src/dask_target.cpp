// `--dask`'s argument (see dask_executor.h): a scheduler address or local:N.
#include <string>

#include "runtime/dask_executor.h"

namespace flytec::rt {

bool parseDaskTarget(const std::string& text, std::string& scheduler, unsigned& localWorkers, DaskProblem& problem) {
  if (text.rfind("local:", 0) == 0) {
    std::string n = text.substr(6);
    if (n.empty() || n.size() > 4 || n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1) {
      problem = {DaskProblem::Reason::BadLocalTarget, text};
      return false;
    }
    localWorkers = static_cast<unsigned>(std::stoi(n));
    return true;
  }
  std::string rest = text;
  for (const char* scheme : {"tcp://", "tls://", "ucx://", "inproc://"})
    if (text.rfind(scheme, 0) == 0) rest = text.substr(std::string(scheme).size());
  size_t colon = rest.rfind(':');
  if (rest.empty() || colon == std::string::npos || colon + 1 == rest.size() ||
      rest.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    problem = {DaskProblem::Reason::BadSchedulerTarget, text};
    return false;
  }
  scheduler = text.find("://") == std::string::npos ? "tcp://" + text : text;
  return true;
}

}  // namespace flytec::rt
