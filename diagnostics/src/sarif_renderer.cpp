// See sarif_renderer.h. The log is built as an llvm::json tree and printed
// once; field names follow the SARIF 2.1.0 specification (OASIS, 2020).
#include "diagnostics/sarif_renderer.h"

#include <fstream>
#include <map>
#include <sstream>

#include "diagnostics/diagnostic_catalogue.h"
#include "diagnostics/text_renderer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace json = llvm::json;

std::string pathToUri(const std::string& path, const std::string& baseDirectory, bool* relative) {
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  std::string base = baseDirectory;
  if (!base.empty() && base.back() != '/') base += '/';
  std::string text = abs.str().str();
  *relative = !base.empty() && text.rfind(base, 0) == 0;
  std::string_view rest = *relative ? std::string_view(text).substr(base.size()) : std::string_view(text);
  // RFC 3986: keep unreserved characters and the path separator.
  std::string out = *relative ? "" : "file://";
  for (unsigned char c : rest) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else {
      static const char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

struct Context {
  const BufferLocator& where;
  const SarifOptions& options;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// "test/check/map/E0404-bad-ratio.flyte" -> "BadRatio": a stable,
/// PascalCase rule name from the bad example's file name.
std::string ruleName(const DiagInfo& info) {
  std::string stem = llvm::sys::path::stem(info.badExample).str();
  if (stem.rfind(info.id, 0) == 0) stem = stem.substr(info.id.size());
  std::string out;
  bool upper = true;
  for (char c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c))) { upper = true; continue; }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out.empty() ? std::string(info.id) : out;
}

json::Value rule(const Context& cx, const DiagInfo& info, const std::string& name) {
  std::string bad = readFile(cx.options.sourceRoot + "/" + std::string(info.badExample));
  std::string good = readFile(cx.options.sourceRoot + "/" + std::string(info.goodExample));
  if (bad.empty()) bad = "(example not found)\n";
  if (good.empty()) good = "(example not found)\n";
  std::string explanation(info.explanation);
  std::string full = explanation + " Message: " + std::string(info.format) + ".";
  std::string text = llvm::formatv("{0}\n\nBad example ({1}):\n{2}\nGood example ({3}):\n{4}", explanation,
                                   info.badExample, bad, info.goodExample, good);
  std::string markdown = llvm::formatv(
      "{0}\n\nBad example (`{1}`):\n\n```\n{2}```\n\nGood example (`{3}`):\n\n```\n{4}```\n", explanation,
      info.badExample, bad, info.goodExample, good);
  json::Object r{{"id", std::string(info.id)},
                 {"name", name},
                 {"shortDescription", json::Object{{"text", explanation}}},
                 {"fullDescription", json::Object{{"text", full}}},
                 {"help", json::Object{{"text", text}, {"markdown", markdown}}},
                 {"defaultConfiguration",
                  json::Object{{"level", info.severity == Severity::Error ? "error" : "warning"}}}};
  if (!cx.options.docsUrl.empty())
    r["helpUri"] = cx.options.docsUrl + "/diagnostics.md#" + llvm::StringRef(info.id).lower();
  return r;
}

json::Object artifact(const Context& cx, const std::string& path) {
  bool relative = false;
  std::string uri = pathToUri(path, cx.options.baseDirectory, &relative);
  json::Object a{{"uri", uri}};
  if (relative) a["uriBaseId"] = "SRCROOT";
  return a;
}

/// Line and code-point column (1-based) of `loc`.
std::pair<unsigned, unsigned> codePointPosition(const BufferLocator& where, llvm::SMLoc loc) {
  PresumedLoc p = presumedLoc(where, loc);
  const char* lineStart = loc.getPointer() - (p.column - 1);
  unsigned column = 1;
  for (const char* c = lineStart; c < loc.getPointer(); ++c)
    if ((static_cast<unsigned char>(*c) & 0xC0) != 0x80) ++column;
  return {p.line, column};
}

json::Object region(const BufferLocator& where, llvm::SMRange r) {
  auto [line, column] = codePointPosition(where, r.Start);
  auto [endLine, endColumn] = r.End.getPointer() > r.Start.getPointer() ? codePointPosition(where, r.End)
                                                                        : std::make_pair(line, column);
  return json::Object{
      {"startLine", line}, {"startColumn", column}, {"endLine", endLine}, {"endColumn", endColumn}};
}

/// Where a diagnostic (or note) is: a source region, or a path without one.
/// Package paths "pkg.tgz:entry.pb" name the archive as the artifact and
/// return the entry in `*entry`.
json::Object physicalLocation(const Context& cx, llvm::SMRange r, const std::string& path, std::string* entry) {
  if (r.isValid())
    return json::Object{{"artifactLocation", artifact(cx, presumedLoc(cx.where, r.Start).file)},
                        {"region", region(cx.where, r)}};
  std::string file = path;
  for (const char* ext : {".tgz:", ".tar.gz:", ".tar:"}) {
    size_t at = path.find(ext);
    if (at == std::string::npos) continue;
    size_t colon = at + std::string_view(ext).size() - 1;
    file = path.substr(0, colon);
    if (entry) *entry = path.substr(colon + 1);
    break;
  }
  return json::Object{{"artifactLocation", artifact(cx, file)}};
}

json::Array logicalLocations(const Diagnostic& d, const std::string& entry) {
  json::Array out;
  if (!entry.empty()) out.push_back(json::Object{{"name", entry}, {"kind", "module"}});
  if (!d.entity.empty()) {
    std::string fq = d.entity;
    out.push_back(json::Object{{"name", d.entity},
                               {"fullyQualifiedName", fq},
                               {"kind", d.entityKind == "enum" || d.entityKind == "struct" ? "type" : "function"}});
    if (!d.node.empty())
      out.push_back(json::Object{{"name", d.node}, {"fullyQualifiedName", fq + "." + d.node}, {"kind", "member"}});
  }
  return out;
}

json::Value result(const Context& cx, const Diagnostic& d) {
  std::string entry;
  json::Object loc{{"physicalLocation", physicalLocation(cx, d.range, d.path, &entry)}};
  json::Array logical = logicalLocations(d, entry);
  if (!logical.empty()) loc["logicalLocations"] = std::move(logical);
  json::Object r{{"ruleId", std::string(d.id())},
                 {"ruleIndex", static_cast<unsigned>(d.code)},
                 {"level", d.isError() ? "error" : "warning"},
                 {"message", json::Object{{"text", d.message}}},
                 {"locations", json::Array{std::move(loc)}}};
  json::Array related;
  int id = 1;
  for (const DiagNote& n : d.notes)
    related.push_back(json::Object{
        {"id", id++},
        {"physicalLocation", physicalLocation(cx, n.range, n.path.empty() ? d.path : n.path, nullptr)},
        {"message", json::Object{{"text", n.message}}}});
  if (!related.empty()) r["relatedLocations"] = std::move(related);
  // All fix-its of a diagnostic form one fix (they are applied together, as
  // the LSP quick fix does), grouped per file in first-seen order.
  std::vector<std::string> files;
  std::map<std::string, json::Array> replacements;
  bool certain = true;
  for (const FixIt& f : d.fixits) {
    if (!f.range.isValid()) continue;
    std::string file = presumedLoc(cx.where, f.range.Start).file;
    if (!replacements.count(file)) files.push_back(file);
    replacements[file].push_back(json::Object{{"deletedRegion", region(cx.where, f.range)},
                                              {"insertedContent", json::Object{{"text", f.replacement}}}});
    certain = certain && f.certain;
  }
  if (!files.empty()) {
    json::Array changes;
    for (const std::string& file : files)
      changes.push_back(
          json::Object{{"artifactLocation", artifact(cx, file)}, {"replacements", std::move(replacements[file])}});
    r["fixes"] = json::Array{json::Object{
        {"description", json::Object{{"text", certain ? "apply the fix-it (certain: `flytec check --fixit` applies it)"
                                                      : "apply the suggested fix-it (not certain: review it)"}}},
        {"artifactChanges", std::move(changes)},
        {"properties", json::Object{{"certain", certain}}}}};
  }
  if (!d.entity.empty() || !d.node.empty())
    r["properties"] = json::Object{{"entityKind", d.entityKind}, {"entity", d.entity}, {"node", d.node}};
  return r;
}

}  // namespace

