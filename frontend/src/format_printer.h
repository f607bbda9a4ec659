// The formatter's layout engine (private to frontend/src/format_*.cpp): prints
// a FormatInput in the canonical layout of docs/formatting.md. Groups print
// flat when they fit in the line width and hold no comment, else one item
// per line with a trailing comma; bodies are always one statement per line
// with `=` aligned across runs of one-line statements. It decides layout
// only: every code token is printed in source order (trailing commas before
// a closing bracket are the one thing added or dropped).
#pragma once

#include <string>

#include "format_tree.h"

namespace flytec::fmtimpl {

struct LayoutOptions {
  int lineWidth = 100;
  int indentWidth = 4;
};

/// Print `in` in the canonical layout; the result ends with one newline
/// (empty for a file with no tokens).
std::string printFormatted(FormatInput& in, const LayoutOptions& opts);

}  // namespace flytec::fmtimpl
