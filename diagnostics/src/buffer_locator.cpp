// See buffer_locator.h.
#include "diagnostics/buffer_locator.h"

#include <algorithm>

#include "llvm/Support/SourceMgr.h"

namespace flytec {

BufferLocator::BufferLocator(const llvm::SourceMgr& sm) : sm_(&sm) {
  spans_.reserve(sm.getNumBuffers());
  for (unsigned id = 1; id <= sm.getNumBuffers(); ++id) {
    const llvm::MemoryBuffer* mb = sm.getMemoryBuffer(id);
    spans_.push_back({mb->getBufferStart(), mb->getBufferEnd(), id});
  }
  std::sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) {
    return a.start != b.start ? a.start < b.start : a.id < b.id;
  });
  for (size_t i = 1; i < spans_.size(); ++i) {
    const Span &before = spans_[i - 1], &span = spans_[i];
    bool sameBytes = span.start == before.start && span.end == before.end;
    if (span.start <= before.end && !sameBytes) overlapping_ = true;
  }
}

unsigned BufferLocator::find(llvm::SMLoc loc) const {
  const char* p = loc.getPointer();
  if (!p) return 0;
  if (overlapping_) return sm_->FindBufferContainingLoc(loc);
  // The first buffer starting after p; the one before it starts at or before p.
  auto after = std::upper_bound(spans_.begin(), spans_.end(), p,
                                [](const char* q, const Span& s) { return q < s.start; });
  if (after == spans_.begin()) return 0;
  // Buffers viewing the same bytes: the lowest id, as SourceMgr answers.
  auto first = std::lower_bound(spans_.begin(), after, std::prev(after)->start,
                                [](const Span& s, const char* q) { return s.start < q; });
  return p <= first->end ? first->id : 0;
}

}  // namespace flytec
