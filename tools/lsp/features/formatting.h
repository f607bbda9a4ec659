// textDocument/formatting: the whole open document through the formatter
// `flytec fmt` uses (Compilation::format), answered as at most one TextEdit
// covering the lines that change (UTF-16 positions, positions.h). The
// client's FormattingOptions (tabSize, insertSpaces) are ignored on purpose:
// there is one canonical layout. A document that does not parse gets no
// edits (null); its syntax errors are already published as diagnostics.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol.h"

namespace flytec::lsp {

/// The edits turning `text` (the document at `path`) into its canonical
/// layout: empty when it already is, nullopt when it does not parse.
std::optional<std::vector<TextEdit>> formattingEdits(const std::string& path, std::string_view text);

}  // namespace flytec::lsp
