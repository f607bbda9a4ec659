// `flytec graph FILE [--workflow W] [-o OUT]` (spec §1): check and lower FILE
// exactly as `flytec compile` does (compilation/compilation.h), pick one workflow of
// the lowered package and print its Graphviz DOT (backend/dot_writer.h) on
// stdout, or write it to OUT through a temporary file and a rename.
//
// Choosing the workflow is `flytec run`'s choice (rt::selectTarget): W is a
// workflow or launch plan, by lowered name (`demo.squares`) or as written in
// the source (`squares`). Without W, a file with exactly one workflow uses
// it. Several, or an unknown or ambiguous W, is E1006 and a usage error
// (exit 2); a file with no workflow at all is E1006 and a problem with its
// contents (exit 1). A file with errors prints its diagnostics (exit 1).
// With `--format=json` (diagnostics on stdout) the DOT needs `-o`.
// It does not run Graphviz.
#include <CLI/CLI.hpp>

#include <iostream>

#include "backend/dot_writer.h"
#include "command.h"
#include "compilation/compilation.h"
#include "runtime/package_entities.h"
#include "support/atomic_write.h"

namespace flytec::driver {

namespace {

struct GraphOptions {
  std::string input;
  std::string workflow;
  std::string output;
};

int runGraph(const GraphOptions& opts, const GlobalOptions& global) {
  bool flagsOk = true;
  compilation::CompilationOptions options;
  options.diagnostics = global.diagnosticOptions(&flagsOk);
  if (!flagsOk) return kExitUsage;
  if (global.outputFormat() != OutputFormat::Text && opts.output.empty()) {
    // JSON/SARIF diagnostics go to stdout, where the DOT would go too.
    std::cerr << "flytec: error: `--format=" << global.format
              << "` prints diagnostics on stdout, where the DOT goes; write the DOT with `-o FILE`\n";
    return kExitUsage;
  }
  compilation::Compilation compilation(std::move(options));
  DiagnosticEngine& diags = compilation.diagnostics();
  const llvm::SourceMgr& sm = compilation.sourceManager();
  backend::LowerOptions lowerOpts;
  lowerOpts.flytecVersion = FLYTEC_VERSION;
  compilation::LoweredSource lowered = compilation.lowerToPackage(opts.input, lowerOpts);
  if (!lowered.package) {
    emitDiagnostics(diags, sm, global);
    return lowered.checked.usageProblem() ? kExitUsage : kExitFailure;
  }
  const idl::Package& pkg = *lowered.package;
  // Set when a cluster profile applies: labels show effective resources.
  const std::shared_ptr<const tc::ClusterProfile>& profile = lowered.checked.profile;

  // The same choice, and the same E1006, as `flytec run`.
  rt::PackageEntities program(pkg);
  std::optional<rt::RunTarget> target = rt::selectTarget(program, opts.workflow, diags, opts.input);
  emitDiagnostics(diags, sm, global);
  if (!target) return program.workflowNames().empty() ? kExitFailure : kExitUsage;
  const std::string& chosen = target->spec->template_().id().name();
  std::string dot = backend::workflowToDot(pkg, *backend::findPackageWorkflow(pkg, chosen), profile.get());

  if (opts.output.empty()) {
    std::cout << dot;
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }
  std::string error;
  if (!support::writeFileAtomically(opts.output, dot, error)) {
    // The source's own diagnostics are already printed: report only this one.
    DiagnosticEngine failure(global.diagnosticOptions(&flagsOk));
    failure.reportAtPath(diag::err_cannot_write_output, opts.output, opts.output, error);
    emitDiagnostics(failure, sm, global);
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

void registerGraphCommand(CommandContext ctx) {
  auto opts = std::make_shared<GraphOptions>();
  CLI::App* sub = ctx.app.add_subcommand("graph", "print the Graphviz DOT of a compiled workflow");
  sub->add_option("file", opts->input, "the `.flyte` file")->required();
  sub->add_option("--workflow", opts->workflow,
                  "the workflow to draw: lowered (`demo.squares`) or source name, or a launch plan's (its workflow) (default: the only workflow)");
  sub->add_option("-o,--output", opts->output, "write the DOT to this file (atomically) instead of stdout");
  addCommonFlags(sub, ctx.global);
  GlobalOptions& global = ctx.global;
  sub->callback([opts, &global, &action = ctx.action] {
    action = [opts, &global] { return runGraph(*opts, global); };
  });
}

}  // namespace flytec::driver
