// textDocument/formatting (formatting.h): format the open document's text
// through a compilation, as `flytec fmt` does, then replace only the lines
// between the longest common prefix and suffix of lines, so a client keeps
// its cursor and folding state outside the change.
#include "formatting.h"

#include "compilation/compilation.h"
#include "positions.h"

namespace flytec::lsp {

namespace {

/// Bytes of the common prefix of `a` and `b` that end on a line boundary.
size_t commonLinePrefix(std::string_view a, std::string_view b) {
  size_t n = 0, lineStart = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) {
    if (a[n] == '\n') lineStart = n + 1;
    ++n;
  }
  return n == a.size() && n == b.size() ? n : lineStart;
}

/// Bytes of the common suffix of `a` and `b` (not reaching into the first
/// `skip` bytes of either) that start on a line boundary.
size_t commonLineSuffix(std::string_view a, std::string_view b, size_t skip) {
  size_t n = 0, kept = 0;
  while (n < a.size() - skip && n < b.size() - skip && a[a.size() - 1 - n] == b[b.size() - 1 - n]) {
    ++n;
    size_t at = a.size() - n;  // the suffix starts at a line start when a[at-1] is '\n'
    if (at == 0 || a[at - 1] == '\n') kept = n;
  }
  return kept;
}

}  // namespace

std::optional<std::vector<TextEdit>> formattingEdits(const std::string& path, std::string_view text) {
  compilation::Compilation compilation;
  compilation::FormattedSource source = compilation.format(path, text);
  if (!source.result.text) return std::nullopt;
  const std::string& formatted = *source.result.text;
  std::vector<TextEdit> edits;
  if (formatted == text) return edits;

  size_t prefix = commonLinePrefix(text, formatted);
  size_t suffix = commonLineSuffix(text, formatted, prefix);
  LineIndex lines(text);
  TextEdit edit;
  edit.range = {lines.position(prefix), lines.position(text.size() - suffix)};
  edit.newText = formatted.substr(prefix, formatted.size() - suffix - prefix);
  edits.push_back(std::move(edit));
  return edits;
}

}  // namespace flytec::lsp
