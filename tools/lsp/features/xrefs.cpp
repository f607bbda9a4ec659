// Definition and references; see xrefs.h.
#include "xrefs.h"

namespace flytec::lsp {

std::vector<llvm::SMRange> definition(const Analysis& a, const SymbolIndex& index, size_t offset) {
  const Occurrence* occ = index.at(a.locAt(offset));
  if (!occ || !occ->symbol->nameRange.isValid()) return {};
  const Symbol& s = *occ->symbol;
  // An import's definition is the file it names (its first character).
  if (s.kind == SymKind::Import && s.importTarget && s.importTarget->ast) {
    const char* start = a.sm().getMemoryBuffer(s.importTarget->ast->bufferId)->getBufferStart();
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(start);
    return {llvm::SMRange(loc, loc)};
  }
  return {s.nameRange};
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
