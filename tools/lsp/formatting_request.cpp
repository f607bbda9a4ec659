// textDocument/formatting (formatting_request.h): find the open document,
// format it, convert the edits.
#include "formatting_request.h"

#include "analysis.h"
#include "formatting.h"
#include "lsp_server.h"
#include "uri.h"

namespace flytec::lsp {

llvm::json::Value onFormattingRequest(const DocumentStore& docs, const llvm::json::Value& params) {
  auto p = parseParams<DocumentParams>(params, "textDocument/formatting");
  std::optional<Document> doc = docs.get(normalizePath(uriToPath(p.textDocument.uri)));
  if (!doc) throw RpcError{ErrorCode::InvalidParams, "document is not open: " + p.textDocument.uri};
  std::optional<std::vector<TextEdit>> edits = formattingEdits(doc->path, doc->text);
  if (!edits) return nullptr;
  llvm::json::Array out;
  for (const TextEdit& e : *edits) out.push_back(toJSON(e));
  return out;
}

}  // namespace flytec::lsp
