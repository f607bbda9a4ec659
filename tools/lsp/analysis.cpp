// Building an Analysis; see analysis.h. The checker runs inside a try block:
// a bug in one phase must cost the document its semantic answers, not the
// server its life.
#include "analysis.h"
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
    tc::CheckOptions options;
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
