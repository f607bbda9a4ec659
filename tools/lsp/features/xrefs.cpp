// Definition and references; see xrefs.h.
#include "xrefs.h"

namespace flytec::lsp {

std::vector<llvm::SMRange> definition(const Analysis& a, size_t offset) {
  const tc::NameUse* use = a.nameAt(offset);
  if (!use || !use->declaration->nameRange.isValid()) return {};
  const tc::Declaration& d = *use->declaration;
  // An import's definition is the file it names (its first character).
  if (d.kind == tc::NameKind::Import && d.import && d.import->target && d.import->target->ast) {
    const char* start = a.sm().getMemoryBuffer(d.import->target->ast->bufferId)->getBufferStart();
    llvm::SMLoc loc = llvm::SMLoc::getFromPointer(start);
    return {llvm::SMRange(loc, loc)};
  }
  return {d.nameRange};
}

std::vector<llvm::SMRange> references(const Analysis& a, size_t offset, bool includeDeclaration) {
  const tc::NameUse* use = a.nameAt(offset);
  if (!use) return {};
  std::vector<llvm::SMRange> out;
  for (const tc::NameUse* u : a.model->names.usesOf(use->declaration))
    if (includeDeclaration || !u->isDeclaration) out.push_back(u->range);
  return out;
}

}  // namespace flytec::lsp
