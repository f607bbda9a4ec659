// Hover: what the name under the cursor is, as Markdown. Tasks show their
// signature, resources (requests/limits as written), retries/timeout/cache
// and doc comment; workflows and launch plans their signature; parameters,
// outputs, fields and nodes their type (Flyte types from the SemanticModel
// when the checker built one, else the types as written). Byte offsets only.
#pragma once

#include <optional>
#include <string>

#include "analysis.h"

namespace flytec::lsp {

struct HoverResult {
  llvm::SMRange range;   ///< the hovered name
  std::string markdown;
};

/// What the name at `offset` resolved to (SemanticModel::names), if anything.
std::optional<HoverResult> hover(const Analysis& a, size_t offset);

/// One-line signature: `task square(x: int) -> int`; used by hover and completion.
std::string signatureOf(const tc::Entity& e);

}  // namespace flytec::lsp
