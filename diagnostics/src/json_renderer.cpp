// See json_renderer.h.
#include "diagnostics/json_renderer.h"

#include "diagnostics/text_renderer.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace {

llvm::json::Value position(const llvm::SourceMgr& sm, llvm::SMLoc loc) {
  PresumedLoc p = presumedLoc(sm, loc);
  unsigned buf = sm.FindBufferContainingLoc(loc);
  size_t offset = loc.getPointer() - sm.getMemoryBuffer(buf)->getBufferStart();
  return llvm::json::Object{{"line", p.line}, {"column", p.column}, {"offset", int64_t(offset)}};
}

llvm::json::Value range(const llvm::SourceMgr& sm, llvm::SMRange r) {
  if (!r.isValid()) return nullptr;
  return llvm::json::Object{{"start", position(sm, r.Start)}, {"end", position(sm, r.End)}};
}

std::string fileOf(const llvm::SourceMgr& sm, llvm::SMRange r, const std::string& path) {
  return r.isValid() ? presumedLoc(sm, r.Start).file : path;
}

}  // namespace

void renderJson(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm, llvm::raw_ostream& os,
                const llvm::json::Array* resources) {
  llvm::json::Array out;
  for (const Diagnostic& d : diags) {
    llvm::json::Array notes, fixits;
    for (const DiagNote& n : d.notes)
      notes.push_back(llvm::json::Object{{"message", n.message},
                                         {"file", fileOf(sm, n.range, n.path.empty() ? d.path : n.path)},
                                         {"range", range(sm, n.range)}});
    for (const FixIt& f : d.fixits)
      fixits.push_back(llvm::json::Object{
          {"range", range(sm, f.range)}, {"replacement", f.replacement}, {"certain", f.certain}});
    out.push_back(llvm::json::Object{{"code", std::string(d.id())},
                                     {"severity", std::string(severityName(d.severity))},
                                     {"message", d.message},
                                     {"file", fileOf(sm, d.range, d.path)},
                                     {"range", range(sm, d.range)},
                                     {"notes", std::move(notes)},
                                     {"fixits", std::move(fixits)}});
  }
  llvm::json::Object doc{{"schema", "flytec-diagnostics/1"}, {"diagnostics", std::move(out)}};
  if (resources) doc["resources"] = llvm::json::Array(*resources);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(doc))) << "\n";
}

}  // namespace flytec
