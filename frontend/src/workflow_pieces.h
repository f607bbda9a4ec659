// Where a workflow's statements begin, from its tokens alone, so that a long
// workflow can be parsed one statement at a time (grammar/Flyte.g4:
// workflowHead, nodePiece, returnPiece). A 1,000-node workflow is one item;
// parsed whole, its parse tree (about 3 MB, ANTLR allocates a context per
// rule and a node per token) is alive at once and every page of it is a
// fresh page fault. Parsed in pieces, each piece's tree is freed as soon as
// its AST is built and the next piece reuses the memory.
//
// The split is a guess that the parse confirms: a node starts at `ID =` and
// `return` starts the return statement, both at the body's own nesting
// depth (nothing else in a body can: arguments, blocks and literals are
// nested). When a piece does not parse, the caller parses the whole item as
// usual, so error recovery and diagnostics never see pieces.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "frontend/token.h"

namespace flytec {

/// Token indexes (into the lexed file) of one workflow item's pieces.
struct WorkflowPieces {
  size_t headEnd = 0;          ///< one past the body's `{`: the head is [item begin, headEnd)
  std::vector<size_t> nodes;   ///< where each node starts; node k ends where the next piece starts
  size_t returnBegin = 0;      ///< `return`, or closeBrace when the workflow has none
  size_t closeBrace = 0;       ///< the body's `}`, the item's last default-channel token

  /// Where node `k` ends (one past its last token).
  size_t nodeEnd(size_t k) const { return k + 1 < nodes.size() ? nodes[k + 1] : returnBegin; }
};

/// The pieces of the item in tokens `[begin, end)`, or none when it is not a
/// workflow whose body is a plain run of nodes and at most one `return` at
/// the end, closed by the item's last token (then it is parsed whole).
std::optional<WorkflowPieces> splitWorkflow(const std::vector<Token>& tokens, size_t begin, size_t end);

}  // namespace flytec
