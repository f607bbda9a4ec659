// See bounded_json.h. The scan is a small state machine over bytes: inside a
// string only `\` (skip the next byte) and `"` (end) matter; outside, `[` and
// `{` open a level and `]` and `}` close one. Mismatched brackets are left for
// llvm::json::parse to report with its own message.
#include "support/bounded_json.h"

#include <llvm/Support/FormatVariadic.h>

namespace flytec::support {

std::optional<JsonNestingProblem> findExcessiveNesting(llvm::StringRef text, unsigned maxDepth) {
  unsigned depth = 0;
  unsigned line = 1;
  std::size_t lineStart = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c == '\\') ++i;  // an escaped character never ends the string
      else if (c == '"') inString = false;
      continue;
    }
    switch (c) {
      case '"': inString = true; break;
      case '[':
      case '{':
        if (++depth > maxDepth) return JsonNestingProblem{i, line, static_cast<unsigned>(i - lineStart + 1)};
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::nullopt;
}

llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef text, unsigned maxDepth) {
  if (auto deep = findExcessiveNesting(text, maxDepth))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("[{0}:{1}, byte={2}]: arrays and objects nested deeper than {3} levels (flytec's limit)",
                      deep->line, deep->column, deep->offset, maxDepth)
            .str());
  return llvm::json::parse(text);
}

}  // namespace flytec::support
