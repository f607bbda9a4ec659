// See json_renderer.h.
#include "diagnostics/json_renderer.h"

#include "diagnostics/text_renderer.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace {

llvm::json::Value position(const BufferLocator& where, llvm::SMLoc loc) {
  PresumedLoc p = presumedLoc(where, loc);
  size_t offset = loc.getPointer() - where.sourceMgr().getMemoryBuffer(p.buffer)->getBufferStart();
  return llvm::json::Object{{"line", p.line}, {"column", p.column}, {"offset", int64_t(offset)}};
}

llvm::json::Value range(const BufferLocator& where, llvm::SMRange r) {
  if (!r.isValid()) return nullptr;
  return llvm::json::Object{{"start", position(where, r.Start)}, {"end", position(where, r.End)}};
}

std::string fileOf(const BufferLocator& where, llvm::SMRange r, const std::string& path) {
  return r.isValid() ? presumedLoc(where, r.Start).file : path;
}

}  // namespace

void renderJson(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm, llvm::raw_ostream& os,
                const llvm::json::Array* resources) {
  const BufferLocator where(sm);
  llvm::json::Array out;
  for (const Diagnostic& d : diags) {
    llvm::json::Array notes, fixits;
    for (const DiagNote& n : d.notes)
      notes.push_back(llvm::json::Object{{"message", n.message},
                                         {"file", fileOf(where, n.range, n.path.empty() ? d.path : n.path)},
                                         {"range", range(where, n.range)}});
    for (const FixIt& f : d.fixits)
      fixits.push_back(llvm::json::Object{
          {"range", range(where, f.range)}, {"replacement", f.replacement}, {"certain", f.certain}});
    out.push_back(llvm::json::Object{{"code", std::string(d.id())},
                                     {"severity", std::string(severityName(d.severity))},
                                     {"message", d.message},
                                     {"file", fileOf(where, d.range, d.path)},
                                     {"range", range(where, d.range)},
                                     {"notes", std::move(notes)},
                                     {"fixits", std::move(fixits)}});
  }
  llvm::json::Object doc{{"schema", "flytec-diagnostics/1"}, {"diagnostics", std::move(out)}};
  if (resources) doc["resources"] = llvm::json::Array(*resources);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
}

}  // namespace flytec
