// One compilation: everything a check, a package check or a lowering of
// `.flyte` sources shares, in one object every entry point constructs
// (`flytec check`, `compile`, `run`, `graph`, `fmt`, the language server, the
// fuzzer). It owns the source manager, the diagnostic engine and the resolved
// options: the platform caps and cluster profile (flags, else the nearest
// flytec.toml: cluster_config.h), the parser's options, an in-memory overlay
// for files that are not on disk (unsaved editor buffers, the fuzzer's
// inputs) and the editor's re-parse caches. Because there is one pipeline,
// the same input gives the same diagnostics everywhere.
//
// It does not print (the driver's emitDiagnostics and the LSP's converters
// do), parse command lines, write packages or run anything.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/lower.h"
#include "compilation/cluster_config.h"
#include "compilation/phase_timer.h"
#include "diagnostics/diagnostic_engine.h"
#include "frontend/formatter.h"
#include "frontend/parse_cache.h"
#include "frontend/parser.h"
#include "frontend/module_graph.h"
#include "frontend/source_loader.h"
#include "idl/package.h"
#include "idl/package_reader.h"
#include "llvm/Support/SourceMgr.h"
#include "typecheck/rule_check_cache.h"
#include "typecheck/semantic_model.h"

namespace flytec::compilation {

/// What a compilation is configured with; everything has a default.
struct CompilationOptions {
  DiagnosticOptions diagnostics;  ///< -Werror, -Wno-CODE, --max-errors
  PlatformCapFlags caps;          ///< flags; the nearest flytec.toml completes them
  ParseOptions parse;             ///< the parser's threads and statistics
  /// File contents from memory, asked before the disk (an editor's unsaved
  /// buffers, the fuzzer's virtual files); empty: files are read.
  SourceOverlay overlay;
  /// The editor's per-document parse caches and cancellation flag. Read only
  /// while checkSources runs, so it may point at the caller's stack.
  const ReparseOptions* reparse = nullptr;
  /// Gets a mark after loading and after checking (--time-phases); may be null.
  PhaseTimer* timer = nullptr;
  /// An exception from the checker leaves the program without a model
  /// instead of propagating: an editor keeps its syntax-based answers when a
  /// checker bug throws, where the command line reports an internal error.
  bool survivesCheckerFailure = false;
  /// Builds the model even when parsing or the configuration failed (an
  /// editor's hover and completion in a document being typed); the checks
  /// of that model report nothing, as `flytec check` runs none.
  bool modelDespiteErrors = false;
  /// The model records every name the checker resolved (SemanticModel::names),
  /// which the language server's definition, references and hover read.
  bool recordNames = false;
  /// Only diagnostics located in the root files are wanted (an editor
  /// publishes a document's own): the rule checks skip the declarations of
  /// imported files (tc::CheckOptions::rootDeclarationsOnly).
  bool rootDiagnosticsOnly = false;
  /// The rule checks' results of the previous check of the same sources
  /// (an editor's document), reused where nothing they read changed
  /// (typecheck/rule_check_cache.h); null: every declaration is checked.
  /// Needs recordNames. Read only while checkSources runs.
  tc::RuleCheckCache* ruleCache = nullptr;
};

/// The sources of a check, loaded and (when they parsed) analysed.
struct CheckedProgram {
  ModuleGraph program;
  std::unique_ptr<tc::SemanticModel> model;  ///< null when the front end failed
  bool capsOk = true;                        ///< false: a malformed flytec.toml (exit 2)
  /// The cluster profile applied (null: none); for --show-resources and labels.
  std::shared_ptr<const tc::ClusterProfile> profile;
  /// What the rule checks reused (CompilationOptions::ruleCache); unset when
  /// they did not run through the cache (no cache, or a front-end error).
  std::optional<tc::RuleCheckCounts> ruleChecks;
  /// A root could not be read, or the caps are malformed: exit 2.
  bool usageProblem() const { return !capsOk || !program.unloadableRoots.empty(); }
};

/// A source through the formatter: `result.text` is set when it loaded,
/// parsed and passed the formatter's self-check.
struct FormattedSource {
  LoadedSource loaded;  ///< bufferId 0 or not parseable: no text (reported)
  FormatResult result;
};

/// A source checked and, when the check found no error, lowered.
struct LoweredSource {
  CheckedProgram checked;
  std::optional<idl::Package> package;  ///< nullopt: errors were reported
};

class Compilation {
 public:
  explicit Compilation(CompilationOptions options = {});
  Compilation(const Compilation&) = delete;
  Compilation& operator=(const Compilation&) = delete;

