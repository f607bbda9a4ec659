// Which buffer of a SourceMgr holds a location. SourceMgr's own lookup
// (FindBufferContainingLoc) scans every buffer per call: a check of 1,000
// files with 5 diagnostics each spent 10 ms rendering that way. A locator
// sorts the buffers by address once and finds each location by binary
// search. Build one for each pass over many locations (sorting, rendering,
// suppressions, fix-its); it knows the buffers the SourceMgr had when it was
// built.
#pragma once

#include <vector>

#include "llvm/Support/SMLoc.h"

namespace llvm {
class SourceMgr;
}  // namespace llvm

namespace flytec {

class BufferLocator {
 public:
  explicit BufferLocator(const llvm::SourceMgr& sm);

  /// The id of the buffer holding `loc`, its end included, as
  /// SourceMgr::FindBufferContainingLoc answers (the lowest id when buffers
  /// share bytes); 0 when none does.
  unsigned find(llvm::SMLoc loc) const;

  const llvm::SourceMgr& sourceMgr() const { return *sm_; }

 private:
  struct Span {
    const char* start;
    const char* end;
    unsigned id;
  };
  const llvm::SourceMgr* sm_;
  std::vector<Span> spans_;  ///< by start, then by id
  /// Two buffers overlap without viewing the same bytes (or touch): then
  /// SourceMgr's own scan answers, which settles such cases by id.
  bool overlapping_ = false;
};

}  // namespace flytec
