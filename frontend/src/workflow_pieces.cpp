// See workflow_pieces.h.
#include "workflow_pieces.h"

#include "grammar/FlyteParser.h"

namespace flytec {

using P = grammar::FlyteParser;

std::optional<WorkflowPieces> splitWorkflow(const std::vector<Token>& tokens, size_t begin, size_t end) {
  // The default-channel token after `i` in the item, or `end`.
  auto next = [&](size_t i) {
    for (++i; i < end && tokens[i].channel != kDefaultChannel; ++i) {}
    return i;
  };
  size_t i = begin;
  if (i < end && tokens[i].channel != kDefaultChannel) i = next(i);
  if (i >= end || tokens[i].type != P::WORKFLOW) return std::nullopt;

  WorkflowPieces w;
  int depth = 0;  // brackets of all three kinds; the body's `{` makes it 1
  bool inBody = false, closed = false, afterReturn = false;
  for (; i < end; i = next(i)) {
    if (closed) return std::nullopt;  // tokens after the body's `}`
    const Token& t = tokens[i];
    if (inBody && depth == 1) {
      if (t.type == P::RETURN) {
        if (afterReturn) return std::nullopt;
        afterReturn = true;
        w.returnBegin = i;
      } else if (t.type == P::ID) {
        size_t n = next(i);
        if (n < end && tokens[n].type == P::ASSIGN) {
          if (afterReturn) return std::nullopt;
          w.nodes.push_back(i);
        }
      } else if (w.nodes.empty() && !afterReturn && t.type != P::RBRACE) {
        return std::nullopt;  // the body starts with something that is not a statement
      }
    }
    switch (t.type) {
      case P::LPAREN: case P::LBRACK: ++depth; break;
      case P::LBRACE:
        if (!inBody && depth == 0) {
          inBody = true;
          w.headEnd = i + 1;
        }
        ++depth;
        break;
      case P::RPAREN: case P::RBRACK: case P::RBRACE:
        if (--depth < 0) return std::nullopt;
        if (inBody && depth == 0) {
          closed = true;
          w.closeBrace = i;
        }
        break;
      default: break;
    }
  }
  if (!closed) return std::nullopt;
  if (!afterReturn) w.returnBegin = w.closeBrace;
  return w;
}

}  // namespace flytec
