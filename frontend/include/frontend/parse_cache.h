// Re-parsing only what an edit touched. The parser takes one top-level item
// at a time (parser.h), so an editor that re-checks a document after every
// keystroke can keep each declaration's AST from the previous parse and hand
// the ANTLR parser only the declarations whose text changed.
//
// The key of a declaration is its exact text: from the first `##` doc comment
// directly above it (the builder reads those into `doc`) to the end of its
// last token. The lexer resets to a fixed state at every declaration keyword,
// so equal text lexes to equal tokens and parses to an equal tree; only the
// position differs. AST ranges are llvm::SMRange, raw pointers into the
// parsed buffer, so a reused tree is deep-copied with every pointer moved by
// the distance between the old and the new position (src/ast_clone.h). The
// cache keeps its own copy of each remembered text (the key) and shares each
// tree with the snapshot that built it; a reused tree is a copy, so the
// snapshot it came from stays valid for whoever still holds it.
//
// Only declarations that produced no diagnostic at all (lexical, syntax or
// from the AST builder) are remembered: diagnostics are not replayed, so an
// item with any is parsed again and reports them again. Imports and the
// package line are always parsed (their meaning depends on what precedes
// them, and they are cheap). It does not cache type checking.
//
// A file whose whole text is the same as at its last parse (an import that
// is not being edited) is not even lexed: the cache keeps that parse's bytes
// and tree, and the next check's SourceMgr views the same bytes, so the
// tree's ranges are right as they are (sameFile; module_graph.cpp).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontend/ast.h"

namespace flytec {

/// How many items one parse handed to ANTLR and how many it reused.
struct ParseCounts {
  unsigned parsed = 0;
  unsigned reused = 0;
  unsigned inPieces = 0;  ///< of those parsed, workflows parsed one statement at a time
  unsigned filesUnchanged = 0;  ///< files taken whole from their cache (their items count as reused)
};

/// The declarations of one document's previous parse, keyed by their text.
/// Thread-safe: parses of one document take turns (a Session holds the
/// cache's session lock), since a parse may move the trees only the cache
/// holds.
class ParseCache {
 public:
  /// A remembered declaration. Its tree is the one the snapshot that parsed
  /// (or last reused) it holds, shared rather than copied, so an open
  /// document costs one tree per declaration, not two. The tree's ranges
  /// point into that snapshot's buffer at `anchor`, which may be gone: they
  /// are only ever shifted (ast_clone.h), never read through.
  ///
  /// Once no snapshot holds the tree any more (an editor drops the stale
  /// one on every change), the next parse moves it to its new place instead
  /// of copying it: the tree's ranges and `anchor` change together, under
  /// the session lock, so every entry that shares the tree stays right.
  struct Entry {
    std::shared_ptr<const std::string> text;  ///< the key
    mutable const char* anchor = nullptr;     ///< where `text` began in the buffer `decl` was built from
    std::shared_ptr<const ast::Decl> decl;
  };
  using Generation = std::unordered_map<std::string_view, std::shared_ptr<const Entry>>;

  /// One parse of one buffer against the cache.
  class Session {
   public:
    /// For each of `texts` (views into the buffer being parsed; nullopt: not
    /// a declaration), the declaration parsed earlier from exactly that
    /// text with its ranges anchored there, or null if it was not seen last
    /// time. A tree only the cache holds is moved there in place; any other
    /// is copied, on up to `threads` threads when there are enough copies to
    /// repay starting one. The next generation remembers the results.
    std::vector<ast::DeclPtr> reuseAll(const std::vector<std::optional<std::string_view>>& texts,
                                       unsigned threads);
    /// Remember `decl`, parsed from `text` (ranges pointing into it).
    void remember(std::string_view text, const ast::DeclPtr& decl);

   private:
    friend class ParseCache;
    /// `entry`'s tree moved to `to` in place if only the cache holds it
    /// (and this session holds the lock); else null.
    ast::DeclPtr takeIfUnshared(const Entry& entry, const char* to);
    std::unique_lock<std::mutex> turn_;  ///< the cache's session lock
    std::shared_ptr<const Generation> previous_;
    std::shared_ptr<Generation> next_ = std::make_shared<Generation>();
  };

  /// Start a parse against the newest generation; waits while another
  /// parse of this document holds a session.
  Session begin();
  /// Make what `session` saw the newest generation (entries not seen in
  /// that parse are dropped: the cache holds one document version). The
  /// generation it replaces is kept until takeRetired(), so that freeing its
  /// trees need not delay the caller's answer.
  void commit(Session&& session);
  /// The generation the last commit replaced (null if taken); freeing it
  /// frees the trees no snapshot shares any more.
  std::shared_ptr<const Generation> takeRetired();
  /// Number of remembered declarations.
  size_t size() const;

  /// The whole file as its last clean parse left it, if its text was
  /// exactly `text`, else null. Its bytes are its `sharedText` (which the
  /// cache holds, and a SourceMgr only views); its declarations are the
  /// same trees the entries hold.
  std::shared_ptr<const ast::File> sameFile(std::string_view text) const;
  /// Remember `parsed` (a parse that reported nothing, whose ranges point
  /// into its `sharedText`) as the whole file.
  void rememberFile(std::shared_ptr<const ast::File> parsed);
  /// Forget the whole file before a parse of other text, so that its trees
  /// are held by the entries alone and can be moved rather than copied.
  void forgetFile();

 private:
  mutable std::mutex mutex_;  ///< the generations below
  std::mutex sessions_;       ///< one session at a time
  std::shared_ptr<const Generation> current_ = std::make_shared<Generation>();
  std::shared_ptr<const Generation> retired_;
  std::shared_ptr<const ast::File> file_;
};

/// What a caller that re-parses the same documents (the LSP) gives
/// loadModuleGraph: a cache per file and a flag that abandons the work.
struct ReparseOptions {
  /// The cache for a file (its canonical path); null means parse it all.
  std::function<ParseCache*(const std::string& path)> cacheFor;
  /// Polled between items: once set, parsing stops and the result is
  /// incomplete (the caller must discard it).
  const std::atomic<bool>* cancel = nullptr;
  bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

}  // namespace flytec
