// Building an Analysis; see analysis.h. The checker runs inside a try block:
// a bug in one phase must cost the document its semantic answers, not the
// server its life.
#include "analysis.h"

#include <fmt/format.h>

#include "cluster_config.h"
#include "frontend/suppressions.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace flytec::lsp {

std::string normalizePath(const std::string& path) { return canonicalSourcePath(path); }

std::string_view Analysis::text() const {
  if (!bufferId) return {};
  return sm.getMemoryBuffer(bufferId)->getBuffer();
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

std::vector<std::string> Analysis::files() const {
  std::vector<std::string> out;
  for (const auto& m : program.modules) out.push_back(m->path);
  return out;
}

namespace {

/// Problems of flytec.toml (or its profile) are located in that file, which
/// is not the document: show each at the document's start, prefixed with
/// its place in flytec.toml, so the editor says why its checks changed.
void moveConfigDiagnostics(Analysis& a, size_t first) {
  if (!a.bufferId) return;
  llvm::SMLoc start = a.locAt(0);
  for (size_t i = first; i < a.diags.diagnostics().size(); ++i) {
    Diagnostic& d = a.diags.diagnostics()[i];
    std::string where = d.path;
    if (d.range.isValid()) {
      unsigned id = a.sm.FindBufferContainingLoc(d.range.Start);
      auto [line, col] = a.sm.getLineAndColumn(d.range.Start, id);
      where = fmt::format("{}:{}:{}", a.sm.getMemoryBuffer(id)->getBufferIdentifier().str(), line, col);
    }
    d.message = where + ": " + d.message;
    d.range = llvm::SMRange(start, start);
    d.path.clear();
    d.notes.clear();
    d.fixits.clear();
  }
}

}  // namespace

std::shared_ptr<const Analysis> analyzeDocument(const std::string& path, int64_t version,
                                                const SourceOverlay& overlay,
                                                const ReparseOptions* reparse) {
  auto a = std::make_shared<Analysis>();
  a->path = path;
  a->version = version;
  a->program = loadProgram(a->sm, a->diags, {path}, overlay, {}, reparse);
  if (!a->program.roots.empty()) {
    a->main = a->program.roots.front();
    if (a->main && a->main->ast) a->bufferId = a->main->ast->bufferId;
  }
  if (a->program.cancelled) {
    a->cancelled = true;
    return a;
  }
  try {
    // The nearest flytec.toml, read afresh for every check (a change to it
    // arrives as workspace/didChangeWatchedFiles, which re-checks every
    // document): the caps and profile `flytec check` would apply.
    size_t before = a->diags.diagnostics().size();
    driver::ClusterConfig config = driver::loadClusterConfig({}, {path}, a->sm, a->diags);
    moveConfigDiagnostics(*a, before);
    a->profile = config.profile;
    tc::CheckOptions options{config.caps, config.profile};
    options.cancel = reparse ? reparse->cancel : nullptr;
    a->model = tc::analyze(a->program, a->diags, options);
  } catch (const std::exception&) {
    a->model.reset();  // diagnostics so far stay; semantic features fall back to the AST
  }
  if (reparse && reparse->cancelled()) {
    a->cancelled = true;
    return a;
  }
  // `# flytec: ignore[...]` comments act in the editor as in `flytec check`.
  applySuppressions(a->diags, a->program, a->sm);
  a->diags.sortByLocation(a->sm);
  return a;
}

}  // namespace flytec::lsp
