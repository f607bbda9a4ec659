// Location and diagnostic conversion; see converters.h.
#include "converters.h"

#include "uri.h"

namespace flytec::lsp {

bool Converter::location(llvm::SMRange r, Location& out) {
  if (!r.isValid()) return false;
  unsigned buf = where_.find(r.Start);
  if (!buf) return false;
  const llvm::MemoryBuffer* mb = a_.sm().getMemoryBuffer(buf);
  auto& idx = others_[buf];
  if (!idx) idx = std::make_unique<LineIndex>(mb->getBuffer());
  const char* base = mb->getBufferStart();
  size_t b = static_cast<size_t>(r.Start.getPointer() - base);
  size_t e = r.End.isValid() ? static_cast<size_t>(r.End.getPointer() - base) : b;
  out.uri = pathToUri(buf == a_.bufferId ? a_.path : normalizePath(mb->getBufferIdentifier().str()));
  out.range = {idx->position(b), idx->position(e)};
  return true;
}

LspDiagnostic Converter::diagnostic(const Diagnostic& d) {
  LspDiagnostic out;
  Location loc;
  if (location(d.range, loc)) out.range = loc.range;
  out.severity = d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3;
  out.code = std::string(d.id());
  out.message = d.message;
  for (const DiagNote& n : d.notes) {
    Location nl;
    if (!location(n.range, nl)) {
      if (n.path.empty()) continue;
      nl.uri = pathToUri(normalizePath(n.path));
    }
    out.related.push_back({nl, n.message});
  }
  return out;
}

}  // namespace flytec::lsp
