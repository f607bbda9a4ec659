// Import resolution and cycle detection; see module_graph.h.
#include "frontend/module_graph.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "frontend/parser.h"
#include "frontend/source_loader.h"
#include "root_prefetch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace flytec {

bool isIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s.substr(1))
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

std::string canonicalSourcePath(const std::string& path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real)) return std::string(real);
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::sys::path::remove_dots(abs, true);
  return std::string(abs);
}

namespace {

/// E0112 when an import of `imp.path` (resolved to `target`) is not read:
/// only `.flyte` files are, so that no diagnostic quotes another file.
bool reportImportRefusal(const ast::Import& imp, const std::string& target, DiagnosticEngine& diags) {
  if (llvm::sys::path::extension(imp.path) != ".flyte") {
    diags.report(diag::err_cannot_import, imp.pathRange, imp.path);
    return true;
  }
  std::string resolved = canonicalSourcePath(target);
  if (llvm::sys::path::extension(resolved) == ".flyte") return false;
  diags.report(diag::err_import_leads_to_other_file, imp.pathRange, imp.path, resolved);
  return true;
}

class Loader {
 public:
  Loader(llvm::SourceMgr& sm, DiagnosticEngine& diags, const SourceOverlay& overlay,
         const ParseOptions& parse, ModuleGraph& prog, const ReparseOptions* reparse)
      : sm_(sm), diags_(diags), overlay_(overlay), parse_(parse), prog_(prog), reparse_(reparse) {}

  Module* load(const std::string& path, llvm::SMRange requestedAt, bool root) {
    std::string key = canonicalSourcePath(path);
    if (auto it = byPath_.find(key); it != byPath_.end()) {
      if (root) it->second->isRoot = true;
      return it->second;
    }
    auto mod = std::make_unique<Module>();
    mod->path = key;
    mod->stem = llvm::sys::path::stem(path).str();
    mod->isRoot = root;
    Module* m = mod.get();
    prog_.modules.push_back(std::move(mod));
    byPath_[key] = m;

    std::optional<PrefetchedSource> pre = prefetch_ ? prefetch_->take(key) : std::nullopt;
    LoadedSource src = pre ? adoptPrefetched(*pre, *m) : readAndParse(path, key, requestedAt, *m);
    if (!src.bufferId) {
      if (root && src.fileSystemProblem) prog_.unloadableRoots.push_back(path);
      return m;
    }
    if (!m->ast || prog_.cancelled) return m;

    std::string dir = llvm::sys::path::parent_path(path).str();
    for (const ast::Import& imp : m->ast->imports) {
      ResolvedImport r;
      r.decl = &imp;
      llvm::SmallString<256> target;
      if (llvm::sys::path::is_absolute(imp.path)) target = imp.path;
      else {
        target = dir;
        llvm::sys::path::append(target, imp.path);
      }
      std::string stem = llvm::sys::path::stem(imp.path).str();
      r.name = imp.alias ? imp.alias->name : stem;
      if (!imp.alias && !isIdentifier(stem))
        diags_.report(diag::err_import_needs_alias, imp.pathRange, imp.path, stem);
      if (reportImportRefusal(imp, std::string(target), diags_)) {
        m->imports.push_back(std::move(r));  // unresolved, like a missing file
        continue;
      }
      r.target = load(std::string(target), imp.pathRange, false);
      m->imports.push_back(std::move(r));
    }
    return m;
  }

  /// Reads and parses the roots on several threads first (root_prefetch.h).
  void prefetchRoots(const std::vector<std::string>& roots) {
    if (overlay_ || reparse_ || roots.size() < 2) return;
    unsigned threads = rootLoadThreads(parse_, roots.size());
    if (threads < 2) return;
    prefetch_.emplace(roots, diags_.options(), parse_, threads);
    if (parse_.stats) parse_.stats->maxJobs = std::max(parse_.stats->maxJobs, prefetch_->threads());
  }

  /// Reports every import cycle once, at the import that closes it.
  void findCycles() {
    for (auto& m : prog_.modules) visit(m.get());
  }

 private:
  void visit(Module* m) {
    if (state_[m] == 2) return;
    state_[m] = 1;
    stack_.push_back(m);
    for (ResolvedImport& imp : m->imports) {
      if (!imp.target) continue;
      if (state_[imp.target] == 1) reportCycle(m, imp);
      else visit(imp.target);
    }
    stack_.pop_back();
    state_[m] = 2;
  }

  void reportCycle(Module* from, const ResolvedImport& closing) {
    // The cycle is the stack from `closing.target` to `from`, then back.
    size_t start = 0;
    while (stack_[start] != closing.target) ++start;
    std::string chain;
    for (size_t i = start; i < stack_.size(); ++i)
      chain += llvm::sys::path::filename(stack_[i]->path).str() + " -> ";
    chain += llvm::sys::path::filename(closing.target->path).str();
    auto b = diags_.report(diag::err_import_cycle, closing.decl->pathRange, chain);
    for (size_t i = start; i + 1 < stack_.size(); ++i)
      for (const ResolvedImport& imp : stack_[i]->imports)
        if (imp.target == stack_[i + 1]) {
          b.note(imp.decl->pathRange, reason::note_imports_here, llvm::sys::path::filename(stack_[i]->path).str(),
                 llvm::sys::path::filename(stack_[i + 1]->path).str());
          break;
        }
  }

