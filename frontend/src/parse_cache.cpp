// The per-document declaration cache; see parse_cache.h. Which items are
// looked up and remembered is decided by parser.cpp, which knows the tokens.
#include "frontend/parse_cache.h"

#include <atomic>
#include <cstdint>
#include <thread>
#include <utility>

#include "ast_clone.h"
#include "llvm/Support/MemoryBuffer.h"

namespace flytec {

namespace {

/// Below this many reused declarations one thread copies them faster than
/// two (a declaration: a few microseconds; a thread: about 50).
constexpr size_t kParallelCopiesFrom = 128;

std::intptr_t distance(const char* from, const char* to) {
  return static_cast<std::intptr_t>(reinterpret_cast<std::uintptr_t>(to) -
                                    reinterpret_cast<std::uintptr_t>(from));
}
}  // namespace

ast::DeclPtr ParseCache::Session::takeIfUnshared(const Entry& entry, const char* to) {
  // The session lock keeps other parses out. Only the cache holding the
  // tree, nobody can come to hold it while we move it; the snapshots that
  // read it have let go of it (a relaxed count of 1: their releases are
  // ordered before our writes by the fence).
  if (!turn_.owns_lock() || entry.decl.use_count() != 1) return nullptr;
  std::atomic_thread_fence(std::memory_order_acquire);
  ast::DeclPtr tree = std::const_pointer_cast<ast::Decl>(entry.decl);
  shiftInPlace(*tree, distance(entry.anchor, to));
  entry.anchor = to;
  return tree;
}

std::vector<ast::DeclPtr> ParseCache::Session::reuseAll(const std::vector<std::optional<std::string_view>>& texts,
                                                         unsigned threads) {
  // Look up and move on this thread, copy on `threads`, remember on this
  // thread: the generations are not shared between threads, and once the
  // copies start no tree is written.
  std::vector<const Entry*> found(texts.size(), nullptr);
  size_t hits = 0;
  for (size_t k = 0; k < texts.size(); ++k) {
    if (!texts[k]) continue;
    auto it = previous_->find(*texts[k]);
    if (it == previous_->end()) continue;
    found[k] = it->second.get();
    ++hits;
  }
  std::vector<ast::DeclPtr> copies(texts.size());
  // Move the trees only the cache holds, here, before any copy reads a tree.
  size_t moved = 0;
  for (size_t k = 0; k < texts.size(); ++k) {
    if (found[k] && (copies[k] = takeIfUnshared(*found[k], texts[k]->data()))) ++moved;
  }
  auto copy = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      if (found[k] && !copies[k])
        copies[k] = cloneShifted(*found[k]->decl, distance(found[k]->anchor, texts[k]->data()));
  };
  if (threads > 1 && hits - moved >= kParallelCopiesFrom) {
    std::vector<std::thread> pool;
    size_t share = (texts.size() + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back(copy, std::min(texts.size(), t * share), std::min(texts.size(), (t + 1) * share));
    copy(0, std::min(texts.size(), share));
    for (std::thread& t : pool) t.join();
  } else {
    copy(0, texts.size());
  }
  for (size_t k = 0; k < texts.size(); ++k)
    if (found[k])
      next_->emplace(std::string_view(*found[k]->text),
                     std::make_shared<const Entry>(Entry{found[k]->text, texts[k]->data(), copies[k]}));
  return copies;
}

void ParseCache::Session::remember(std::string_view text, const ast::DeclPtr& decl) {
  if (next_->count(text)) return;
  auto key = std::make_shared<const std::string>(text);
  next_->emplace(std::string_view(*key), std::make_shared<const Entry>(Entry{key, text.data(), decl}));
}

ParseCache::Session ParseCache::begin() {
  Session s;
  s.turn_ = std::unique_lock<std::mutex>(sessions_);
  std::lock_guard<std::mutex> lock(mutex_);
  s.previous_ = current_;
  return s;
}

void ParseCache::commit(Session&& session) {
  std::lock_guard<std::mutex> lock(mutex_);
  session.previous_.reset();
  retired_ = std::exchange(current_, std::move(session.next_));
}

std::shared_ptr<const ParseCache::Generation> ParseCache::takeRetired() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(retired_, nullptr);
}

std::shared_ptr<const ast::File> ParseCache::sameFile(std::string_view text) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_ || file_->sharedText->getBuffer() != llvm::StringRef(text.data(), text.size())) return nullptr;
  return file_;
}

void ParseCache::rememberFile(std::shared_ptr<const ast::File> parsed) {
  std::lock_guard<std::mutex> lock(mutex_);
  file_ = std::move(parsed);
}

void ParseCache::forgetFile() {
  std::shared_ptr<const ast::File> dropped;  // released outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  dropped = std::exchange(file_, nullptr);
}

size_t ParseCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_->size();
}

}  // namespace flytec
