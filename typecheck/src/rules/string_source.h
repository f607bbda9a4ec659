// Maps byte offsets in a string literal's decoded value back to the source,
// so a diagnostic about text inside a string (a placeholder in a script)
// points at the exact characters. Raw strings (`"""..."""`) map one to one;
// ordinary strings undo the escapes the lexer decodes (`\n \t \" \\ \u{...}`).
// It reads the source buffer through the literal's own pointers and never
// re-lexes anything else; when the mapping cannot be rebuilt it falls back to
// the literal's whole range.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "frontend/ast.h"

namespace flytec::tc {

class StringSource {
 public:
  explicit StringSource(const ast::StringExpr& s);
  /// Source range of the decoded bytes [begin, end).
  llvm::SMRange range(size_t begin, size_t end) const;
  /// The source text of the decoded bytes [begin, end) (escapes as written).
  std::string sourceText(size_t begin, size_t end) const;
  /// True when offsets map exactly (false: every range is the whole literal).
  bool exact() const { return !ptrs_.empty(); }
  const ast::StringExpr& literal() const { return lit_; }

 private:
  const ast::StringExpr& lit_;
  std::vector<const char*> ptrs_;  ///< source pointer of each decoded byte, plus the end
};

}  // namespace flytec::tc
