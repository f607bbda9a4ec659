// The one place the driver prints diagnostics: text (clang style) to stderr
// with a summary line, or JSON/SARIF to stdout. The renderers live in
// frontend/diagnostics; this file only picks one and the stream.
#include <CLI/CLI.hpp>

#include "command.h"
#include "diagnostics/json_renderer.h"
#include "diagnostics/text_renderer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec::driver {

void addCommonFlags(CLI::App* sub, GlobalOptions& g) {
  sub->add_option("--color", g.color, "colour diagnostics: auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  // SARIF is not implemented yet: refused rather than silently printing text.
  sub->add_option("--format", g.format, "diagnostic format: text|json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--werror", g.werror, "treat warnings as errors (-Werror)");
  // One code per flag, repeatable: a greedy vector option would swallow the
  // INPUTs that follow it.
  sub->add_option("--werror-code", g.werrorCodes, "treat warning CODE as an error (-Werror=CODE)")
      ->allow_extra_args(false);
  sub->add_option("--wno", g.wnoCodes, "disable warning CODE (-Wno-CODE)")->allow_extra_args(false);
  sub->add_option("--max-errors", g.maxErrors, "stop after N errors (0: no limit)");
}

void emitDiagnostics(DiagnosticEngine& diags, const llvm::SourceMgr& sm, const GlobalOptions& global) {
  diags.sortByLocation(sm);
  switch (global.outputFormat()) {
    case OutputFormat::Json:
      renderJson(diags.diagnostics(), sm, llvm::outs());
      llvm::outs().flush();
      break;
    case OutputFormat::Sarif:  // refused up front by addCommonFlags' check
    case OutputFormat::Text: {
      bool color = global.useColor();
      // llvm::errs() writes each piece with its own system call; thousands of
      // diagnostics (bench/parse) are one buffered write instead.
      llvm::errs().SetBuffered();
      for (const Diagnostic& d : diags.diagnostics()) renderText(d, sm, llvm::errs(), color);
      if (diags.limitReached())
        llvm::errs() << "flytec: error: too many errors emitted, stopping now (--max-errors)\n";
      renderSummary(diags.errorCount(), diags.warningCount(), llvm::errs());
      llvm::errs().SetUnbuffered();  // flushes
      break;
    }
  }
}

}  // namespace flytec::driver
