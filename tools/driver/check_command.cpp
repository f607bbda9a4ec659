// `flytec check INPUT...` (spec §1): load and parse the sources and their
// imports, run every check, print diagnostics; -verify compares them with the
// expectations in the sources; --dump-tokens / --dump-ast print a phase;
// --write-baseline records the findings and --baseline hides recorded ones
// (compilation/baseline.h).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "allocator_policy.h"
#include "command.h"
#include "compilation/baseline.h"
#include "compilation/fixit_applier.h"
#include "diagnostics/text_renderer.h"
#include "frontend/ast_dump.h"
#include "frontend/parser.h"
#include "frontend/module_graph.h"
#include "frontend/source_loader.h"
#include "frontend/verify.h"
#include "compilation/compilation.h"
#include "input_collector.h"
#include "resource_table.h"
#include "typecheck/semantic_model.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec::driver {

namespace {

struct CheckOptions {
  std::vector<std::string> inputs;
  bool verify = false;
  bool dumpTokens = false;
  bool dumpAst = false;
  bool listDiagnostics = false;
  bool fixit = false;
  bool timePhases = false;
  unsigned jobs = 0;      ///< threads (files, a large file's items, checks); 0: $FLYTEC_JOBS, else CPUs
  std::string baseline;       ///< --baseline FILE: report only findings not in it
  std::string writeBaseline;  ///< --write-baseline FILE: record every finding, exit 0
  compilation::PlatformCapFlags caps;  ///< --max-cpu/--max-mem/--max-gpu/--max-ephemeral-storage, --cluster-profile
  bool showResources = false;  ///< --show-resources: print the effective resources table
};

int listDiagnostics() {
  for (const DiagInfo& info : allDiagnostics())
    llvm::outs() << info.id << "  " << (info.severity == Severity::Error ? "error  " : "warning") << "  "
                 << info.explanation << "\n";
  return kExitOk;
}

int runCheck(const CheckOptions& opts, const GlobalOptions& global);

/// `check --fixit`: apply every certain fix-it (each file via a temporary
/// and a rename), say what was applied and what was left to the user, then
/// check again; the exit status is the second check's.
int applyFixitsAndRecheck(const CheckOptions& opts, const GlobalOptions& global, const DiagnosticEngine& diags,
                          const llvm::SourceMgr& sm) {
  FixitResult fixed = applyCertainFixits(diags.diagnostics(), sm);
  if (!fixed.errors.empty()) {
    // Through the renderers, so --format=json and SARIF carry E0004 too.
    DiagnosticEngine unwritable(diags.options());
    for (const FixitWriteFailure& f : fixed.errors)
      unwritable.reportAtPath(diag::err_cannot_write_output, f.path, f.path, f.reason);
    emitDiagnostics(unwritable, sm, global);
    return kExitUsage;
  }
  for (const std::string& f : fixed.changedFiles) std::cerr << "flytec: fixed " << f << "\n";
  unsigned suggested = 0;
  for (const Diagnostic& d : diags.diagnostics())
    for (const FixIt& f : d.fixits) suggested += !f.certain;
  std::cerr << "flytec: applied " << fixed.applied << " fix-it" << (fixed.applied == 1 ? "" : "s");
  if (suggested)
    std::cerr << "; left " << suggested << " suggested fix-it" << (suggested == 1 ? "" : "s")
              << " for you to review (the `suggested fix-it:` lines below)";
  std::cerr << "\n";
  CheckOptions again = opts;
  again.fixit = false;
  return runCheck(again, global);
}

/// `check --write-baseline FILE`: records every finding (exit 0), or E0004
/// and exit 2 when FILE cannot be written.
int writeBaselineFile(const std::string& path, const DiagnosticEngine& diags, const llvm::SourceMgr& sm,
                      const std::string& cwd, const GlobalOptions& global) {
  std::string error;
  if (!writeBaseline(path, diags.diagnostics(), sm, cwd, &error)) {
    DiagnosticEngine unwritable(diags.options());
    unwritable.reportAtPath(diag::err_cannot_write_output, path, path, error);
    emitDiagnostics(unwritable, sm, global);
    return kExitUsage;
  }
  std::cerr << "flytec: wrote " << diags.diagnostics().size() << " finding"
            << (diags.diagnostics().size() == 1 ? "" : "s") << " to " << path << "\n";
  return kExitOk;
}

/// `check -verify`: compares the diagnostics with the sources' `#
/// expected-...` comments; a mismatch is reported, then E0006 for `input`.
int verifyExpectations(const std::string& input, DiagnosticEngine& diags, const llvm::SourceMgr& sm,
                       const GlobalOptions& global) {
  DiagnosticEngine directiveErrors;
  diags.sortByLocation(sm);
  std::string report;
  llvm::raw_string_ostream os(report);
  bool ok = verifyDiagnostics(diags.diagnostics(), sm, os, directiveErrors);
  os.flush();
  if (ok) return kExitOk;
  const BufferLocator where(sm);
  for (const Diagnostic& d : directiveErrors.diagnostics()) renderText(d, where, llvm::errs(), false);
  llvm::errs() << report;
  llvm::errs().flush();
  // The verdict goes through the renderers, so --format=json has it too.
  DiagnosticEngine verdict(diags.options());
  verdict.reportAtPath(diag::err_verify_mismatch, input);
  emitDiagnostics(verdict, sm, global);
  return kExitFailure;
}

/// The compilation a check runs in: the flags' diagnostic options, caps
/// and parser threads; `timer` and `stats` for --time-phases.
compilation::CompilationOptions compilationOptions(const CheckOptions& opts, DiagnosticOptions diagnostics,
                                                   compilation::PhaseTimer* timer, ParseStats* stats) {
  compilation::CompilationOptions out;
  out.diagnostics = std::move(diagnostics);
  out.caps = opts.caps;
  out.parse = ParseOptions{opts.jobs, opts.timePhases ? stats : nullptr};
  out.timer = timer;
  return out;
}

/// The diagnostic options of the flags, or null when the flags cannot be
/// used together (said on stderr).
std::optional<DiagnosticOptions> usableFlags(const CheckOptions& opts, const GlobalOptions& global) {
  if (opts.inputs.empty()) {
    std::cerr << "flytec: error: check needs at least one INPUT\n";
    return std::nullopt;
  }
  bool flagsOk = true;
  DiagnosticOptions diagnosticOptions = global.diagnosticOptions(&flagsOk);
  if (!flagsOk) return std::nullopt;
  if (!opts.baseline.empty() && !opts.writeBaseline.empty()) {
    std::cerr << "flytec: error: --baseline and --write-baseline cannot be combined; "
                 "--write-baseline alone records every current finding\n";
    return std::nullopt;
  }
  return diagnosticOptions;
}

/// `--baseline FILE`'s entries (none without the flag); null after E0012
/// when FILE cannot be used: a bad baseline stops the command before
/// anything is checked or printed.
std::optional<std::vector<BaselineEntry>> readBaselineFlag(const CheckOptions& opts, DiagnosticEngine& diags,
                                                           const llvm::SourceMgr& sm, const GlobalOptions& global) {
  if (opts.baseline.empty()) return std::vector<BaselineEntry>{};
  std::string error;
  auto read = readBaseline(opts.baseline, &error);
  if (!read) {
    diags.reportAtPath(diag::err_unusable_baseline, opts.baseline, opts.baseline, error);
    emitDiagnostics(diags, sm, global);
  }
  return read;
}

/// `check --dump-tokens`: the tokens of each source, then the diagnostics.
int dumpTokensOf(const std::vector<std::string>& sources, DiagnosticEngine& diags, llvm::SourceMgr& sm,
                 const GlobalOptions& global) {
  for (const std::string& f : sources) {
    LoadedSource src = loadSource(sm, f, diags);
    if (src.bufferId) dumpTokens(sm, src.bufferId, diags, llvm::outs());
  }
  emitDiagnostics(diags, sm, global);
  return diags.hasErrors() ? kExitFailure : kExitOk;
}

/// What one check found: the checked sources and whether a package could
/// not be read.
struct CheckFindings {
  compilation::CheckedProgram checked;
  bool packageUnreadable = false;
};

/// Checks the packages and the sources of `inputs` against one configuration.
CheckFindings checkInputs(compilation::Compilation& compilation, const CheckOptions& opts,
                          const CollectedInputs& inputs) {
  // Packages (`.tgz`, a directory of `.pb`, one `.pb`) are checked as Flyte
  // does at registration (spec §10), beside any `.flyte` sources.
  // A package that cannot be read (E0905/E0906) is exit 2, like a source.
  // Sources and packages are checked against one configuration: the caps
  // and profile of the flags, else of the nearest flytec.toml.
  compilation.configure(opts.inputs);
  bool packageUnreadable = false;
  for (const std::string& p : inputs.packages) packageUnreadable = !compilation.checkPackage(p) || packageUnreadable;

  tuneAllocatorForSources(inputs.sources);
  compilation::CheckedProgram checked = compilation.checkSources(inputs.sources);
  return {std::move(checked), packageUnreadable};
}

/// --time-phases' line on the parser: lex and item time, items, threads.
void printParseStats(const ParseStats& stats) {
  llvm::errs() << fmt::format("flytec: time:   lex {:.3f} s, items {:.3f} s ({} items, {} thread{})\n",
                              stats.lexSeconds, stats.itemSeconds, stats.items, stats.maxJobs,
                              stats.maxJobs == 1 ? "" : "s");
}

/// After the check: the baseline written or applied, -verify's verdict, or
/// the diagnostics (and --show-resources' table) shown and --fixit applied;
/// returns the exit status.
int finishCheck(const CheckOptions& opts, const GlobalOptions& global, const CheckFindings& found,
                const std::vector<BaselineEntry>& baseline, bool usageProblem, DiagnosticEngine& diags,
                const llvm::SourceMgr& sm, compilation::PhaseTimer& timer) {
  const compilation::CheckedProgram& checked = found.checked;
  const std::string cwd = currentDirectory();
  if (!opts.writeBaseline.empty()) {
    if (usageProblem) {
      emitDiagnostics(diags, sm, global);
      return kExitUsage;
    }
    return writeBaselineFile(opts.writeBaseline, diags, sm, cwd, global);
  }
  if (!opts.baseline.empty()) applyBaseline(diags, baseline, sm, cwd);
  if (opts.verify) return verifyExpectations(opts.inputs.front(), diags, sm, global);
  // --show-resources: a table after text diagnostics, a member of the JSON document.
  std::optional<llvm::json::Array> resources;
  if (opts.showResources && checked.model) resources = resourceJson(*checked.model, checked.profile);
  // With --fixit the first check's diagnostics are not shown: the check
  // after the fixes shows what is left, so nothing is printed twice.
  if (!opts.fixit || usageProblem)
    emitDiagnostics(diags, sm, global,
                    global.outputFormat() == OutputFormat::Json && resources ? &*resources : nullptr);
  if (resources && global.outputFormat() == OutputFormat::Text)
    printResourceTable(*checked.model, checked.profile, llvm::outs());
  timer.mark("render");
  timer.total();
  if (usageProblem) return kExitUsage;
  if (opts.fixit) return applyFixitsAndRecheck(opts, global, diags, sm);
  return diags.hasErrors() ? kExitFailure : kExitOk;
}

int runCheck(const CheckOptions& opts, const GlobalOptions& global) {
  if (opts.listDiagnostics) return listDiagnostics();
  std::optional<DiagnosticOptions> diagnosticOptions = usableFlags(opts, global);
  if (!diagnosticOptions) return kExitUsage;
  compilation::PhaseTimer timer(opts.timePhases ? &llvm::errs() : nullptr);
  ParseStats parseStats;
  // The process ends with this command: its sources, trees and model are
  // left for the exit to reclaim instead of being freed node by node
  // (clang's -disable-free; a third of the time of a large check).
  auto* compilationAtExit =
      new compilation::Compilation(compilationOptions(opts, *diagnosticOptions, &timer, &parseStats));
  llvm::BuryPointer(compilationAtExit);
  compilation::Compilation& compilation = *compilationAtExit;
  DiagnosticEngine& diags = compilation.diagnostics();
  llvm::SourceMgr& sm = compilation.sourceManager();
  std::optional<std::vector<BaselineEntry>> baseline = readBaselineFlag(opts, diags, sm, global);
  if (!baseline) return kExitUsage;

  CollectedInputs inputs = collectInputs(opts.inputs, diags);
  if (opts.dumpTokens) return dumpTokensOf(inputs.sources, diags, sm, global);
  auto* foundAtExit = new CheckFindings(checkInputs(compilation, opts, inputs));
  llvm::BuryPointer(foundAtExit);
  CheckFindings& found = *foundAtExit;
  if (timer.enabled()) printParseStats(parseStats);
  if (!found.checked.capsOk) {
    emitDiagnostics(diags, sm, global);
    return kExitUsage;
  }
  const ModuleGraph& program = found.checked.program;
  if (opts.dumpAst)
    for (const auto& m : program.modules)
      if (m->ast) dumpAst(*m->ast, sm, llvm::outs());
  llvm::outs().flush();
  bool usageProblem = inputs.usageProblem || !program.unloadableRoots.empty() || found.packageUnreadable;
  return finishCheck(opts, global, found, *baseline, usageProblem, diags, sm, timer);
}

}  // namespace

