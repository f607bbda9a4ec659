// ResolvedNames (resolved_names.h): a table of declarations keyed by their
// AST node and a list of uses, sorted once the checker is done so that the
// use under a position is a binary search.
#include "typecheck/resolved_names.h"

#include <algorithm>

namespace flytec::tc {

const Declaration* ResolvedNames::declare(const void* key, Declaration d, bool written) {
  if (!enabled_) return nullptr;
  declarations_.push_back(std::move(d));
  const Declaration* out = &declarations_.back();
  byKey_.try_emplace(key, out);
  if (written && out->nameRange.isValid()) uses_.push_back({out->nameRange, out, true});
  return out;
}

void ResolvedNames::use(llvm::SMRange range, const Declaration* d) {
  if (enabled_ && d && range.isValid()) uses_.push_back({range, d, false});
}

void ResolvedNames::finish() {
  std::stable_sort(uses_.begin(), uses_.end(), [](const NameUse& x, const NameUse& y) {
    return x.range.Start.getPointer() < y.range.Start.getPointer();
  });
  // A name checked twice (a value typed in two roles) is one use.
  uses_.erase(std::unique(uses_.begin(), uses_.end(),
                          [](const NameUse& x, const NameUse& y) {
                            return x.range.Start == y.range.Start && x.range.End == y.range.End &&
                                   x.declaration == y.declaration;
                          }),
              uses_.end());
}

const Declaration* ResolvedNames::of(const void* key) const {
  auto it = byKey_.find(key);
  return it == byKey_.end() ? nullptr : it->second;
}

const NameUse* ResolvedNames::at(const char* p) const {
  // The last use starting at or before p; a cursor right after a name
  // (end == p) still counts, as editors place it there after typing.
  auto it = std::upper_bound(uses_.begin(), uses_.end(), p,
                             [](const char* q, const NameUse& u) { return q < u.range.Start.getPointer(); });
  const NameUse* best = nullptr;
  auto length = [](const NameUse& u) { return u.range.End.getPointer() - u.range.Start.getPointer(); };
  while (it != uses_.begin()) {
    --it;
    if (p <= it->range.End.getPointer() && (!best || length(*it) < length(*best))) best = &*it;
    if (p - it->range.Start.getPointer() > 4096) break;  // names are short; stop scanning
  }
  return best;
}

std::vector<const NameUse*> ResolvedNames::usesOf(const Declaration* d) const {
  std::vector<const NameUse*> out;
  for (const NameUse& u : uses_)
    if (u.declaration == d) out.push_back(&u);
  std::stable_partition(out.begin(), out.end(), [](const NameUse* u) { return u->isDeclaration; });
  return out;
}

}  // namespace flytec::tc
