// `flytec fmt` and the LSP's textDocument/formatting: prints a parsed .flyte
// buffer in the one canonical layout (docs/formatting.md). It works on the
// token stream with comments re-attached by position rather than on the
// AST, because the AST drops comments, blank lines and literal spellings
// (`1_000`, raw strings) that a formatter must keep byte for byte; the
// tokens keep all of them, and the grammar is small enough that bracket
// kinds and statement starts are known from the neighbouring tokens.
//
// Safety: the result is re-lexed and compared with the input token for
// token (comments included, trailing commas before a closing bracket
// ignored); on any difference nothing is returned. It does not check types
// or resolve imports; a file with syntax errors is not formatted.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {

/// Layout knobs; the defaults are the canonical layout. Tests may change
/// them, the CLI and the LSP do not.
struct FormatOptions {
  int lineWidth = 100;   ///< columns, counted in code points
  int indentWidth = 4;   ///< spaces per nesting level
};

/// Outcome of formatting one buffer.
struct FormatResult {
  std::optional<std::string> text;  ///< the formatted file; empty on failure
  /// Set when the formatter's own self-check failed (a bug in flytec, not in
  /// the input): the input must be left as it is.
  std::string internalError;
};

/// Format buffer `bufferId` of `sm`. Lexical and syntax errors are reported
/// to `diags` (E01xx) and give no text.
FormatResult formatBuffer(llvm::SourceMgr& sm, unsigned bufferId, DiagnosticEngine& diags,
                          const FormatOptions& options = {});

}  // namespace flytec
