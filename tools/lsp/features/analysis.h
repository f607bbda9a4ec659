// One checked snapshot of an open document: the document and its imports
// checked by a Compilation (open buffers first, then disk), exactly as
// `flytec check` does, with the diagnostics that produced. Features read an
// Analysis and answer in byte offsets; nothing here knows about LSP
// positions or JSON. An Analysis never changes after it is built, so the
// worker thread and request handlers can share one through a shared_ptr.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compilation/compilation.h"
#include "diagnostics/diagnostic_engine.h"
#include "frontend/module_graph.h"
#include "llvm/Support/SourceMgr.h"
#include "typecheck/semantic_model.h"

namespace flytec::lsp {

struct Analysis {
  explicit Analysis(compilation::CompilationOptions options) : compilation(std::move(options)) {}

  /// Owns the source manager and the diagnostics; declared first so that it
  /// outlives the program and model that point into its buffers.
  compilation::Compilation compilation;
  std::string path;      ///< normalised path of the document
  int64_t version = 0;   ///< document version this snapshot is of
  ModuleGraph program;
  std::unique_ptr<tc::SemanticModel> model;  ///< null if the checker failed
  /// The cluster profile of the nearest flytec.toml (null: none), for hover.
  std::shared_ptr<const tc::ClusterProfile> profile;
  /// What the rule checks reused from the document's previous check.
  std::optional<tc::RuleCheckCounts> ruleChecks;
  const Module* main = nullptr;              ///< the document's module
  unsigned bufferId = 0;                     ///< the document's buffer (0 if unloadable)
  /// The work was abandoned (ReparseOptions::cancel): the snapshot is
  /// incomplete; never publish or cache it.
  bool cancelled = false;

  const llvm::SourceMgr& sm() const { return compilation.sourceManager(); }
  const DiagnosticEngine& diags() const { return compilation.diagnostics(); }
  /// The document text as parsed (empty when it could not be loaded).
  std::string_view text() const;
  /// Byte offset of `loc` in the document's buffer.
  size_t offsetOf(llvm::SMLoc loc) const;
  /// Location of byte `offset` in the document's buffer.
  llvm::SMLoc locAt(size_t offset) const;
  /// True if `loc` lies in the document's buffer.
  bool inMain(llvm::SMLoc loc) const;
  /// The name at byte `offset` of the document as the checker resolved it
  /// (a cursor just after a name counts); null: none, or no model.
  const tc::NameUse* nameAt(size_t offset) const;
  /// Normalised paths of every file this snapshot read (the document first).
  std::vector<std::string> files() const;
};

/// Check `path` (text from `overlay` when it answers, else disk). `reparse`
/// brings the open documents' parse caches and the cancellation flag, which
/// is also polled between the checker's phases; `rules`, the document's
/// rule-check results from its previous check (null: check everything).
std::shared_ptr<const Analysis> analyzeDocument(const std::string& path, int64_t version,
                                                const SourceOverlay& overlay,
                                                const ReparseOptions* reparse = nullptr,
                                                tc::RuleCheckCache* rules = nullptr);

/// The key used for a file everywhere in the server: its real path when it
/// exists, else the absolute path without `.`/`..` (as loadModuleGraph keys modules).
std::string normalizePath(const std::string& path);

}  // namespace flytec::lsp
