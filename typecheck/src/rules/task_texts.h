// The texts of a task that Flyte templates: each string of `command` and the
// `script`, with their placeholders (placeholder_scanner.h), a map from
// decoded offsets to the source (string_source.h) and, for the script, the
// shell quoting of every byte (shell_quoting.h). Built once per task and
// shared by the placeholder rules and their map rules; it reports nothing.
#pragma once

#include <vector>

#include "frontend/ast.h"
#include "rules/shell_quoting.h"
#include "rules/string_source.h"
#include "typecheck/placeholder_scanner.h"

namespace flytec::tc {

struct TaskText {
  const ast::StringExpr* literal = nullptr;
  bool isScript = false;
  StringSource source;
  std::vector<ShellQuote> quoting;  ///< script only
  std::vector<Placeholder> placeholders;

  explicit TaskText(const ast::StringExpr& s, bool script);
  /// Source range of a placeholder.
  llvm::SMRange rangeOf(const Placeholder& p) const { return source.range(p.begin, p.end); }
  /// Quoting at a byte (None for `command` strings, which no shell reads).
  ShellQuote quoteAt(size_t offset) const {
    return offset < quoting.size() ? quoting[offset] : ShellQuote::None;
  }
};

/// The templated texts of `task`, in source order (first `command`/`script`
/// field of each name only; repeated fields are E0324 elsewhere).
std::vector<TaskText> taskTexts(const ast::TaskDecl& task);

}  // namespace flytec::tc
