// Lifecycle, document sync and diagnostics; see lsp_server.h (the message
// loop is in message_loop.cpp). Requests are answered in order on the main
// thread; only diagnostics run on the worker (unless --sync). A snapshot is
// shared between the two through the cache, keyed by path and checked
// against the document version.
#include "lsp_server.h"

#include <utility>

#include <fmt/format.h>

#include "converters.h"
#include "formatting_request.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Path.h"
#include "uri.h"

namespace flytec::lsp {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

LspServer::LspServer(Transport& transport, ServerOptions options)
    : transport_(transport), options_(options) {
  if (!options_.logFile.empty()) log_.open(options_.logFile);
  registerHandlers();
  if (!options_.sync)
    worker_ = std::make_unique<Debouncer>([this](const std::string& path) { checkAndPublish(path); },
                                          options_.debounce);
}

LspServer::~LspServer() {
  if (worker_) worker_->stop();
}

void LspServer::registerHandlers() {
  requests_["initialize"] = [this](const Value& p) { return onInitialize(p); };
  requests_["shutdown"] = [this](const Value&) -> Value {
    shutdown_ = true;
    return nullptr;
  };
  requests_["textDocument/hover"] = [this](const Value& p) { return onHover(p); };
  requests_["textDocument/definition"] = [this](const Value& p) { return onDefinition(p); };
  requests_["textDocument/references"] = [this](const Value& p) { return onReferences(p); };
  requests_["textDocument/completion"] = [this](const Value& p) { return onCompletion(p); };
  requests_["textDocument/documentSymbol"] = [this](const Value& p) { return onDocumentSymbol(p); };
  requests_["textDocument/codeAction"] = [this](const Value& p) { return onCodeAction(p); };
  requests_["textDocument/semanticTokens/full"] = [this](const Value& p) { return onSemanticTokens(p); };
  requests_["textDocument/formatting"] = [this](const Value& p) { return onFormattingRequest(docs_, p); };
  if (options_.testHooks)
    requests_["flytec/testCrash"] = [](const Value&) -> Value { throw std::runtime_error("test hook: handler failed"); };

  notifications_["initialized"] = [](const Value&) {};
  notifications_["exit"] = [this](const Value&) { exited_ = true; };
  notifications_["textDocument/didOpen"] = [this](const Value& p) { onDidOpen(p); };
  notifications_["textDocument/didChange"] = [this](const Value& p) { onDidChange(p); };
  notifications_["textDocument/didClose"] = [this](const Value& p) { onDidClose(p); };
  notifications_["textDocument/didSave"] = [this](const Value& p) { onDidSave(p); };
  notifications_["workspace/didChangeWatchedFiles"] = [this](const Value& p) { onWatchedFilesChanged(p); };
}

Value LspServer::onInitialize(const Value& params) {
  if (!params.getAsObject()) throw RpcError{ErrorCode::InvalidParams, "`initialize` params must be an object"};
  initialized_ = true;
  Array types, mods;
  for (const std::string& t : semanticTokenTypes()) types.push_back(t);
  for (const std::string& m : semanticTokenModifiers()) mods.push_back(m);
  Object caps{
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", Object{{"openClose", true}, {"change", 2}, {"save", Object{{"includeText", false}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"completionProvider", Object{{"triggerCharacters", Array{".", "(", ",", "{"}}}},
      {"documentSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"codeActionProvider", Object{{"codeActionKinds", Array{"quickfix"}}}},
      {"semanticTokensProvider",
       Object{{"legend", Object{{"tokenTypes", std::move(types)}, {"tokenModifiers", std::move(mods)}}},
              {"full", true}}},
  };
  return Object{{"capabilities", std::move(caps)},
                {"serverInfo", Object{{"name", "flytec"}, {"version", FLYTEC_VERSION}}}};
}

void LspServer::onDidOpen(const Value& params) {
  auto p = parseParams<DidOpenParams>(params, "textDocument/didOpen");
  Document d{p.textDocument.uri, normalizePath(uriToPath(p.textDocument.uri)), p.textDocument.version,
             std::move(p.textDocument.text)};
  std::string path = d.path;
  docs_.open(std::move(d));
  {
    std::lock_guard<std::mutex> lock(parseCachesMutex_);
    parseCaches_[path] = std::make_shared<ParseCache>();
  }
  noteDocumentSizes();
  scheduleCheck(path, true);
}

void LspServer::onDidChange(const Value& params) {
  auto p = parseParams<DidChangeParams>(params, "textDocument/didChange");
  std::string path = normalizePath(uriToPath(p.uri));
  if (!docs_.change(path, p.version, p.changes))
    throw RpcError{ErrorCode::InvalidParams, "didChange for a document that is not open: " + p.uri};
  // The running check of an older version is stale: stop it. The cached
  // snapshot of an older version can answer nothing any more (requests read
  // the current version only): drop it, so that the next check does not
  // hold two snapshots of the document at once. It is freed on return, while
  // the worker already checks the new version, outside the lock.
  std::shared_ptr<const Analysis> stale;
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (auto it = runningChecks_.find(path); it != runningChecks_.end()) it->second.cancel->store(true);
    if (auto it = cache_.find(path); it != cache_.end() && it->second->version < p.version) {
      stale = std::move(it->second);
      cache_.erase(it);
    }
  }
  noteDocumentSizes();
  scheduleCheck(path, true);
}

void LspServer::noteDocumentSizes() {
  if (largeDocuments_ || !options_.onLargeDocuments || docs_.totalBytes() < kLargeDocuments) return;
  largeDocuments_ = true;
  options_.onLargeDocuments();
}

void LspServer::onDidClose(const Value& params) {
  auto p = parseParams<DocumentParams>(params, "textDocument/didClose");
  std::string path = normalizePath(uriToPath(p.textDocument.uri));
  docs_.close(path);
  // The parse caches of files that only the closed document read (its
  // imports) go with it: a cache per file ever read would otherwise grow
  // for as long as the server runs.
  std::set<std::string> stillRead;
  for (const std::string& open : docs_.paths()) stillRead.insert(open);
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    cache_.erase(path);
    published_.erase(path);
    for (const auto& [doc, snapshot] : cache_)
      for (const std::string& file : snapshot->files()) stillRead.insert(file);
  }
  {
    std::lock_guard<std::mutex> lock(parseCachesMutex_);
    std::erase_if(parseCaches_, [&](const auto& entry) { return !stillRead.count(entry.first); });
    ruleCaches_.erase(path);
  }
  transport_.send(Object{{"jsonrpc", "2.0"},
                         {"method", "textDocument/publishDiagnostics"},
                         {"params", Object{{"uri", p.textDocument.uri}, {"diagnostics", Array{}}}}});
  // Documents importing it now read it from disk.
  for (const std::string& other : docs_.paths()) scheduleCheck(other, false);
}

void LspServer::onDidSave(const Value& params) {
  auto p = parseParams<DocumentParams>(params, "textDocument/didSave");
  (void)p;  // open buffers already hold the text; nothing to reload
}

void LspServer::onWatchedFilesChanged(const Value&) {
  // A file changed on disk; any open document may import it, so none of the
  // cached snapshots (which hold the old text of their imports) is current.
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    cache_.clear();
  }
  for (const std::string& path : docs_.paths()) scheduleCheck(path, false);
}

void LspServer::scheduleCheck(const std::string& path, bool cascade) {
  if (cascade) {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    cascadeAfterCheck_.insert(path);
  }
  if (options_.sync) checkAndPublish(path);
  else worker_->schedule(path);
}

std::shared_ptr<const Analysis> LspServer::build(const DocumentInfo& doc, const std::atomic<bool>* cancel,
                                                std::vector<std::shared_ptr<const void>>* retired) {
  auto started = std::chrono::steady_clock::now();
  SourceOverlay overlay = [this](const std::string& p) { return docs_.text(p); };
  // Every file parses against its cache; the shared_ptrs keep a cache alive
  // for this check even if its document is closed meanwhile.
  std::vector<std::shared_ptr<ParseCache>> held;
  ReparseOptions reparse;
  reparse.cancel = cancel;
  reparse.cacheFor = [this, &held](const std::string& p) -> ParseCache* {
    std::lock_guard<std::mutex> lock(parseCachesMutex_);
    // Imported files that are not open get a cache too: an edit to one
    // document would otherwise parse all of its imports again.
    std::shared_ptr<ParseCache>& cache = parseCaches_[p];
    if (!cache) cache = std::make_shared<ParseCache>();
    held.push_back(cache);
    return cache.get();
  };
  std::shared_ptr<tc::RuleCheckCache> rules;
  {
    std::lock_guard<std::mutex> lock(parseCachesMutex_);
    std::shared_ptr<tc::RuleCheckCache>& slot = ruleCaches_[doc.path];
    if (!slot) slot = std::make_shared<tc::RuleCheckCache>();
    rules = slot;
  }
  auto a = analyzeDocument(doc.path, doc.version, overlay, &reparse, rules.get());
  for (const std::shared_ptr<ParseCache>& cache : held)
    if (auto generation = cache->takeRetired(); generation && retired) retired->push_back(std::move(generation));
  if (a->cancelled) {
    log_.line(fmt::format("check {} v{}: cancelled", llvm::sys::path::filename(doc.path).str(), doc.version));
    return nullptr;
  }
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
  const ParseCounts& counts = a->program.parseCounts;
  std::string rulesRan = "no rule checks";
  if (const std::optional<tc::RuleCheckCounts>& c = a->ruleChecks)
    rulesRan = fmt::format("rule checks on {} declarations, {} reused{}", c->checked, c->reused,
                           c->wholeProgram ? " (whole program)" : "");
  log_.line(fmt::format("check {} v{}: {} items parsed, {} reused, {} of {} files unchanged, {}, {:.1f} ms",
                        llvm::sys::path::filename(doc.path).str(), doc.version, counts.parsed, counts.reused,
                        counts.filesUnchanged, a->program.modules.size(), rulesRan, took.count()));
  std::shared_ptr<const Analysis> previous;  // freed outside the lock, or by the caller
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto& slot = cache_[doc.path];
    if (!slot || slot->version <= a->version) previous = std::exchange(slot, a);
  }
  if (retired && previous) retired->push_back(std::move(previous));
  return a;
}

