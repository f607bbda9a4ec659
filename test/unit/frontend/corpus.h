// The test corpus for the frontend gtests that run over every `.flyte` file
// of test/ and examples/ (lexer equivalence, the formatter at odd settings):
// the file list in a stable order and a whole-file reader. Test-only.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace flytec::test_corpus {

/// Every `.flyte` file under test/ and examples/, sorted.
inline std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"test", "examples"}) {
    std::filesystem::path root = std::filesystem::path(FLYTEC_SOURCE_DIR) / dir;
    for (auto& e : std::filesystem::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().extension() == ".flyte") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The bytes of `p`.
inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace flytec::test_corpus
