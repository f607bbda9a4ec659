// `flytec fmt FILE...` (spec §1): rewrite each file in the canonical layout
// (frontend/formatter.h, docs/formatting.md). Default: in place, through a
// temporary file renamed over the original, and only when something changes.
// `--check`: write nothing, print a unified diff per file that would change,
// exit 1 if any would. `--stdout` (or the FILE `-`, read from stdin): print
// the formatted text instead. A file with syntax errors gets its
// diagnostics and is left alone (exit 1); a missing file is exit 2. Imports
// are not followed: formatting is per file.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <system_error>

#include "command.h"
#include "compilation/compilation.h"
#include "support/atomic_write.h"
#include "frontend/formatter.h"
#include "frontend/source_loader.h"
#include "unified_diff.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec::driver {

namespace {

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  bool toStdout = false;
};

int runFmt(const FmtOptions& opts, const GlobalOptions& global) {
  bool flagsOk = true;
  compilation::CompilationOptions options;
  options.diagnostics = global.diagnosticOptions(&flagsOk);
  if (!flagsOk) return kExitUsage;
  if (opts.files.empty()) {
    std::cerr << "flytec: error: fmt needs at least one FILE\n";
    return kExitUsage;
  }
  bool printsText = opts.check || opts.toStdout ||
                    std::find(opts.files.begin(), opts.files.end(), "-") != opts.files.end();
  if (printsText && global.outputFormat() != OutputFormat::Text) {
    // Both would go to stdout: a diff or a file mixed with a JSON document.
    std::cerr << "flytec: error: fmt --format=" << global.format
              << " cannot be combined with --check, --stdout or `-`, which print on stdout\n";
    return kExitUsage;
  }
  // Formatting parses each file alone (no imports, no checks), in the
  // source manager and diagnostics every command has.
  compilation::Compilation compilation(std::move(options));
  DiagnosticEngine& diags = compilation.diagnostics();
  bool usage = false, failed = false, changes = false;
  for (const std::string& path : opts.files) {
    bool fromStdin = path == "-";
    std::string original;
    if (fromStdin)
      original.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    compilation::FormattedSource formatted = fromStdin ? compilation.format("<stdin>", original) : compilation.format(path);
    const LoadedSource& src = formatted.loaded;
    if (!src.bufferId || !src.parseable) {
      (src.fileSystemProblem ? usage : failed) = true;
      continue;
    }
    const FormatResult& result = formatted.result;
    if (!result.text) {
      if (!result.internalError.empty())
        std::cerr << "flytec: internal error: " << path << ": " << result.internalError << "\n";
      failed = true;
      continue;
    }
    const std::string& text = *result.text;
    if (!fromStdin) {
      // Compare with the bytes on disk: loading drops a BOM.
      std::ifstream in(path, std::ios::binary);
      original.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (opts.toStdout || fromStdin) {
      llvm::outs() << text;
      continue;
    }
    if (text == original) continue;
    changes = true;
    if (opts.check) {
      llvm::outs() << unifiedDiff(path, original, text);
      continue;
    }
    std::string error;
    if (!support::writeFileAtomically(path, text, error)) {
      diags.reportAtPath(diag::err_cannot_write_output, path, path, error);
      usage = true;
    }
  }
  llvm::outs().flush();
  emitDiagnostics(diags, compilation.sourceManager(), global);
  if (usage) return kExitUsage;
  if (failed || (opts.check && changes)) return kExitFailure;
  return kExitOk;
}

}  // namespace

void registerFmtCommand(CommandContext ctx) {
  auto opts = std::make_shared<FmtOptions>();
  CLI::App* sub = ctx.app.add_subcommand("fmt", "rewrite `.flyte` files in the canonical layout");
  sub->add_option("files", opts->files, "the `.flyte` files to format; `-` reads stdin and prints to stdout");
  sub->add_flag("--check", opts->check,
                "write nothing; print a unified diff and exit 1 if any file would change");
  sub->add_flag("--stdout", opts->toStdout, "print the formatted text instead of rewriting the files");
  addCommonFlags(sub, ctx.global);
  GlobalOptions& global = ctx.global;
  sub->callback([opts, &global, &action = ctx.action] {
    action = [opts, &global] { return runFmt(*opts, global); };
  });
}

}  // namespace flytec::driver
