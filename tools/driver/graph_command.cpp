// `flytec graph FILE [--workflow W] [-o OUT]` (spec §1): check and lower FILE
// exactly as `flytec compile` does (compilation/compilation.h), pick one workflow of
// the lowered package and print its Graphviz DOT (backend/dot_writer.h) on
// stdout, or write it to OUT through a temporary file and a rename.
//
// Choosing the workflow: W is a lowered name (`demo.squares`) or the name as
// written in the source (`squares`) when exactly one workflow's lowered name
// ends with it. Without W, a file with exactly one workflow uses it; several
// is a usage error (exit 2) that lists them, as is an unknown W (with a
// did-you-mean). A file with no workflow at all is a problem with its
// contents (exit 1). A file with errors prints its diagnostics (exit 1).
// With `--format=json` (diagnostics on stdout) the DOT needs `-o`.
// It does not run Graphviz.
#include <CLI/CLI.hpp>

#include <iostream>

#include "backend/dot_writer.h"
#include "command.h"
#include "llvm/ADT/StringRef.h"
#include "support/atomic_write.h"
#include "compilation/compilation.h"

namespace flytec::driver {

namespace {

struct GraphOptions {
  std::string input;
  std::string workflow;
  std::string output;
};

std::string shortName(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string listNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "`" : ", `") + n + "`";
  return out;
}

/// The workflow `wanted` names, or empty after printing why (exit 2).
std::string chooseWorkflow(const std::vector<std::string>& names, const std::string& wanted,
                           const std::string& file) {
  if (wanted.empty()) {
    if (names.size() == 1) return names[0];
    std::cerr << "flytec: error: '" << file << "' has " << names.size() << " workflows (" << listNames(names)
              << "); choose one with `--workflow`\n";
    return "";
  }
  std::vector<std::string> matches;
  for (const std::string& n : names) {
    if (n == wanted) return n;
    if (shortName(n) == wanted) matches.push_back(n);
  }
  if (matches.size() == 1) return matches[0];
  if (matches.size() > 1) {
    std::cerr << "flytec: error: `" << wanted << "` is ambiguous in '" << file << "': " << listNames(matches)
              << "; give the full name\n";
    return "";
  }
  // Did-you-mean: the closest full or short name within a third of its length.
  std::string best;
  unsigned bestDistance = ~0u;
  for (const std::string& n : names) {
    for (const std::string& candidate : {n, shortName(n)}) {
      unsigned d = llvm::StringRef(wanted).edit_distance(candidate, true);
      if (d < bestDistance && d <= std::max<size_t>(1, candidate.size() / 3)) {
        best = candidate;
        bestDistance = d;
      }
    }
  }
  std::cerr << "flytec: error: no workflow named `" << wanted << "` in '" << file << "'";
  if (!best.empty()) std::cerr << "; did you mean `" << best << "`?";
  std::cerr << " (workflows: " << listNames(names) << ")\n";
  return "";
}

/// `wanted` itself when it names a workflow; the workflow of the launch plan
/// it names otherwise (`--workflow nightly` draws what `nightly` launches).
std::string launchPlanWorkflow(const idl::Package& pkg, const std::vector<std::string>& workflows,
                               const std::string& wanted) {
  for (const std::string& w : workflows)
    if (w == wanted || shortName(w) == wanted) return wanted;
  std::string found;
  for (const idl::PackageEntry& e : pkg.entries) {
    const auto* lp = e.launchPlan();
    if (!lp || (lp->id().name() != wanted && shortName(lp->id().name()) != wanted)) continue;
    if (!found.empty() && found != lp->spec().workflow_id().name()) return wanted;  // ambiguous: say so below
    found = lp->spec().workflow_id().name();
  }
  return found.empty() ? wanted : found;
}

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
  emitDiagnostics(diags, sm, global);
  if (!lowered.package) return lowered.checked.usageProblem() ? kExitUsage : kExitFailure;
  const std::optional<idl::Package>& pkg = lowered.package;
  // Set when a cluster profile applies: labels show effective resources.
  const std::shared_ptr<const tc::ClusterProfile>& profile = lowered.checked.profile;

  std::vector<std::string> names = backend::packageWorkflowNames(*pkg);
  if (names.empty()) {
    std::cerr << "flytec: error: '" << opts.input << "' has no workflow to draw\n";
    return kExitFailure;
  }
  std::string wanted = opts.workflow.empty() ? "" : launchPlanWorkflow(*pkg, names, opts.workflow);
  std::string chosen = chooseWorkflow(names, wanted, opts.input);
  if (chosen.empty()) return kExitUsage;
  std::string dot = backend::workflowToDot(*pkg, *backend::findPackageWorkflow(*pkg, chosen), profile.get());

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
