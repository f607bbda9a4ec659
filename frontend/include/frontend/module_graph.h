// The module graph: the root files and everything they import, each file loaded
// and parsed once (keyed by its real path), imports resolved relative to the
// importing file (spec §4). Reports missing/unreadable imports at the
// `import` line, import cycles (E0202, naming the whole cycle, a note at each
// import in it) and stems that are not identifiers (E0203). Names inside the
// files are resolved later, by typecheck/.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "frontend/parse_cache.h"
#include "frontend/parser.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {

struct Module;

/// One `import` after resolution.
struct ResolvedImport {
  const ast::Import* decl = nullptr;
  std::string name;          ///< the alias, else the file stem: how names are qualified
  Module* target = nullptr;  ///< null when the file could not be loaded
};

struct Module {
  std::string path;  ///< real path (or the name given for an in-memory buffer)
  std::string stem;  ///< file name without `.flyte`
  std::unique_ptr<ast::File> ast;  ///< null when the file could not be loaded
  std::vector<ResolvedImport> imports;
  bool isRoot = false;
};

/// Where file contents come from: the LSP answers from open buffers first.
/// Returning nullopt means "read it from disk".
using SourceOverlay = std::function<std::optional<std::string>(const std::string& realPath)>;

struct ModuleGraph {
  std::vector<std::unique_ptr<Module>> modules;  ///< load order
  std::vector<Module*> roots;
  /// Root paths that could not be loaded (missing, unreadable): exit code 2.
  std::vector<std::string> unloadableRoots;
  /// Number of files parsed (each file once), for tests and benchmarks.
  unsigned parsedFiles = 0;
  /// Errors reported while loading and parsing (I/O, UTF-8, syntax, imports).
  /// Semantic checks do not run on a program with such errors: a partial
  /// tree would only produce fallout (docs/design/frontend.md).
  unsigned frontendErrors = 0;
  /// Top-level items parsed and reused from a ParseCache, over all files.
  ParseCounts parseCounts;
  /// ReparseOptions::cancel was set: loading stopped early, the program is
  /// incomplete and its diagnostics meaningless.
  bool cancelled = false;
};

/// Load and parse `rootPaths` and their imports into `sm`. `parse` sets the
/// threads per file (parser.h); `reparse` (the LSP) supplies per-file parse
/// caches and a cancellation flag.
ModuleGraph loadModuleGraph(llvm::SourceMgr& sm, DiagnosticEngine& diags,
                    const std::vector<std::string>& rootPaths, const SourceOverlay& overlay = {},
                    const ParseOptions& parse = {}, const ReparseOptions* reparse = nullptr);

/// The key a file is loaded under: its real path, or (for a path that does
/// not exist, such as an unsaved editor buffer) the absolute path without dots.
std::string canonicalSourcePath(const std::string& path);

/// True if `s` is an identifier `[A-Za-z_][A-Za-z0-9_]*`.
bool isIdentifier(std::string_view s);

}  // namespace flytec
