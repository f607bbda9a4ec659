// Definition and references; see xrefs.h.
#include "xrefs.h"

namespace flytec::lsp {

std::vector<llvm::SMRange> definition(const Analysis& a, const SymbolIndex& index, size_t offset) {
  const Occurrence* occ = index.at(a.locAt(offset));
  if (!occ || !occ->symbol->nameRange.isValid()) return {};
  return {occ->symbol->nameRange};
}

std::vector<llvm::SMRange> references(const Analysis& a, const SymbolIndex& index, size_t offset,
                                      bool includeDeclaration) {
  const Occurrence* occ = index.at(a.locAt(offset));
  if (!occ) return {};
  std::vector<llvm::SMRange> out;
  for (const Occurrence* o : index.occurrencesOf(occ->symbol))
    if (includeDeclaration || !o->isDeclaration) out.push_back(o->range);
  return out;
}

}  // namespace flytec::lsp
