// Completion at a byte offset. The context comes from the text before the
// cursor (the declaration being typed rarely parses), the candidates from
// the SemanticModel of the last snapshot:
//   - in a workflow: nodes, inputs, tasks/workflows/launch plans, import
//     aliases, and `map(`/`partial(` snippets;
//   - inside `f(` / `map(f)(` / `partial(f, `: the inputs of `f` not yet
//     given, as `name = ` with their types;
//   - after `node.` the node's outputs, after `alias.` the imported entities;
//   - at the start of a line in a task body: the task fields (§6); inside
//     `requests = {` / `limits = {`: the resource keys.
// LSP-unaware; the server converts the items.
#pragma once

#include <string>
#include <vector>

#include "analysis.h"

namespace flytec::lsp {

struct Completion {
  enum Kind { Entity, Struct, Node, Input, Argument, Field, ResourceKey, Snippet, Module, Output } kind;
  std::string label;
  std::string detail;         ///< type or signature
  std::string documentation;  ///< Markdown
  std::string insertText;     ///< empty: the label
  bool snippet = false;       ///< insertText has `${1:x}` placeholders
};

/// Candidates at `offset` of `text` (the current document text, possibly
/// newer than the snapshot `a`, which supplies the names).
std::vector<Completion> complete(const Analysis& a, std::string_view text, size_t offset);

}  // namespace flytec::lsp
