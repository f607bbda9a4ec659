// The textDocument/formatting handler: the open document's text through
// formattingEdits (features/formatting.h), answered as LSP TextEdits.
#pragma once

#include "document_store.h"
#include "llvm/Support/JSON.h"

namespace flytec::lsp {

/// `params` are DocumentFormattingParams. Throws RpcError (InvalidParams)
/// for bad params or a document that is not open.
llvm::json::Value onFormattingRequest(const DocumentStore& docs, const llvm::json::Value& params);

}  // namespace flytec::lsp
