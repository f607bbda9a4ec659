// Hover: what the name under the cursor is, as Markdown. Tasks show their
// signature, resources (requests/limits as written), retries/timeout/cache
// and doc comment; workflows and launch plans their signature; parameters,
// outputs, fields and nodes their type (Flyte types from the SemanticModel
// when the checker built one, else the types as written). Byte offsets only.
#pragma once

#include <optional>
#include <string>

#include "analysis.h"
#include "symbol_index.h"

namespace flytec::lsp {

struct HoverResult {
  llvm::SMRange range;   ///< the hovered name
  std::string markdown;
};

std::optional<HoverResult> hover(const Analysis& a, const SymbolIndex& index, size_t offset);

/// One-line signature: `task square(x: int) -> int`; used by hover and completion.
std::string signatureOf(const SymbolIndex& index, const Symbol& s);

}  // namespace flytec::lsp
