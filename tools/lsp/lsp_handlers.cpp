// The feature handlers of LspServer: parse params, find the snapshot, call
// the LSP-unaware feature (hover.h, xrefs.h, completion.h, ...) with byte
// offsets, convert its answer to LSP JSON. No feature logic lives here.
#include <fmt/format.h>

#include "code_actions.h"
#include "completion.h"
#include "converters.h"
#include "document_symbols.h"
#include "hover.h"
#include "lsp_server.h"
#include "semantic_tokens.h"
#include "xrefs.h"

namespace flytec::lsp {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

Array locations(Converter& conv, const std::vector<llvm::SMRange>& ranges) {
  Array out;
  for (llvm::SMRange r : ranges) {
    Location loc;
    if (conv.location(r, loc)) out.push_back(toJSON(loc));
  }
  return out;
}

SymbolKind symbolKind(OutlineItem::Kind k) {
  switch (k) {
    case OutlineItem::Task: return SymbolKind::Function;
    case OutlineItem::Workflow: return SymbolKind::Module;
    case OutlineItem::LaunchPlan: return SymbolKind::Event;
    case OutlineItem::Struct: return SymbolKind::Struct;
    case OutlineItem::Enum: return SymbolKind::Enum;
    case OutlineItem::EnumMember: return SymbolKind::EnumMember;
    case OutlineItem::Input:
    case OutlineItem::Output: return SymbolKind::Variable;
    case OutlineItem::Field: return SymbolKind::Field;
    case OutlineItem::Node: return SymbolKind::Constant;
  }
  return SymbolKind::Variable;
}

DocumentSymbol documentSymbol(const Analysis& a, Converter& conv, const OutlineItem& item) {
  DocumentSymbol s;
  s.name = item.name;
  s.detail = item.detail;
  s.kind = symbolKind(item.kind);
  s.range = conv.range(a.offsetOf(item.range.Start), a.offsetOf(item.range.End));
  s.selectionRange = conv.range(a.offsetOf(item.nameRange.Start), a.offsetOf(item.nameRange.End));
  for (const OutlineItem& c : item.children) s.children.push_back(documentSymbol(a, conv, c));
  return s;
}

CompletionKind completionKind(Completion::Kind k) {
  switch (k) {
    case Completion::Entity: return CompletionKind::Function;
    case Completion::Struct: return CompletionKind::Struct;
    case Completion::Node: return CompletionKind::Variable;
    case Completion::Input: return CompletionKind::Variable;
    case Completion::Argument: return CompletionKind::Field;
    case Completion::Field: return CompletionKind::Property;
    case Completion::ResourceKey: return CompletionKind::Property;
    case Completion::Snippet: return CompletionKind::Snippet;
    case Completion::Module: return CompletionKind::Module;
    case Completion::Output: return CompletionKind::Field;
  }
  return CompletionKind::Variable;
}

}  // namespace

Value LspServer::onHover(const Value& params) {
  auto p = parseParams<PositionParams>(params, "textDocument/hover");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  std::optional<HoverResult> h = hover(*a, conv.offset(p.position));
  if (!h) return nullptr;
  return Object{{"contents", Object{{"kind", "markdown"}, {"value", h->markdown}}},
                {"range", toJSON(conv.range(a->offsetOf(h->range.Start), a->offsetOf(h->range.End)))}};
}

Value LspServer::onDefinition(const Value& params) {
  auto p = parseParams<PositionParams>(params, "textDocument/definition");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  return locations(conv, definition(*a, conv.offset(p.position)));
}

Value LspServer::onReferences(const Value& params) {
  auto p = parseParams<ReferenceParams>(params, "textDocument/references");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  return locations(conv, references(*a, conv.offset(p.position), p.includeDeclaration));
}

Value LspServer::onCompletion(const Value& params) {
  auto p = parseParams<PositionParams>(params, "textDocument/completion");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  Array items;
  unsigned n = 0;
  for (const Completion& c : complete(*a, a->text(), conv.offset(p.position))) {
    CompletionItem item;
    item.label = c.label;
    item.kind = completionKind(c.kind);
    item.detail = c.detail;
    item.documentation = c.documentation;
    item.insertText = c.insertText;
    item.snippet = c.snippet;
    item.sortText = fmt::format("{:04}", n++);  // keep the feature's order (arguments first)
    items.push_back(toJSON(item));
  }
  return Object{{"isIncomplete", false}, {"items", std::move(items)}};
}

Value LspServer::onDocumentSymbol(const Value& params) {
  auto p = parseParams<DocumentParams>(params, "textDocument/documentSymbol");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  std::vector<OutlineItem> items = documentOutline(*a);
  // Reserved: llvm::json::Value's move may throw, so a growing Array copies
  // every symbol tree it holds (that was most of this request's time).
  Array out;
  out.reserve(items.size());
  for (const OutlineItem& item : items) out.push_back(toJSON(documentSymbol(*a, conv, item)));
  return out;
}

Value LspServer::onCodeAction(const Value& params) {
  auto p = parseParams<CodeActionParams>(params, "textDocument/codeAction");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  Array out;
  for (const QuickFix& fix : quickFixes(*a, conv.offset(p.range.start), conv.offset(p.range.end))) {
    CodeAction action;
    action.title = fix.title;
    action.uri = p.textDocument.uri;
    action.edits.push_back({conv.range(a->offsetOf(fix.fixit->range.Start), a->offsetOf(fix.fixit->range.End)),
                            fix.fixit->replacement});
    action.diagnostic = conv.diagnostic(*fix.diagnostic);
    action.preferred = fix.fixit->certain;
    out.push_back(toJSON(action));
  }
  return out;
}

Value LspServer::onSemanticTokens(const Value& params) {
  auto p = parseParams<DocumentParams>(params, "textDocument/semanticTokens/full");
  auto a = current(p.textDocument.uri);
  Converter conv(*a);
  Array data;
  Position prev;
  for (const SemanticToken& t : semanticTokens(*a)) {
    Position start = conv.position(t.begin);
    Position end = conv.position(t.end);
    int deltaLine = start.line - prev.line;
    int deltaStart = deltaLine == 0 ? start.character - prev.character : start.character;
    for (int v : {deltaLine, deltaStart, end.character - start.character, static_cast<int>(t.type),
                  static_cast<int>(t.modifiers)})
      data.push_back(v);
    prev = start;
  }
  return Object{{"data", std::move(data)}};
}

}  // namespace flytec::lsp