  /// Reads `path` into the SourceMgr and, when it is valid UTF-8, parses it
  /// into `m` (honouring the overlay, the parse caches and cancellation).
  LoadedSource readAndParse(const std::string& path, const std::string& key, llvm::SMRange requestedAt,
                            Module& m) {
    std::optional<std::string> text = overlay_ ? overlay_(key) : std::nullopt;
    PendingSource pending = text ? readSourceText(path, *text, diags_) : readSource(path, diags_, requestedAt);
    ParseCache* cache = reparse_ && reparse_->cacheFor && pending.status.parseable ? reparse_->cacheFor(key) : nullptr;
    if (!cache) return parseAdopted(adoptSource(sm_, std::move(pending)), nullptr, m);
    llvm::StringRef bytes = pending.buffer->getBuffer();
    if (auto same = cache->sameFile(std::string_view(bytes.data(), bytes.size()))) return adoptUnchanged(*same, m);
    return parseShared(std::move(pending), *cache, m);
  }

  /// Parses a cached file whose text changed. Its bytes are shared with the
  /// cache, so that the next check, if the text is then the same, can take
  /// this parse whole (when it reported nothing).
  LoadedSource parseShared(PendingSource pending, ParseCache& cache, Module& m) {
    cache.forgetFile();
    std::shared_ptr<const llvm::MemoryBuffer> shared = std::move(pending.buffer);
    pending.buffer = llvm::MemoryBuffer::getMemBuffer(shared->getMemBufferRef(), /*RequiresNullTerminator=*/false);
    size_t reportsBefore = diags_.reportTally();
    LoadedSource src = parseAdopted(adoptSource(sm_, std::move(pending)), &cache, m);
    if (!m.ast) return src;
    m.ast->sharedText = std::move(shared);
    if (diags_.reportTally() == reportsBefore && !diags_.limitReached() && !prog_.cancelled)
      cache.rememberFile(std::make_shared<const ast::File>(*m.ast));
    return src;
  }

  /// Parses an adopted source into `m` (against `cache`, when given).
  LoadedSource parseAdopted(LoadedSource src, ParseCache* cache, Module& m) {
    if (!src.bufferId || !src.parseable) return src;
    if (reparse_ && reparse_->cancelled()) {
      prog_.cancelled = true;
      return src;
    }
    ParseOptions options = parse_;
    options.cache = cache;
    options.cancel = reparse_ ? reparse_->cancel : nullptr;
    options.counts = &prog_.parseCounts;
    m.ast = parseBuffer(sm_, src.bufferId, diags_, options);
    ++prog_.parsedFiles;
    if (reparse_ && reparse_->cancelled()) prog_.cancelled = true;
    return src;
  }

  /// A file whose text is what its cache last parsed cleanly: the SourceMgr
  /// views the cached bytes and the module takes the cached tree.
  LoadedSource adoptUnchanged(const ast::File& same, Module& m) {
    LoadedSource src;
    src.parseable = true;
    src.bufferId = sm_.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(same.sharedText->getMemBufferRef(), /*RequiresNullTerminator=*/false),
        llvm::SMLoc());
    m.ast = std::make_unique<ast::File>(same);
    m.ast->bufferId = src.bufferId;
    prog_.parseCounts.reused += m.ast->decls.size();
    ++prog_.parseCounts.filesUnchanged;
    return src;
  }

  /// Takes a prefetched root as readAndParse would have produced it: its
  /// buffer joins the SourceMgr and its diagnostics the engine now.
  LoadedSource adoptPrefetched(PrefetchedSource& pre, Module& m) {
    LoadedSource src = adoptSource(sm_, std::move(pre.source));
    for (Diagnostic& d : pre.diags) diags_.absorb(std::move(d));
    if (!pre.ast) return src;
    m.ast = std::move(pre.ast);
    m.ast->bufferId = src.bufferId;
    ++prog_.parsedFiles;
    prog_.parseCounts.parsed += pre.counts.parsed;
    prog_.parseCounts.reused += pre.counts.reused;
    prog_.parseCounts.inPieces += pre.counts.inPieces;
    if (ParseStats* stats = parse_.stats) {
      stats->lexSeconds += pre.stats.lexSeconds;
      stats->itemSeconds += pre.stats.itemSeconds;
      stats->items += pre.stats.items;
      stats->maxJobs = std::max(stats->maxJobs, pre.stats.maxJobs);
    }
    return src;
  }

  llvm::SourceMgr& sm_;
  DiagnosticEngine& diags_;
  const SourceOverlay& overlay_;
  const ParseOptions& parse_;
  ModuleGraph& prog_;
  const ReparseOptions* reparse_;
  std::map<std::string, Module*> byPath_;
  std::map<Module*, int> state_;
  std::vector<Module*> stack_;
  std::optional<RootPrefetch> prefetch_;
};

}  // namespace

ModuleGraph loadModuleGraph(llvm::SourceMgr& sm, DiagnosticEngine& diags,
                    const std::vector<std::string>& rootPaths, const SourceOverlay& overlay,
                    const ParseOptions& parse, const ReparseOptions* reparse) {
  ModuleGraph prog;
  unsigned errorsBefore = diags.errorCount();
  Loader loader(sm, diags, overlay, parse, prog, reparse);
  loader.prefetchRoots(rootPaths);
  for (const std::string& p : rootPaths) prog.roots.push_back(loader.load(p, {}, true));
  loader.findCycles();
  prog.frontendErrors = diags.errorCount() - errorsBefore;
  return prog;
}

}  // namespace flytec
