// Reads and parses the root files of a load on several threads before the
// loader walks them, so that `flytec check DIR` parses its files in
// parallel. The loader still adds each buffer to the SourceMgr, and each
// diagnostic to the engine, at the moment it would have read that file
// itself: buffer ids, diagnostics and their order (and so the output, and
// where --max-errors stops) are those of a load on one thread. Imports are
// not prefetched: they are known only once the importing file is parsed.
// It does not resolve imports or report cycles (module_graph.cpp does).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "frontend/parser.h"
#include "frontend/source_loader.h"

namespace flytec {

/// A root file read and parsed off the loader's thread.
struct PrefetchedSource {
  PendingSource source;
  std::unique_ptr<ast::File> ast;  ///< null when the file could not be parsed
  std::vector<Diagnostic> diags;   ///< reading's, then parsing's, in report order
  ParseStats stats;
  ParseCounts counts;
};

class RootPrefetch {
 public:
  /// Reads and parses the distinct `roots` (keyed by canonicalSourcePath) on
  /// `threads` threads, with `diagnostics`' warning options; does nothing
  /// with fewer than two threads or two roots.
  RootPrefetch(const std::vector<std::string>& roots, const DiagnosticOptions& diagnostics,
               const ParseOptions& parse, unsigned threads);

  /// The prefetched file of `key`, once; nullopt when it was not prefetched.
  std::optional<PrefetchedSource> take(const std::string& key);

  /// Threads used (0: none).
  unsigned threads() const { return threads_; }

 private:
  std::map<std::string, PrefetchedSource> byKey_;
  unsigned threads_ = 0;
};

/// Threads for loading `files` root files: `parse.jobs`, else $FLYTEC_JOBS,
/// else the number of CPUs; never more than the files.
unsigned rootLoadThreads(const ParseOptions& parse, size_t files);

}  // namespace flytec
