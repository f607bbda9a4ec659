// The front half every source command shares: load and parse `.flyte` files
// with their imports, then type-check and run every rule, exactly as `flytec
// check` does (platform caps and cluster profile from flags or the nearest
// flytec.toml, cluster_config.h); and, for
// `compile` and `run`, lowering a checked file to an in-memory package. One
// place, so `check`, `compile`, `run` (and their exit codes) cannot drift.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/lower.h"
#include "diagnostics/diagnostic_engine.h"
#include "frontend/program.h"
#include "idl/package.h"
#include "llvm/Support/SourceMgr.h"
#include "phase_timer.h"
#include "cluster_config.h"
#include "typecheck/semantic_model.h"

namespace flytec::driver {

struct CheckedProgram {
  Program program;
  std::unique_ptr<tc::SemanticModel> model;  ///< null when the front end failed
  bool capsOk = true;                        ///< false: a malformed flytec.toml (exit 2)
  /// The cluster profile applied (null: none); for --show-resources and labels.
  std::shared_ptr<const tc::ClusterProfile> profile;
  /// A root could not be read, or the caps are malformed: exit 2.
  bool usageProblem() const { return !capsOk || !program.unloadableRoots.empty(); }
};

/// Load, parse and check `sources`. Semantic checks run only when loading and
/// parsing produced no error (Program::frontendErrors). Then `# flytec:
/// ignore[...]` comments are applied and every diagnostic gets its subject
/// (entity, node). `parse` sets the parser's threads; `timer` (optional) gets
/// a mark after parsing and after checking; `overlay` supplies file contents
/// from memory (the fuzzer, test/fuzz/); by default files are read.
CheckedProgram checkSources(const std::vector<std::string>& sources, const PlatformCapFlags& caps,
                            llvm::SourceMgr& sm, DiagnosticEngine& diags,
                            const ParseOptions& parse = {}, PhaseTimer* timer = nullptr,
                            const SourceOverlay& overlay = {});

/// The same with the cluster configuration already loaded (`flytec check`
/// loads it once for its sources and packages).
CheckedProgram checkSources(const std::vector<std::string>& sources, const ClusterConfig& config,
                            llvm::SourceMgr& sm, DiagnosticEngine& diags, const ParseOptions& parse = {},
                            PhaseTimer* timer = nullptr);

/// Check `path` and lower it. Returns nullopt after reporting errors; sets
/// `*usageProblem` for exit-2 problems (unreadable file, bad flytec.toml).
/// `profile` (optional) receives the cluster profile the check applied.
std::optional<idl::Package> compileSource(const std::string& path, const backend::LowerOptions& options,
                                          llvm::SourceMgr& sm, DiagnosticEngine& diags, bool* usageProblem,
                                          std::shared_ptr<const tc::ClusterProfile>* profile = nullptr);

/// Defined in run_command.cpp; main.cpp points it at compileSource so that
/// `flytec run FILE.flyte` compiles in memory.
extern std::function<std::optional<idl::Package>(const std::string& path, DiagnosticEngine&, llvm::SourceMgr&)>
    compileSourceForRun;

}  // namespace flytec::driver
