// See source_pipeline.h.
#include "source_pipeline.h"

#include "frontend/diagnostic_subjects.h"
#include "frontend/suppressions.h"

namespace flytec::driver {

namespace {

CheckedProgram checkWith(const std::vector<std::string>& sources, const std::function<ClusterConfig()>& config,
                         llvm::SourceMgr& sm, DiagnosticEngine& diags, const ParseOptions& parse, PhaseTimer* timer,
                         const SourceOverlay& overlay) {
  CheckedProgram out;
  out.program = loadProgram(sm, diags, sources, overlay, parse);
  if (timer) timer->mark("load+parse");
  ClusterConfig cluster = config();
  out.capsOk = cluster.ok;
  out.profile = cluster.profile;
  tc::CheckOptions options{cluster.caps, cluster.profile};
  if (out.capsOk && out.program.frontendErrors == 0)
    out.model = tc::analyze(out.program, diags, options);
  // Suppression comments first (their own W0010/W0011 get subjects too),
  // then what each diagnostic is about, for SARIF and baselines.
  applySuppressions(diags, out.program, sm);
  attachSubjects(diags.diagnostics(), out.program);
  if (timer) timer->mark("check");
  return out;
}

}  // namespace

CheckedProgram checkSources(const std::vector<std::string>& sources, const PlatformCapFlags& caps,
                            llvm::SourceMgr& sm, DiagnosticEngine& diags, const ParseOptions& parse,
                            PhaseTimer* timer, const SourceOverlay& overlay) {
  return checkWith(sources, [&] { return loadClusterConfig(caps, sources, sm, diags); }, sm, diags, parse, timer,
                   overlay);
}

CheckedProgram checkSources(const std::vector<std::string>& sources, const ClusterConfig& config,
                            llvm::SourceMgr& sm, DiagnosticEngine& diags, const ParseOptions& parse,
                            PhaseTimer* timer) {
  return checkWith(sources, [&] { return config; }, sm, diags, parse, timer, {});
}

std::optional<idl::Package> compileSource(const std::string& path, const backend::LowerOptions& options,
                                          llvm::SourceMgr& sm, DiagnosticEngine& diags, bool* usageProblem,
                                          std::shared_ptr<const tc::ClusterProfile>* profile) {
  CheckedProgram checked = checkSources({path}, PlatformCapFlags{}, sm, diags);
  if (usageProblem) *usageProblem = checked.usageProblem();
  if (profile) *profile = checked.profile;
  if (!checked.model || diags.hasErrors()) return std::nullopt;
  std::optional<idl::Package> pkg = backend::lowerProgram(*checked.model, options, diags);
  if (!pkg || diags.hasErrors()) return std::nullopt;
  return pkg;
}

}  // namespace flytec::driver
