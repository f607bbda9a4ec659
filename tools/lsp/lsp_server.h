// The language server: JSON-RPC dispatch (one handler per LSP method, in the
// style of clangd's ClangdLSPServer), the protocol lifecycle (initialize,
// shutdown, exit), document sync and diagnostics publishing. It converts
// between LSP positions (UTF-16) and the byte offsets the features use, and
// turns every failure into a JSON-RPC error: malformed JSON (-32700), a
// message that is not a request (-32600), an unknown method (-32601), wrong
// params (-32602), a request before `initialize` (-32002), a handler that
// throws (-32603). A reader thread takes messages off the transport so that
// `$/cancelRequest` is seen while a request runs (answered -32800 if it has
// not finished); a newer version of a document cancels the running check of
// the older one (its diagnostics are never published). Each open document
// keeps a ParseCache, so a check re-parses only the declarations an edit
// touched. The features themselves live in hover.h, xrefs.h, ...
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "analysis.h"
#include "debouncer.h"
#include "document_store.h"
#include "frontend/parse_cache.h"
#include "protocol.h"
#include "server_log.h"
#include "transport.h"
#include "typecheck/rule_check_cache.h"

namespace flytec::lsp {

struct ServerOptions {
  /// Check and publish inside didOpen/didChange instead of on the worker
  /// thread: deterministic output order for lit transcripts.
  bool sync = false;
  /// Least time between two checks of one document. 0: a new version is
  /// checked as soon as the worker is free; the edit that made it cancels a
  /// check of an older version, so an edit waits at most for one check.
  std::chrono::milliseconds debounce{0};
  /// Enables `flytec/testCrash`, a request whose handler throws (tests only).
  bool testHooks = false;
  /// --log-file: where ServerLog writes (empty: no log).
  std::string logFile;
  /// Called once, when the open documents first total kLargeDocuments bytes
  /// or more (the driver then has the allocator return freed pages at once:
  /// tools/driver/allocator_policy.h). May be empty.
  std::function<void()> onLargeDocuments;
};

/// Open documents of this many bytes together (about 10,000 lines of
/// bench/lsp) make every check's freed pages worth returning to the OS at
/// once: with mimalloc's delay, 20,000 lines peaked at 1.96x `check`.
constexpr size_t kLargeDocuments = 256u << 10;

class LspServer {
 public:
  LspServer(Transport& transport, ServerOptions options);
  ~LspServer();

  /// Serve until `exit` or end of input. Returns the process exit code:
  /// 0 after shutdown + exit, 1 otherwise (LSP base protocol).
  int run();

 private:
  using Handler = std::function<llvm::json::Value(const llvm::json::Value& params)>;
  using NotificationHandler = std::function<void(const llvm::json::Value& params)>;

  /// One message taken off the transport by the reader thread, JSON parsed.
  struct Queued {
    IncomingMessage raw;
    std::optional<llvm::json::Value> json;  ///< set when raw is a well-formed message
    std::string jsonError;
  };

  void registerHandlers();
  /// The reader thread: transport -> queue_, noting `$/cancelRequest` at once.
  void readLoop();
  Queued nextMessage();
  void handleMessage(Queued& msg);
  void handleRequest(const llvm::json::Value& id, const std::string& name, const llvm::json::Value& params);
  void reply(const llvm::json::Value& id, llvm::Expected<llvm::json::Value> result);
  void replyError(const llvm::json::Value& id, ErrorCode code, const std::string& message);

  // Lifecycle and documents (lsp_server.cpp).
  llvm::json::Value onInitialize(const llvm::json::Value& params);
  void onDidOpen(const llvm::json::Value& params);
  void onDidChange(const llvm::json::Value& params);
  void onDidClose(const llvm::json::Value& params);
  void onDidSave(const llvm::json::Value& params);
  void onWatchedFilesChanged(const llvm::json::Value& params);
  /// Calls options_.onLargeDocuments the first time the documents are large.
  void noteDocumentSizes();

  // Features (lsp_handlers.cpp).
  llvm::json::Value onHover(const llvm::json::Value& params);
  llvm::json::Value onDefinition(const llvm::json::Value& params);
  llvm::json::Value onReferences(const llvm::json::Value& params);
  llvm::json::Value onCompletion(const llvm::json::Value& params);
  llvm::json::Value onDocumentSymbol(const llvm::json::Value& params);
  llvm::json::Value onCodeAction(const llvm::json::Value& params);
  llvm::json::Value onSemanticTokens(const llvm::json::Value& params);

