// The one place the driver prints diagnostics: text (clang style) to stderr
// with a summary line, or JSON/SARIF to stdout. The renderers live in
// diagnostics; this file only picks one and the stream.
#include <CLI/CLI.hpp>

#include "command.h"
#include "diagnostics/json_renderer.h"
#include "diagnostics/sarif_renderer.h"
#include "diagnostics/text_renderer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec::driver {

void addCommonFlags(CLI::App* sub, GlobalOptions& g) {
  sub->add_option("--color", g.color, "colour diagnostics: auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  sub->add_option("--format", g.format, "diagnostic format: text|json|sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  sub->add_flag("--werror", g.werror, "treat warnings as errors (-Werror)");
  // One code per flag, repeatable: a greedy vector option would swallow the
  // INPUTs that follow it.
  sub->add_option("--werror-code", g.werrorCodes, "treat warning CODE as an error (-Werror=CODE)")
      ->allow_extra_args(false);
  sub->add_option("--wno", g.wnoCodes, "disable warning CODE (-Wno-CODE)")->allow_extra_args(false);
  sub->add_option("--max-errors", g.maxErrors, "stop after N errors (0: no limit)");
}

void emitDiagnostics(DiagnosticEngine& diags, const llvm::SourceMgr& sm, const GlobalOptions& global,
                     const llvm::json::Array* resources) {
  diags.sortByLocation(sm);
  switch (global.outputFormat()) {
    case OutputFormat::Json:
      renderJson(diags.diagnostics(), sm, llvm::outs(), resources);
      llvm::outs().flush();
      break;
    case OutputFormat::Sarif: {
      // Rules carry the catalogue's example files from the source tree this
      // binary was built from; the docs links point there too (a file URI:
      // the project has no published docs site to link instead).
      SarifOptions options;
      options.toolVersion = FLYTEC_VERSION;
      options.sourceRoot = FLYTEC_SOURCE_DIR;
      bool relative = false;
      options.docsUrl = pathToUri(std::string(FLYTEC_SOURCE_DIR) + "/docs", "", &relative);
      renderSarif(diags.diagnostics(), sm, options, llvm::outs());
      llvm::outs().flush();
      break;
    }
    case OutputFormat::Text: {
      bool color = global.useColor();
      // llvm::errs() writes each piece with its own system call; thousands of
      // diagnostics (bench/parse) are one buffered write instead.
      llvm::errs().SetBuffered();
      const BufferLocator where(sm);
      for (const Diagnostic& d : diags.diagnostics()) renderText(d, where, llvm::errs(), color);
      if (diags.limitReached())
        llvm::errs() << "flytec: error: too many errors emitted, stopping now (--max-errors)\n";
      renderSummary(diags.errorCount(), diags.warningCount(), llvm::errs());
      llvm::errs().SetUnbuffered();  // flushes
      break;
    }
  }
}

}  // namespace flytec::driver