  llvm::SourceMgr& sourceManager() { return sm_; }
  const llvm::SourceMgr& sourceManager() const { return sm_; }
  DiagnosticEngine& diagnostics() { return diags_; }
  const DiagnosticEngine& diagnostics() const { return diags_; }
  const CompilationOptions& options() const { return options_; }

  /// Reads the cluster configuration for `inputs` (the caps flags, the
  /// nearest flytec.toml from the first input) the first time it is called;
  /// later calls return that one, so sources and packages of one command are
  /// checked against the same configuration. Problems go to diagnostics().
  const ClusterConfig& configure(const std::vector<std::string>& inputs);
  /// The configuration read by configure(); null before.
  const ClusterConfig* config() const { return config_ ? &*config_ : nullptr; }

  /// Loads, parses and checks `sources` with their imports. Semantic checks
  /// report only when loading and parsing produced no error and the
  /// configuration is valid (modelDespiteErrors). Then `# flytec: ignore[...]` comments apply and
  /// every diagnostic gets its subject (entity, node). Configures for
  /// `sources` unless configure() was called.
  CheckedProgram checkSources(const std::vector<std::string>& sources);

  /// Reads a package (`.tgz`, a directory of `.pb`, one `.pb`) and reports
  /// what the reader found (E0905/E0906 and each bad entry) into diagnostics(),
  /// located as every command locates them (tc::reportPackageProblems). It
  /// does not check the package: checkPackage does, after reading it here.
  idl::PackageReadResult readPackage(const std::string& path);

  /// Checks a package (`.tgz`, a directory of `.pb`, one `.pb`) as Flyte does
  /// at registration, against the configured caps; reads it with
  /// readPackage(). Configures for `path` unless configure() was called.
  /// Returns false when it could not be read (E0905/E0906: exit 2).
  bool checkPackage(const std::string& path);

  /// Lowers a program checkSources produced to an in-memory package; nullopt
  /// when it has no model or an error was reported (by the check or here).
  std::optional<idl::Package> lower(const CheckedProgram& checked, const backend::LowerOptions& options);

  /// Formats `path` with the one formatter (`flytec fmt`, the editor's
  /// formatting request): `text` when given (stdin, an editor's buffer), else
  /// the overlay's contents, else the file on disk. Lexical and syntax errors
  /// go to diagnostics() and give no text.
  FormattedSource format(const std::string& path, std::optional<std::string_view> text = std::nullopt);

  /// Checks `path` as checkSources does and, only when that found no
  /// error, lowers it to an in-memory package.
  LoweredSource lowerToPackage(const std::string& path, const backend::LowerOptions& options);

 private:
  CompilationOptions options_;
  llvm::SourceMgr sm_;
  DiagnosticEngine diags_;
  std::optional<ClusterConfig> config_;

  /// The checker's half of checkSources, reporting into `diags`; honours
  /// survivesCheckerFailure.
  std::unique_ptr<tc::SemanticModel> analyze(const ModuleGraph& program, const ClusterConfig& config,
                                             DiagnosticEngine& diags);
  bool cancelled() const { return options_.reparse && options_.reparse->cancelled(); }
  /// What the rule checks read besides the sources (tc::CheckOptions::configurationKey).
  uint64_t configurationKey(const ClusterConfig& config) const;
};

}  // namespace flytec::compilation
