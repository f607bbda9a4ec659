// See fixit_applier.h.
#include "compilation/fixit_applier.h"

#include "support/atomic_write.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "diagnostics/buffer_locator.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {

std::string applyFixits(const llvm::SourceMgr& sm, unsigned bufferId, std::vector<FixIt> fixes,
                        unsigned* applied) {
  llvm::StringRef text = sm.getMemoryBuffer(bufferId)->getBuffer();
  const char* base = text.data();
  std::stable_sort(fixes.begin(), fixes.end(), [](const FixIt& a, const FixIt& b) {
    return a.range.Start.getPointer() < b.range.Start.getPointer();
  });
  std::string out;
  size_t pos = 0;
  for (const FixIt& f : fixes) {
    size_t b = f.range.Start.getPointer() - base;
    size_t e = f.range.End.getPointer() - base;
    if (b < pos || e < b || e > text.size()) continue;  // overlaps an earlier fix-it
    out.append(text.data() + pos, b - pos);
    out += f.replacement;
    pos = e;
    if (applied) ++*applied;
  }
  out.append(text.data() + pos, text.size() - pos);
  return out;
}

FixitResult applyCertainFixits(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm) {
  std::map<unsigned, std::vector<FixIt>> byBuffer;
  const BufferLocator where(sm);
  for (const Diagnostic& d : diags)
    for (const FixIt& f : d.fixits)
      if (f.certain && f.range.isValid()) {
        unsigned buf = where.find(f.range.Start);
        if (buf && buf == where.find(f.range.End)) byBuffer[buf].push_back(f);
      }
  FixitResult result;
  for (auto& [buf, fixes] : byBuffer) {
    std::string path = sm.getMemoryBuffer(buf)->getBufferIdentifier().str();
    if (::access(path.c_str(), F_OK) != 0) continue;  // not a file on disk
    unsigned applied = 0;
    std::string text = applyFixits(sm, buf, fixes, &applied);
    if (!applied) continue;
    std::string error;
    if (!support::writeFileAtomically(path, text, error)) {
      result.errors.push_back({path, error});
      continue;
    }
    result.applied += applied;
    result.changedFiles.push_back(path);
  }
  return result;
}

}  // namespace flytec
