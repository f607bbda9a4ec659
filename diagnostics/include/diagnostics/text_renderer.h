// Renders diagnostics clang style:
//   file:line:col: error: message [E0102]
//     source line
//     ^~~~~
//   file:line:col: note: to match this `(`
//   fix-it:"file":{line:col-line:col}:"replacement"
// Columns are 1-based bytes. Colour only when asked (the driver decides from
// --color and whether stderr is a terminal).
#pragma once

#include <vector>

#include "diagnostics/buffer_locator.h"
#include "diagnostics/diagnostic.h"

namespace llvm {
class raw_ostream;
}  // namespace llvm

namespace flytec {

/// Line and 1-based byte column of `loc`, and the buffer's name and id
/// (0, with the rest empty, when `loc` is in no buffer).
struct PresumedLoc {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  unsigned buffer = 0;
};
PresumedLoc presumedLoc(const BufferLocator& where, llvm::SMLoc loc);

/// One diagnostic; `where` locates its buffers (one locator for all of a
/// pass's diagnostics).
void renderText(const Diagnostic& diag, const BufferLocator& where, llvm::raw_ostream& os, bool color);

/// "2 errors and 1 warning generated." style summary; empty when nothing.
void renderSummary(unsigned errors, unsigned warnings, llvm::raw_ostream& os);

}  // namespace flytec
