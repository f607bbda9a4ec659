// `flytec check -verify`: compares reported diagnostics with the expectations
// written in the sources, clang's way (spec §9):
//   # expected-(error|warning|note)[-re][@(+N|-N|LINE)] [COUNT] [CODE] {{TEXT}}
//   # expected-no-diagnostics
// TEXT is a substring of the message (a POSIX extended regex with -re); CODE
// is required for errors and warnings. Several directives may share a line.
// Directives are read from every buffer in the SourceMgr (imports included).
// It does not run any check itself.
#pragma once

#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "llvm/Support/SourceMgr.h"

namespace llvm {
class raw_ostream;
}

namespace flytec {

/// Returns true when every expected diagnostic was reported and nothing else.
/// Mismatches are listed on `os`; malformed directives are reported into
/// `directiveErrors` as E0007 (and make the result false).
bool verifyDiagnostics(const std::vector<Diagnostic>& reported, const llvm::SourceMgr& sm,
                       llvm::raw_ostream& os, DiagnosticEngine& directiveErrors);

}  // namespace flytec
