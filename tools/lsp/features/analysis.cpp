// Building an Analysis; see analysis.h. The compilation survives a checker
// failure: a bug in one phase must cost the document its semantic answers,
// not the server its life.
#include "analysis.h"

#include <fmt/format.h>


#include "diagnostics/buffer_locator.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace flytec::lsp {

std::string normalizePath(const std::string& path) { return canonicalSourcePath(path); }

std::string_view Analysis::text() const {
  if (!bufferId) return {};
  return sm().getMemoryBuffer(bufferId)->getBuffer();
}

size_t Analysis::offsetOf(llvm::SMLoc loc) const {
  std::string_view t = text();
  const char* p = loc.getPointer();
  if (!p || p < t.data() || p > t.data() + t.size()) return 0;
  return static_cast<size_t>(p - t.data());
}

llvm::SMLoc Analysis::locAt(size_t offset) const {
  std::string_view t = text();
  return llvm::SMLoc::getFromPointer(t.data() + std::min(offset, t.size()));
}

bool Analysis::inMain(llvm::SMLoc loc) const {
  std::string_view t = text();
  const char* p = loc.getPointer();
  return p && bufferId && p >= t.data() && p <= t.data() + t.size();
}

const tc::NameUse* Analysis::nameAt(size_t offset) const {
  if (!model || !bufferId) return nullptr;
  return model->names.at(locAt(offset).getPointer());
}

std::vector<std::string> Analysis::files() const {
  std::vector<std::string> out;
  for (const auto& m : program.modules) out.push_back(m->path);
  return out;
}

namespace {

/// True when `d` is about the configuration file rather than a source: its
/// location is in that file's buffer, or it names the file itself.
bool isAboutConfig(const Diagnostic& d, const compilation::ClusterConfig& config, const BufferLocator& where) {
  if (d.range.isValid()) return config.bufferId && where.find(d.range.Start) == config.bufferId;
  return !config.path.empty() && d.path == config.path;
}

/// Problems of flytec.toml (or its profile) are located in that file, which
/// is not the document: show each at the document's start, prefixed with
/// its place in flytec.toml, so the editor says why its checks changed.
void moveConfigDiagnostics(Analysis& a) {
  const compilation::ClusterConfig* config = a.compilation.config();
  if (!a.bufferId || !config) return;
  const llvm::SourceMgr& sm = a.sm();
  const BufferLocator locator(sm);
  llvm::SMLoc start = a.locAt(0);
  for (Diagnostic& d : a.compilation.diagnostics().diagnostics()) {
    if (!isAboutConfig(d, *config, locator)) continue;
    std::string where = d.path;
    if (d.range.isValid()) {
      unsigned id = locator.find(d.range.Start);
      auto [line, col] = sm.getLineAndColumn(d.range.Start, id);
      where = fmt::format("{}:{}:{}", sm.getMemoryBuffer(id)->getBufferIdentifier().str(), line, col);
    }
    d.message = where + ": " + d.message;
    d.range = llvm::SMRange(start, start);
    d.path.clear();
    d.notes.clear();
    d.fixits.clear();
  }
}

/// An editor's compilation: its unsaved buffers, parse caches and
/// cancellation, and no flags: the nearest flytec.toml, read afresh for
/// every check (a change to it arrives as workspace/didChangeWatchedFiles,
/// which re-checks every document), gives the caps `flytec check` applies.
compilation::CompilationOptions editorOptions(const SourceOverlay& overlay, const ReparseOptions* reparse,
                                              tc::RuleCheckCache* rules) {
  compilation::CompilationOptions options;
  options.ruleCache = rules;
  options.overlay = overlay;
  options.reparse = reparse;
  options.survivesCheckerFailure = true;
  options.modelDespiteErrors = true;
  options.recordNames = true;  // definition, references, hover and tokens read them
  options.rootDiagnosticsOnly = true;  // publish() sends the document's own
  return options;
}

}  // namespace

std::shared_ptr<const Analysis> analyzeDocument(const std::string& path, int64_t version,
                                                const SourceOverlay& overlay,
                                                const ReparseOptions* reparse, tc::RuleCheckCache* rules) {
  auto a = std::make_shared<Analysis>(editorOptions(overlay, reparse, rules));
  a->path = path;
  a->version = version;
  compilation::CheckedProgram checked = a->compilation.checkSources({path});
  a->program = std::move(checked.program);
  a->model = std::move(checked.model);
  a->profile = checked.profile;
  a->ruleChecks = checked.ruleChecks;
  if (!a->program.roots.empty()) {
    a->main = a->program.roots.front();
    if (a->main && a->main->ast) a->bufferId = a->main->ast->bufferId;
  }
  if (a->program.cancelled || (reparse && reparse->cancelled())) {
    a->cancelled = true;
    return a;
  }
  moveConfigDiagnostics(*a);
  a->compilation.diagnostics().sortByLocation(a->sm());
  return a;
}

}  // namespace flytec::lsp
