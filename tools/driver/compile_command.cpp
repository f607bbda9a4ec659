// `flytec compile FILE -o OUT` (spec §1, §10): check FILE exactly as `flytec
// check` does (load, parse, analyze with every rule), and only when there is
// no error, lower it (backend/lower.h) and write OUT: `.tgz`/`.tar.gz` a
// package archive, `.tar` an uncompressed one, anything else a directory of
// `.pb` entries; `--emit=json` writes one protobuf-JSON file per entity into
// the directory OUT instead. Nothing is written at OUT unless everything
// succeeded (E0004 and exit 2 when OUT cannot be written, names the source
// itself, or is a directory flytec did not write: docs/outputs.md).
#include <CLI/CLI.hpp>

#include <iostream>

#include "backend/lower.h"
#include "backend/package_writer.h"
#include "command.h"
#include "compilation/compilation.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec::driver {

namespace {

struct CompileOptions {
  std::string input;
  std::string output;
  std::string emit = "pb";
  std::string project, domain, version;
};

/// True when `output` names the file `input` (also through a link): writing
/// the package there would replace the source being compiled.
bool isSameFile(const std::string& input, const std::string& output) {
  bool same = false;
  return !llvm::sys::fs::equivalent(input, output, same) && same;
}

int runCompile(const CompileOptions& opts, const GlobalOptions& global) {
  bool flagsOk = true;
  compilation::CompilationOptions options;
  options.diagnostics = global.diagnosticOptions(&flagsOk);
  if (!flagsOk) return kExitUsage;
  compilation::Compilation compilation(std::move(options));
  DiagnosticEngine& diags = compilation.diagnostics();
  const llvm::SourceMgr& sm = compilation.sourceManager();

  backend::LowerOptions lowerOpts;
  lowerOpts.project = opts.project;
  lowerOpts.domain = opts.domain;
  lowerOpts.version = opts.version;
  lowerOpts.flytecVersion = FLYTEC_VERSION;
  compilation::LoweredSource lowered = compilation.lowerToPackage(opts.input, lowerOpts);
  if (!lowered.package) {
    emitDiagnostics(diags, sm, global);
    return lowered.checked.usageProblem() ? kExitUsage : kExitFailure;
  }
  const idl::Package& pkg = *lowered.package;

  backend::WriteResult written = isSameFile(opts.input, opts.output) ? backend::WriteResult{"is the source being compiled"}
                                 : opts.emit == "json"                 ? backend::writePackageJson(pkg, opts.output)
                                                                       : backend::writePackage(pkg, opts.output);
  if (!written) {
    diags.reportAtPath(diag::err_cannot_write_output, opts.output, opts.output, written.error);
    emitDiagnostics(diags, sm, global);
    return kExitUsage;
  }
  emitDiagnostics(diags, sm, global);
  return kExitOk;
}

}  // namespace

void registerCompileCommand(CommandContext ctx) {
  auto opts = std::make_shared<CompileOptions>();
  CLI::App* sub = ctx.app.add_subcommand("compile", "check, then lower to a registrable Flyte package");
  sub->add_option("file", opts->input, "the `.flyte` file to compile")->required();
  sub->add_option("-o,--output", opts->output,
                  "OUT: `.tgz`/`.tar.gz` archive, `.tar` uncompressed archive, else a directory")
      ->required();
  sub->add_option("--emit", opts->emit, "what to write: pb (package entries) or json (protobuf JSON, a directory)")
      ->check(CLI::IsMember({"pb", "json"}));
  sub->add_option("--project", opts->project, "project of every identifier (default: empty)");
  sub->add_option("--domain", opts->domain, "domain of every identifier (default: empty)");
  sub->add_option("--version", opts->version, "version of every identifier (default: empty)");
  addCommonFlags(sub, ctx.global);
  GlobalOptions& global = ctx.global;
  sub->callback([opts, &global, &action = ctx.action] {
    action = [opts, &global] { return runCompile(*opts, global); };
  });
}

}  // namespace flytec::driver
