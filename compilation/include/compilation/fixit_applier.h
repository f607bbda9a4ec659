// `flytec check --fixit`: applies every fix-it marked certain to the files it
// edits. Each file is written to a temporary file beside it and renamed into
// place, so a file is never half-written. Overlapping fix-its keep the first
// (in source order) and drop the rest; buffers not backed by a file (LSP
// overlays) are skipped. It does not re-check: the driver does.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"

namespace llvm {
class SourceMgr;
}

namespace flytec {

/// A file the fix-its could not be written to, and why (the driver reports E0004).
struct FixitWriteFailure {
  std::string path;
  std::string reason;
};

struct FixitResult {
  std::vector<std::string> changedFiles;
  unsigned applied = 0;
  std::vector<FixitWriteFailure> errors;  ///< files that could not be written
};

FixitResult applyCertainFixits(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm);

/// The text of buffer `bufferId` with `fixes` (all in that buffer) applied.
std::string applyFixits(const llvm::SourceMgr& sm, unsigned bufferId, std::vector<FixIt> fixes,
                        unsigned* applied);

}  // namespace flytec
