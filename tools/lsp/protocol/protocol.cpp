// JSON <-> LSP structures; see protocol.h. fromJSON functions only check
// shape (required fields present with the right JSON types); meaning (is the
// document open?) is the server's business.
#include "protocol.h"

namespace flytec::lsp {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::ObjectMapper;

bool fromJSON(const Value& v, Position& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("line", out.line) && o.map("character", out.character);
}
Value toJSON(const Position& p) { return Object{{"line", p.line}, {"character", p.character}}; }

bool fromJSON(const Value& v, Range& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("start", out.start) && o.map("end", out.end);
}
Value toJSON(const Range& r) { return Object{{"start", toJSON(r.start)}, {"end", toJSON(r.end)}}; }

Value toJSON(const Location& l) { return Object{{"uri", l.uri}, {"range", toJSON(l.range)}}; }

bool fromJSON(const Value& v, TextDocumentItem& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("uri", out.uri) && o.mapOptional("languageId", out.languageId) &&
         o.mapOptional("version", out.version) && o.map("text", out.text);
}

bool fromJSON(const Value& v, TextDocumentIdentifier& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("uri", out.uri);
}

bool fromJSON(const Value& v, ContentChange& out, Path p) {
  ObjectMapper o(v, p);
  if (!o || !o.map("text", out.text)) return false;
  if (const Object* obj = v.getAsObject(); obj && obj->get("range")) {
    Range r;
    if (!fromJSON(*obj->get("range"), r, p.field("range"))) return false;
    out.range = r;
  }
  return true;
}

bool fromJSON(const Value& v, DidOpenParams& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("textDocument", out.textDocument);
}

bool fromJSON(const Value& v, DidChangeParams& out, Path p) {
  ObjectMapper o(v, p);
  if (!o || !o.map("contentChanges", out.changes)) return false;
  const Object* doc = v.getAsObject()->getObject("textDocument");
  if (!doc) {
    p.field("textDocument").report("expected object");
    return false;
  }
  ObjectMapper d(*v.getAsObject()->get("textDocument"), p.field("textDocument"));
  if (!d.map("uri", out.uri)) return false;
  if (auto ver = doc->getInteger("version")) out.version = *ver;
  return true;
}

bool fromJSON(const Value& v, DocumentParams& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("textDocument", out.textDocument);
}

bool fromJSON(const Value& v, PositionParams& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("textDocument", out.textDocument) && o.map("position", out.position);
}

bool fromJSON(const Value& v, ReferenceParams& out, Path p) {
  if (!fromJSON(v, static_cast<PositionParams&>(out), p)) return false;
  if (const Object* ctx = v.getAsObject()->getObject("context"))
    if (auto inc = ctx->getBoolean("includeDeclaration")) out.includeDeclaration = *inc;
  return true;
}

bool fromJSON(const Value& v, CodeActionParams& out, Path p) {
  ObjectMapper o(v, p);
  return o && o.map("textDocument", out.textDocument) && o.map("range", out.range);
}

Value toJSON(const LspDiagnostic& d) {
  Object o{{"range", toJSON(d.range)},
           {"severity", d.severity},
           {"source", "flytec"},
           {"message", d.message}};
  if (!d.code.empty()) o["code"] = d.code;
  if (!d.related.empty()) {
    Array rel;
    for (const DiagnosticRelatedInformation& r : d.related)
      rel.push_back(Object{{"location", toJSON(r.location)}, {"message", r.message}});
    o["relatedInformation"] = std::move(rel);
  }
  return o;
}

Value toJSON(const TextEdit& e) { return Object{{"range", toJSON(e.range)}, {"newText", e.newText}}; }

Value toJSON(const CodeAction& a) {
  Array edits;
  for (const TextEdit& e : a.edits) edits.push_back(toJSON(e));
  Object changes;
  changes[a.uri] = std::move(edits);
  Object o{{"title", a.title}, {"kind", "quickfix"}, {"edit", Object{{"changes", std::move(changes)}}}};
  if (a.diagnostic) o["diagnostics"] = Array{toJSON(*a.diagnostic)};
  if (a.preferred) o["isPreferred"] = true;
  return o;
}

Value toJSON(const DocumentSymbol& s) {
  Object o{{"name", s.name},
           {"kind", static_cast<int>(s.kind)},
           {"range", toJSON(s.range)},
           {"selectionRange", toJSON(s.selectionRange)}};
  if (!s.detail.empty()) o["detail"] = s.detail;
  if (!s.children.empty()) {
    Array children;
    children.reserve(s.children.size());  // a growing Array copies its elements
    for (const DocumentSymbol& c : s.children) children.push_back(toJSON(c));
    o["children"] = std::move(children);
  }
  return o;
}

Value toJSON(const CompletionItem& c) {
  Object o{{"label", c.label}, {"kind", static_cast<int>(c.kind)}};
  if (!c.detail.empty()) o["detail"] = c.detail;
  if (!c.documentation.empty())
    o["documentation"] = Object{{"kind", "markdown"}, {"value", c.documentation}};
  if (!c.insertText.empty()) o["insertText"] = c.insertText;
  o["insertTextFormat"] = c.snippet ? 2 : 1;
  if (!c.sortText.empty()) o["sortText"] = c.sortText;
  return o;
}

const std::vector<std::string>& semanticTokenTypes() {
  static const std::vector<std::string> kTypes = {
      "namespace", "type",     "struct",   "enum",    "enumMember", "parameter",
      "variable",  "property", "function", "keyword", "string",     "number"};
  return kTypes;
}

const std::vector<std::string>& semanticTokenModifiers() {
  static const std::vector<std::string> kMods = {"declaration", "defaultLibrary"};
  return kMods;
}

}  // namespace flytec::lsp