void registerCheckCommand(CommandContext ctx) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* sub = ctx.app.add_subcommand("check", "parse, resolve, type-check and validate; print diagnostics");
  sub->add_option("inputs", opts->inputs, "`.flyte` files, directories, or Flyte packages");
  sub->add_flag("--verify", opts->verify, "compare diagnostics with `# expected-...` comments (-verify)");
  sub->add_flag("--fixit", opts->fixit, "apply every certain fix-it in place, then check again");
  sub->add_flag("--dump-tokens", opts->dumpTokens, "print the tokens of each file");
  sub->add_flag("--dump-ast", opts->dumpAst, "print the syntax tree of each file");
  sub->add_option("--baseline", opts->baseline,
                  "report only findings not recorded in FILE (written by --write-baseline)");
  sub->add_option("--write-baseline", opts->writeBaseline,
                  "record every current finding in FILE and exit 0");
  sub->add_flag("--list-diagnostics", opts->listDiagnostics, "list every diagnostic code");
  sub->add_option("-j,--jobs", opts->jobs,
                  "threads for parsing files, a large file's declarations and the checks (default: "
                  "$FLYTEC_JOBS, else the number of CPUs); the output is the same for any N");
  sub->add_flag("--time-phases", opts->timePhases,
                "print wall time, CPU time and memory of each phase to stderr");
  sub->add_option("--max-cpu", opts->caps.cpu, "platform cap on cpu requests and limits (e.g. 2)");
  sub->add_option("--max-mem", opts->caps.mem, "platform cap on memory requests and limits (e.g. 1Gi)");
  sub->add_option("--max-gpu", opts->caps.gpu, "platform cap on gpu requests and limits");
  sub->add_option("--max-ephemeral-storage", opts->caps.ephemeralStorage,
                  "platform cap on ephemeral storage requests and limits");
  sub->add_option("--cluster-profile", opts->caps.profileFile,
                  "check against the cluster profile in FILE (a `[cluster]` table) instead of flytec.toml's");
  sub->add_flag("--show-resources", opts->showResources,
                "print each task's and overridden node's effective requests and limits on the cluster");
  addCommonFlags(sub, ctx.global);
  GlobalOptions& global = ctx.global;
  sub->callback([opts, &global, &action = ctx.action] {
    action = [opts, &global] { return runCheck(*opts, global); };
  });
}

}  // namespace flytec::driver
