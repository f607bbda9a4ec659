// The nesting limit (E0104), applied to the token stream before any parser
// sees it. Every later phase walks expressions recursively (ANTLR's parser,
// the AST builder, cloning, dumping, the checker, lowering, the LSP), and
// each level of those walks is a bracket or an operator of the source. So
// the counter charges one level for each of:
//   - an opening bracket, until its closing bracket;
//   - a prefix or binary operator (`-x`, `!x`, `a + b`) and a `.member`,
//     until the end of the expression they are in;
//   - a call or an index (`(` or `[` right after an operand): it wraps what
//     precedes it, so it stays charged after its `)` or `]` too.
// The end of an expression (`,`, `=`, `:`, `->`, `return`, `after`, `with`,
// `as`, or a name right after an operand, which starts the next statement)
// drops back to the level of the enclosing bracket; a declaration keyword
// drops to 0. The count is an upper bound of the depth of every tree built
// from the tokens, so bounding it bounds every recursion. It does not report
// anything: the lexer does, and stops there (lexer.cpp).
#pragma once

#include <vector>

namespace flytec {

class NestingCounter {
 public:
  /// Account for the next default-channel token of type `type`; false when
  /// it takes the nesting past kMaxNesting (lexer.h).
  bool admit(int type);
  /// The current level (0 at the top of a declaration).
  unsigned depth() const { return depth_; }

 private:
  unsigned floor() const { return open_.empty() ? 0 : open_.back() + 1; }

  unsigned depth_ = 0;
  std::vector<unsigned> open_;  ///< for each open bracket, the level before it
  bool afterOperand_ = false;   ///< the previous token ends an operand
};

}  // namespace flytec