void LspServer::checkAndPublish(const std::string& path) {
  std::optional<DocumentInfo> doc = docs_.info(path);
  if (!doc) return;
  auto flag = std::make_shared<std::atomic<bool>>(false);
  std::vector<std::shared_ptr<const void>> retired;  // declared first: freed last, after publishing
  std::shared_ptr<const Analysis> a = cachedOrClaim(*doc, flag, nullptr);
  if (!a) {
    {
      auto release = llvm::make_scope_exit([&] { releaseClaim(path, flag); });
      a = build(*doc, flag.get(), &retired);
    }
    if (!a) return;  // cancelled by a newer version, whose check is pending
  }
  // Stale: the document changed while we checked; its own check is pending.
  std::optional<DocumentInfo> now = docs_.info(path);
  if (!now || now->version != a->version) return;
  bool fresh;
  {
    // A burst of changes can leave several scheduled checks behind the one
    // that did the work; they find its snapshot cached. Publish it once.
    std::lock_guard<std::mutex> lock(cacheMutex_);
    std::weak_ptr<const Analysis>& last = published_[path];
    fresh = last.lock() != a;
    if (fresh) last = a;
  }
  if (fresh) publish(*a, doc->uri);

  bool cascade;
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    cascade = cascadeAfterCheck_.erase(path) > 0;
  }
  if (!cascade) return;
  // Re-check open documents whose last snapshot read this file.
  std::vector<std::string> dependants;
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    for (const auto& [other, snap] : cache_) {
      if (other == path) continue;
      for (const std::string& f : snap->files())
        if (f == path) {
          dependants.push_back(other);
          break;
        }
    }
  }
  for (const std::string& d : dependants) {
    {
      std::lock_guard<std::mutex> lock(cacheMutex_);
      cache_.erase(d);  // its snapshot holds the old text of `path`
    }
    scheduleCheck(d, false);
  }
}

