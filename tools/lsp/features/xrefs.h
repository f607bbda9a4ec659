// Go-to-definition and find-references over the names the checker resolved
// (SemanticModel::names): the declaring name of whatever is under the
// cursor, and every place it is written in the document and the files it
// imports. Files that import this document are not searched unless they are
// part of this snapshot. Byte ranges only.
#pragma once

#include <vector>

#include "analysis.h"

namespace flytec::lsp {

/// Where the name at `offset` is declared (empty if nothing is there); for
/// an import, the start of the imported file.
std::vector<llvm::SMRange> definition(const Analysis& a, size_t offset);

/// Every occurrence of the name at `offset`; the declaration only if asked.
std::vector<llvm::SMRange> references(const Analysis& a, size_t offset, bool includeDeclaration);

}  // namespace flytec::lsp
