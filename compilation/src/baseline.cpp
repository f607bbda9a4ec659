// See baseline.h.
#include "compilation/baseline.h"

#include "support/atomic_write.h"

#include <algorithm>
#include <map>

#include "diagnostics/diagnostic_reason.h"
#include "diagnostics/text_renderer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "support/bounded_json.h"

namespace flytec {

namespace json = llvm::json;

namespace {
constexpr const char* kSchema = "flytec-baseline/1";

std::string relativeTo(const std::string& path, const std::string& baseDirectory) {
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  std::string text = abs.str().str();
  std::string base = baseDirectory;
  if (!base.empty() && base.back() != '/') base += '/';
  if (!base.empty() && text.rfind(base, 0) == 0) return text.substr(base.size());
  return text;
}
}  // namespace

std::string currentDirectory() {
  llvm::SmallString<256> cwd;
  if (llvm::sys::fs::current_path(cwd)) return "";
  return cwd.str().str();
}

BaselineEntry fingerprint(const Diagnostic& d, const BufferLocator& where, const std::string& baseDirectory) {
  std::string file = d.range.isValid() ? presumedLoc(where, d.range.Start).file : d.path;
  return BaselineEntry{file.empty() ? "" : relativeTo(file, baseDirectory), d.entity, d.node,
                       std::string(d.id()), d.message};
}

bool writeBaseline(const std::string& path, const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm,
                   const std::string& baseDirectory, std::string* error) {
  const BufferLocator where(sm);
  std::vector<BaselineEntry> entries;
  for (const Diagnostic& d : diags) entries.push_back(fingerprint(d, where, baseDirectory));
  std::sort(entries.begin(), entries.end());
  json::Array findings;
  for (const BaselineEntry& e : entries)
    findings.push_back(json::Object{{"code", e.code}, {"file", e.file}, {"entity", e.entity},
                                    {"node", e.node}, {"message", e.message}});
  json::Value doc = json::Object{{"schema", kSchema}, {"findings", std::move(findings)}};

  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", doc) << "\n";
  return support::writeFileAtomically(path, os.str(), *error);
}

std::optional<std::vector<BaselineEntry>> readBaseline(const std::string& path, std::string* error) {
  // Volatile: read into memory, never mapped (a mapped file that shrinks
  // while it is read raises SIGBUS).
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/true, /*RequiresNullTerminator=*/true,
                                         /*IsVolatile=*/true);
  if (!buf) {
    *error = buf.getError().message();
    return std::nullopt;
  }
  llvm::Expected<json::Value> doc = support::parseJson((*buf)->getBuffer());
  if (!doc) {
    *error = reasonText(reason::baseline_not_json, llvm::toString(doc.takeError()));
    return std::nullopt;
  }
  const json::Object* root = doc->getAsObject();
  if (!root || root->getString("schema") != llvm::StringRef(kSchema)) {
    *error = reasonText(reason::baseline_wrong_schema, kSchema);
    return std::nullopt;
  }
  const json::Array* findings = root->getArray("findings");
  if (!findings) {
    *error = reasonText(reason::baseline_without_findings);
    return std::nullopt;
  }
  std::vector<BaselineEntry> out;
  for (size_t i = 0; i < findings->size(); ++i) {
    const json::Object* f = (*findings)[i].getAsObject();
    BaselineEntry e;
    bool ok = f != nullptr;
    for (auto [name, field] : {std::pair{"code", &e.code}, {"file", &e.file}, {"entity", &e.entity},
                               {"node", &e.node}, {"message", &e.message}}) {
      llvm::Optional<llvm::StringRef> s = ok ? f->getString(name) : llvm::None;
      if (!s) { ok = false; break; }
      *field = s->str();
    }
    if (!ok) {
      *error = reasonText(reason::baseline_finding_malformed, i);
      return std::nullopt;
    }
    out.push_back(std::move(e));
  }
  return out;
}

size_t applyBaseline(DiagnosticEngine& diags, const std::vector<BaselineEntry>& baseline,
                     const llvm::SourceMgr& sm, const std::string& baseDirectory) {
  std::map<BaselineEntry, size_t> remaining;
  for (const BaselineEntry& e : baseline) ++remaining[e];
  size_t dropped = 0;
  const BufferLocator where(sm);
  diags.removeIf([&](const Diagnostic& d) {
    auto it = remaining.find(fingerprint(d, where, baseDirectory));
    if (it == remaining.end() || it->second == 0) return false;
    --it->second;
    ++dropped;
    return true;
  });
  return dropped;
}

}  // namespace flytec
