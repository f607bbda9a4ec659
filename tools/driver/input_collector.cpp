// See input_collector.h.
#include "input_collector.h"

#include <algorithm>
#include <filesystem>

namespace flytec::driver {

namespace fs = std::filesystem;

namespace {
bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool isPackagePath(const std::string& p) {
  return endsWith(p, ".tgz") || endsWith(p, ".tar.gz") || endsWith(p, ".tar") || endsWith(p, ".pb");
}
}  // namespace

CollectedInputs collectInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags) {
  CollectedInputs out;
  for (const std::string& in : inputs) {
    std::error_code ec;
    fs::file_status st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      diags.reportAtPath(diag::err_file_not_found, in, in);
      out.usageProblem = true;
      continue;
    }
    if (!fs::is_directory(st)) {
      if (isPackagePath(in)) out.packages.push_back(in);
      else out.sources.push_back(in);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".flyte") found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    if (!found.empty()) {
      out.sources.insert(out.sources.end(), found.begin(), found.end());
      continue;
    }
    bool hasPb = false;
    for (auto& e : fs::directory_iterator(in, ec))
      if (e.path().extension() == ".pb") hasPb = true;
    if (hasPb) out.packages.push_back(in);
    else diags.reportAtPath(diag::err_no_sources_in_directory, in, in);
  }
  return out;
}

}  // namespace flytec::driver
