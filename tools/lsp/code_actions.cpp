// Quick fixes from fix-its; see code_actions.h.
#include "code_actions.h"

#include <fmt/format.h>

namespace flytec::lsp {

std::vector<QuickFix> quickFixes(const Analysis& a, size_t begin, size_t end) {
  std::vector<QuickFix> out;
  for (const Diagnostic& d : a.diags.diagnostics()) {
    if (d.fixits.empty() || !a.inMain(d.range.Start)) continue;
    size_t db = a.offsetOf(d.range.Start);
    size_t de = d.range.End.isValid() ? a.offsetOf(d.range.End) : db;
    if (de < begin || db > end) continue;
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
