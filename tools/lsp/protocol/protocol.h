// LSP structures the server reads and writes, each with `fromJSON` (for
// params; a missing or mistyped required field fails, which the server turns
// into InvalidParams) and/or `toJSON` (for results), in the style of clangd's
// Protocol.h. Positions here are LSP positions (UTF-16); converting from the
// front end's byte offsets happens in the server, never in the features.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llvm/Support/JSON.h"

namespace flytec::lsp {

using llvm::json::Path;
using llvm::json::Value;

/// JSON-RPC / LSP error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

struct Position {
  int line = 0;       ///< zero-based
  int character = 0;  ///< UTF-16 code units
};
bool fromJSON(const Value& v, Position& out, Path p);
Value toJSON(const Position& p);

struct Range {
  Position start, end;
};
bool fromJSON(const Value& v, Range& out, Path p);
Value toJSON(const Range& r);

struct Location {
  std::string uri;
  Range range;
};
Value toJSON(const Location& l);

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  int64_t version = 0;
  std::string text;
};
bool fromJSON(const Value& v, TextDocumentItem& out, Path p);

struct TextDocumentIdentifier {
  std::string uri;
};
bool fromJSON(const Value& v, TextDocumentIdentifier& out, Path p);

/// One `contentChanges` entry: a range edit (incremental) or the whole text.
struct ContentChange {
  std::optional<Range> range;
  std::string text;
};
bool fromJSON(const Value& v, ContentChange& out, Path p);

struct DidOpenParams {
  TextDocumentItem textDocument;
};
bool fromJSON(const Value& v, DidOpenParams& out, Path p);

struct DidChangeParams {
  std::string uri;
  std::optional<int64_t> version;
  std::vector<ContentChange> changes;
};
bool fromJSON(const Value& v, DidChangeParams& out, Path p);

struct DocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const Value& v, DocumentParams& out, Path p);

struct PositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
bool fromJSON(const Value& v, PositionParams& out, Path p);

struct ReferenceParams : PositionParams {
  bool includeDeclaration = true;
};
bool fromJSON(const Value& v, ReferenceParams& out, Path p);

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
};
bool fromJSON(const Value& v, CodeActionParams& out, Path p);

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};

/// An LSP diagnostic; `fixits` stays server-side (offered as code actions).
struct LspDiagnostic {
  Range range;
  int severity = 1;  ///< 1 error, 2 warning, 3 information
  std::string code;
  std::string message;
  std::vector<DiagnosticRelatedInformation> related;
};
Value toJSON(const LspDiagnostic& d);

struct TextEdit {
  Range range;
  std::string newText;
};
Value toJSON(const TextEdit& e);

/// A code action with one document's edits (`WorkspaceEdit.changes`).
struct CodeAction {
  std::string title;
  std::string uri;
  std::vector<TextEdit> edits;
  std::optional<LspDiagnostic> diagnostic;
  bool preferred = false;
};
Value toJSON(const CodeAction& a);

/// LSP SymbolKind values used here.
enum class SymbolKind : int {
  Module = 2, Namespace = 3, Class = 5, Property = 7, Field = 8, Enum = 10,
  Function = 12, Variable = 13, Constant = 14, EnumMember = 22, Struct = 23, Event = 24,
};

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::Variable;
  Range range, selectionRange;
  std::vector<DocumentSymbol> children;
};
Value toJSON(const DocumentSymbol& s);

/// LSP CompletionItemKind values used here.
enum class CompletionKind : int {
  Function = 3, Field = 5, Variable = 6, Module = 9, Property = 10, Keyword = 14,
  Snippet = 15, Struct = 22, Enum = 13, Event = 23,
};

struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::Variable;
  std::string detail;
  std::string documentation;
  std::string insertText;
  bool snippet = false;  ///< insertText uses `${1:x}` placeholders
  std::string sortText;
};
Value toJSON(const CompletionItem& c);

/// The semantic token legend the server announces, in this order.
const std::vector<std::string>& semanticTokenTypes();
const std::vector<std::string>& semanticTokenModifiers();

}  // namespace flytec::lsp
