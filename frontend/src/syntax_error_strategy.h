// Turns ANTLR's syntax errors into E0102/E0103 diagnostics a person can read:
// "expected `)` to close the call to `square`, found `x`" with a note at the
// opening bracket, and "expected an expression" instead of token-set dumps.
// Recovery stays ANTLR's (single-token insertion/deletion, then resync); one
// error is reported per item once the parser has given up on it.
#pragma once

#include <string_view>
#include <vector>

#include "antlr4-runtime.h"
#include "diagnostics/diagnostic_engine.h"
#include "frontend/token.h"

namespace flytec {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  /// `tokens` is the lexer's vector (default channel only is used), `item` the
  /// first token index of the item being parsed, `endDescription` what
  /// follows the item ("the end of the file" or "`task`"); `quiet` reports
  /// nothing (the item already has a lexical error).
  SyntaxErrorStrategy(std::string_view buffer, const char* base, const std::vector<Token>& tokens,
                      size_t itemBegin, DiagnosticEngine& diags, std::string endDescription, bool quiet)
      : buffer_(buffer), base_(base), tokens_(tokens), itemBegin_(itemBegin), diags_(diags),
        endDescription_(std::move(endDescription)), reported_(quiet ? 1 : 0) {}

  unsigned errorsReported() const { return reported_; }

 protected:
  void reportNoViableAlternative(antlr4::Parser* p, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* p, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* p, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* p) override;
  void reportMissingToken(antlr4::Parser* p) override;
  /// ANTLR's version dereferences the token's source, which our tokens (made
  /// by the hand-written lexer) do not have.
  antlr4::Token* getMissingSymbol(antlr4::Parser* p) override;

 private:
  void report(antlr4::Parser* p, antlr4::Token* offending, const antlr4::misc::IntervalSet& expected);
  std::string describeExpected(antlr4::Parser* p, const antlr4::misc::IntervalSet& expected) const;
  std::string describeFound(antlr4::Token* t) const;
  llvm::SMRange rangeOf(antlr4::Token* t) const;

  std::string_view buffer_;
  const char* base_;
  const std::vector<Token>& tokens_;
  size_t itemBegin_;
  DiagnosticEngine& diags_;
  std::string endDescription_;
  unsigned reported_ = 0;
  std::vector<std::unique_ptr<antlr4::Token>> conjured_;
};

}  // namespace flytec
