// Quick fixes from fix-its; see code_actions.h.
#include "code_actions.h"

#include <fmt/format.h>

#include <utility>

namespace flytec::lsp {

namespace {

/// [first byte of db's line, last byte of de's line]: a diagnostic's fixes
/// are offered with the cursor anywhere on the lines it spans, as editors'
/// users expect (a lightbulb for the line), not only inside its range.
std::pair<size_t, size_t> wholeLines(std::string_view text, size_t db, size_t de) {
  size_t lineBegin = db > text.size() ? text.size() : db;
  while (lineBegin > 0 && text[lineBegin - 1] != '\n') --lineBegin;
  size_t lineEnd = text.find('\n', de < text.size() ? de : text.size());
  return {lineBegin, lineEnd == std::string_view::npos ? text.size() : lineEnd};
}

}  // namespace

std::vector<QuickFix> quickFixes(const Analysis& a, size_t begin, size_t end) {
  std::vector<QuickFix> out;
  for (const Diagnostic& d : a.diags().diagnostics()) {
    if (d.fixits.empty() || !a.inMain(d.range.Start)) continue;
    size_t db = a.offsetOf(d.range.Start);
    size_t de = d.range.End.isValid() ? a.offsetOf(d.range.End) : db;
    auto [lb, le] = wholeLines(a.text(), db, de);
    if (le < begin || lb > end) continue;
    for (const FixIt& f : d.fixits) {
      if (!a.inMain(f.range.Start)) continue;  // edits in other files are not offered
      std::string_view old(f.range.Start.getPointer(),
                           static_cast<size_t>(f.range.End.getPointer() - f.range.Start.getPointer()));
      std::string title = f.replacement.empty() ? fmt::format("remove `{}`", old)
                          : old.empty()         ? fmt::format("insert `{}`", f.replacement)
                                                : fmt::format("replace `{}` with `{}`", old, f.replacement);
      out.push_back({fmt::format("{} [{}]", title, d.id()), &d, &f});
    }
  }
  return out;
}

}  // namespace flytec::lsp
