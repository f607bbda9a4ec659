// Open documents and edits; see document_store.h.
#include "document_store.h"

#include "positions.h"

namespace flytec::lsp {

void DocumentStore::open(Document doc) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = doc.path;
  docs_[key] = std::move(doc);
}

bool DocumentStore::change(const std::string& path, std::optional<int64_t> version,
                           const std::vector<ContentChange>& changes) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(path);
  if (it == docs_.end()) return false;
  Document& d = it->second;
  for (const ContentChange& c : changes) {
    if (!c.range) {
      d.text = c.text;
      continue;
    }
    // Positions of each change refer to the text after the previous ones.
    LineIndex index(d.text);
    size_t b = index.offset(c.range->start);
    size_t e = index.offset(c.range->end);
    if (e < b) std::swap(b, e);
    d.text.replace(b, e - b, c.text);
  }
  d.version = version ? *version : d.version + 1;
  return true;
}

void DocumentStore::close(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  docs_.erase(path);
}

std::optional<Document> DocumentStore::get(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(path);
  if (it == docs_.end()) return std::nullopt;
  return it->second;
}

std::optional<DocumentInfo> DocumentStore::info(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(path);
  if (it == docs_.end()) return std::nullopt;
  return DocumentInfo{it->second.uri, it->second.path, it->second.version};
}

std::optional<std::string> DocumentStore::text(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(path);
  if (it == docs_.end()) return std::nullopt;
  return it->second.text;
}

std::vector<std::string> DocumentStore::paths() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [p, d] : docs_) out.push_back(p);
  return out;
}

size_t DocumentStore::totalBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t total = 0;
  for (const auto& [p, d] : docs_) total += d.text.size();
  return total;
}

}  // namespace flytec::lsp