void LspServer::publish(const Analysis& a, const std::string& uri) {
  Array diags;
  Converter conv(a);
  for (const Diagnostic& d : a.diags().diagnostics()) {
    bool mine = d.range.isValid() ? a.inMain(d.range.Start) : (d.path.empty() || normalizePath(d.path) == a.path);
    if (!mine) continue;
    diags.push_back(toJSON(conv.diagnostic(d)));
  }
  transport_.send(Object{{"jsonrpc", "2.0"},
                         {"method", "textDocument/publishDiagnostics"},
                         {"params", Object{{"uri", uri}, {"version", a.version}, {"diagnostics", std::move(diags)}}}});
}

std::shared_ptr<const Analysis> LspServer::current(const std::string& uri) {
  std::string path = normalizePath(uriToPath(uri));
  std::optional<DocumentInfo> doc = docs_.info(path);
  if (!doc) throw RpcError{ErrorCode::InvalidParams, "document is not open: " + uri};
  // Main thread: no didChange can arrive while this runs, so the claim's
  // own flag is never set; the request's cancellation stops the build.
  auto claim = std::make_shared<std::atomic<bool>>(false);
  if (std::shared_ptr<const Analysis> a = cachedOrClaim(*doc, claim, requestCancel_)) return a;
  std::shared_ptr<const Analysis> a;
  {
    auto release = llvm::make_scope_exit([&] { releaseClaim(path, claim); });
    a = build(*doc, requestCancel_);
  }
  if (!a) throw RpcError{ErrorCode::RequestCancelled, "the request was cancelled"};
  return a;
}

std::shared_ptr<const Analysis> LspServer::cachedOrClaim(const DocumentInfo& doc,
                                                         const std::shared_ptr<std::atomic<bool>>& flag,
                                                         const std::atomic<bool>* requestCancel) {
  std::unique_lock<std::mutex> lock(cacheMutex_);
  while (true) {
    if (auto it = cache_.find(doc.path); it != cache_.end() && it->second->version == doc.version) return it->second;
    auto running = runningChecks_.find(doc.path);
    if (running == runningChecks_.end() || running->second.version != doc.version ||
        running->second.cancel->load())
      break;
    if (requestCancel && requestCancel->load()) throw RpcError{ErrorCode::RequestCancelled, "the request was cancelled"};
    // Woken when that check ends; the timeout notices a cancelled request.
    checkEnded_.wait_for(lock, std::chrono::milliseconds(5));
  }
  runningChecks_[doc.path] = RunningCheck{doc.version, flag};
  // A change may have landed since the caller read `doc`: its check is stale.
  if (std::optional<DocumentInfo> now = docs_.info(doc.path); !now || now->version != doc.version) flag->store(true);
  return nullptr;
}

void LspServer::releaseClaim(const std::string& path, const std::shared_ptr<std::atomic<bool>>& flag) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (auto it = runningChecks_.find(path); it != runningChecks_.end() && it->second.cancel == flag)
      runningChecks_.erase(it);
  }
  checkEnded_.notify_all();
}

}  // namespace flytec::lsp
