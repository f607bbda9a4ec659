// The per-document declaration cache; see parse_cache.h. Which items are
// looked up and remembered is decided by parser.cpp, which knows the tokens.
#include "frontend/parse_cache.h"

#include <cstdint>

#include "ast_clone.h"

namespace flytec {

namespace {
std::intptr_t distance(const char* from, const char* to) {
  return static_cast<std::intptr_t>(reinterpret_cast<std::uintptr_t>(to) -
                                    reinterpret_cast<std::uintptr_t>(from));
}
}  // namespace

ast::DeclPtr ParseCache::Session::reuse(std::string_view text) {
  auto it = previous_->find(text);
  if (it == previous_->end()) return nullptr;
  const Entry& old = *it->second;
  ast::DeclPtr copy = cloneShifted(*old.decl, distance(old.anchor, text.data()));
  // Still current: the next generation shares the copy the new snapshot holds.
  next_->emplace(std::string_view(*old.text), std::make_shared<const Entry>(Entry{old.text, text.data(), copy}));
  return copy;
}

void ParseCache::Session::remember(std::string_view text, const ast::DeclPtr& decl) {
  if (next_->count(text)) return;
  auto key = std::make_shared<const std::string>(text);
  next_->emplace(std::string_view(*key), std::make_shared<const Entry>(Entry{key, text.data(), decl}));
}

ParseCache::Session ParseCache::begin() const {
  Session s;
  std::lock_guard<std::mutex> lock(mutex_);
  s.previous_ = current_;
  return s;
}

void ParseCache::commit(Session&& session) {
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::move(session.next_);
}

size_t ParseCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_->size();
}

}  // namespace flytec