  /// Schedule (or, with --sync, run) the check of `path`; with `cascade`,
  /// open documents that import it are re-checked afterwards.
  void scheduleCheck(const std::string& path, bool cascade);
  /// Check `path` now and publish its diagnostics unless a newer version
  /// arrived meanwhile (then the result is stale and dropped).
  void checkAndPublish(const std::string& path);
  /// The snapshot of the current version of an open document, built on
  /// demand. Throws an InvalidParams error if the document is not open.
  std::shared_ptr<const Analysis> current(const std::string& uri);
  /// The snapshot of `doc`'s version when one is cached or being built (a
  /// request right after an edit waits for the worker's check instead of
  /// checking the same version a second time and holding two snapshots of
  /// it; the worker waits for a request's check likewise). Else null, and
  /// the caller is registered in runningChecks_ with `flag` as the one that
  /// builds it, and must call releaseClaim. Throws RequestCancelled if
  /// `requestCancel` is set while waiting.
  std::shared_ptr<const Analysis> cachedOrClaim(const DocumentInfo& doc, const std::shared_ptr<std::atomic<bool>>& flag,
                                                const std::atomic<bool>* requestCancel);
  /// The build registered with `flag` ended: unregister it, wake the waiters.
  void releaseClaim(const std::string& path, const std::shared_ptr<std::atomic<bool>>& flag);
  /// Check `doc`; null if `cancel` was set meanwhile (the work is dropped).
  /// `retired` (may be null) receives what this check replaced: the
  /// snapshot it displaced from the cache and the parse caches' previous
  /// generations, for the caller to free once it has published. Freeing a
  /// large document's model and trees is work an edit need not wait for.
  std::shared_ptr<const Analysis> build(const DocumentInfo& doc, const std::atomic<bool>* cancel,
                                        std::vector<std::shared_ptr<const void>>* retired = nullptr);
  void publish(const Analysis& a, const std::string& uri);

  Transport& transport_;
  ServerOptions options_;
  DocumentStore docs_;
  std::map<std::string, Handler> requests_;
  std::map<std::string, NotificationHandler> notifications_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  bool largeDocuments_ = false;

  std::mutex cacheMutex_;
  std::map<std::string, std::shared_ptr<const Analysis>> cache_;  ///< newest snapshot per path
  /// The analysis last published per path: a snapshot is published once,
  /// however many scheduled checks find it in the cache.
  std::map<std::string, std::weak_ptr<const Analysis>> published_;
  std::set<std::string> cascadeAfterCheck_;  ///< paths whose next check re-checks dependants
  std::unique_ptr<Debouncer> worker_;
  /// The check running per path (worker or --sync): its version and cancel flag.
  struct RunningCheck {
    int64_t version = 0;
    std::shared_ptr<std::atomic<bool>> cancel;
  };
  std::map<std::string, RunningCheck> runningChecks_;
  /// Notified (under cacheMutex_) when a running check ends.
  std::condition_variable checkEnded_;

  std::mutex parseCachesMutex_;
  /// Per file a check read: the open documents and their imports (an
  /// import's goes when no open document reads it any more, on didClose).
  std::map<std::string, std::shared_ptr<ParseCache>> parseCaches_;
  /// Per open document: its rule checks' results, reused by its next check.
  std::map<std::string, std::shared_ptr<tc::RuleCheckCache>> ruleCaches_;

  // Reader thread -> main thread.
  std::mutex queueMutex_;
  std::condition_variable queueCv_;
  std::deque<Queued> queue_;
  // Requests read but not yet answered, and which of them were cancelled.
  std::mutex requestsMutex_;
  std::set<std::string> pendingIds_, cancelledIds_;
  std::string runningId_;
  std::shared_ptr<std::atomic<bool>> runningCancel_;
  /// The running request's flag, for current() (main thread only).
  const std::atomic<bool>* requestCancel_ = nullptr;

  ServerLog log_;
};

/// An error a handler throws to answer with a JSON-RPC error.
struct RpcError {
  ErrorCode code;
  std::string message;
};

/// Parse `params` into T or throw RpcError{InvalidParams}.
template <typename T>
T parseParams(const llvm::json::Value& params, std::string_view method) {
  T out;
  llvm::json::Path::Root root(method);
  if (!fromJSON(params, out, root)) {
    std::string detail = llvm::toString(root.getError());
    throw RpcError{ErrorCode::InvalidParams, "invalid params for `" + std::string(method) + "`: " + detail};
  }
  return out;
}

}  // namespace flytec::lsp
