// A throwaway directory of .flyte files for the feature tests, and the
// Analysis of one of them exactly as the server builds it (analyzeDocument:
// checked by a Compilation, names recorded). Ranges an answer gives are
// turned back into (file name, byte range) to compare with Annotations.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "analysis.h"
#include "annotations.h"

namespace flytec::lsp::test {

/// A range of an answer: the file's name (not its directory) and bytes.
struct Place {
  std::string file;
  ByteRange bytes;
  bool operator==(const Place& o) const { return file == o.file && bytes == o.bytes; }
};

class Workspace {
 public:
  Workspace() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lsp-features-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~Workspace() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Workspace(const Workspace&) = delete;

  /// Writes `name` with `code`; returns its path.
  std::string add(const std::string& name, const std::string& code) {
    std::string path = (std::filesystem::path(dir_) / name).string();
    std::ofstream(path, std::ios::binary) << code;
    return path;
  }

  /// The snapshot of `name` (added before).
  std::shared_ptr<const Analysis> analyze(const std::string& name) const {
    std::string path = normalizePath((std::filesystem::path(dir_) / name).string());
    return analyzeDocument(path, 1, SourceOverlay());
  }

  /// Where `r` lies: its file's name and the bytes within it.
  static Place place(const Analysis& a, llvm::SMRange r) {
    unsigned id = a.sm().FindBufferContainingLoc(r.Start);
    if (!id) return {"?", {}};
    const llvm::MemoryBuffer* buf = a.sm().getMemoryBuffer(id);
    auto offset = [&](llvm::SMLoc l) { return static_cast<size_t>(l.getPointer() - buf->getBufferStart()); };
    std::string file = std::filesystem::path(buf->getBufferIdentifier().str()).filename().string();
    return {file, {offset(r.Start), offset(r.End)}};
  }

 private:
  std::string dir_;
};

inline std::ostream& operator<<(std::ostream& os, const Place& p) {
  return os << p.file << "[" << p.bytes.begin << "," << p.bytes.end << ")";
}

}  // namespace flytec::lsp::test
