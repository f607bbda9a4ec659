// The open documents: text and version per normalised path, with full and
// incremental (range) edits applied in LSP positions. Thread-safe: the
// worker thread reads texts (as the import overlay) while the main thread
// edits. It does not check anything and does not know about diagnostics.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocol.h"

namespace flytec::lsp {

struct Document {
  std::string uri;
  std::string path;  ///< normalised (analysis.h normalizePath)
  int64_t version = 0;
  std::string text;
};

/// A document without its text: what the server asks several times per
/// check, where copying a large text each time showed up in profiles.
struct DocumentInfo {
  std::string uri;
  std::string path;
  int64_t version = 0;
};

class DocumentStore {
 public:
  void open(Document doc);
  /// Apply `changes` in order; false (and no change) if the document is not open.
  bool change(const std::string& path, std::optional<int64_t> version, const std::vector<ContentChange>& changes);
  void close(const std::string& path);
  std::optional<Document> get(const std::string& path) const;
  /// The uri and version of an open document, without copying its text.
  std::optional<DocumentInfo> info(const std::string& path) const;
  /// The text of an open document (the overlay loadModuleGraph asks).
  std::optional<std::string> text(const std::string& path) const;
  std::vector<std::string> paths() const;
  /// The size of every open document's text together.
  size_t totalBytes() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Document> docs_;
};

}  // namespace flytec::lsp