void renderSarif(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm, const SarifOptions& options,
                 llvm::raw_ostream& os) {
  SarifOptions opts = options;
  if (opts.baseDirectory.empty()) {
    llvm::SmallString<256> cwd;
    if (!llvm::sys::fs::current_path(cwd)) opts.baseDirectory = cwd.str().str();
  }
  const BufferLocator where(sm);
  Context cx{where, opts};
  // Names come from the bad examples' file names, which repeat across
  // families ("Unused", "Cycle"): a repeated one gets its code appended, so
  // every rule name is unique (ids stay the stable key).
  std::map<std::string, int> seen;
  for (const DiagInfo& info : allDiagnostics()) ++seen[ruleName(info)];
  json::Array rules;
  for (const DiagInfo& info : allDiagnostics()) {
    std::string name = ruleName(info);
    if (seen[name] > 1) name += std::string(info.id);
    rules.push_back(rule(cx, info, name));
  }
  json::Object driver{{"name", "flytec"},
                      {"version", opts.toolVersion},
                      {"semanticVersion", opts.toolVersion},
                      {"rules", std::move(rules)}};
  if (!opts.docsUrl.empty()) driver["informationUri"] = opts.docsUrl + "/README.md";
  json::Array results;
  for (const Diagnostic& d : diags) results.push_back(result(cx, d));
  json::Object run{{"tool", json::Object{{"driver", std::move(driver)}}},
                   {"columnKind", "unicodeCodePoints"},
                   {"results", std::move(results)}};
  if (!opts.baseDirectory.empty()) {
    bool relative = false;
    std::string uri = pathToUri(opts.baseDirectory, "", &relative);
    if (uri.back() != '/') uri += '/';
    run["originalUriBaseIds"] = json::Object{{"SRCROOT", json::Object{{"uri", uri}}}};
  }
  json::Object log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(run)}}};
  os << llvm::formatv("{0:2}", json::Value(std::move(log))) << "\n";
}

}  // namespace flytec
