// The tokens of one top-level item as ANTLR sees them: an antlr4::TokenStream
// over one contiguous array of small tokens that point into the source
// buffer. Replaces ListTokenSource + CommonTokenStream, which allocate one
// CommonToken (with a copy of its text) per token and a second buffer of
// owning pointers; here an item costs one allocation and text is made only
// when someone asks for it (the AST builder, for names and literals).
// Only default-channel tokens are included (comments never reach the parser),
// followed by EOF. It does not lex: the hand-written lexer did that.
#pragma once

#include <string_view>
#include <vector>

#include "antlr4-runtime.h"
#include "frontend/token.h"

namespace flytec {

/// A token that is a view into the buffer. Read-only: the parser never
/// rewrites tokens (the error strategy makes its own for missing ones).
class ViewToken final : public antlr4::Token {
 public:
  ViewToken(const char* base, size_t type, size_t start, size_t stop, size_t index)
      : base_(base), type_(type), start_(start), stop_(stop), index_(index) {}

  std::string getText() const override;
  size_t getType() const override { return type_; }
  size_t getLine() const override { return 0; }  // ranges come from offsets, never lines
  size_t getCharPositionInLine() const override { return 0; }
  size_t getChannel() const override { return antlr4::Token::DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  size_t getStopIndex() const override { return stop_; }
  antlr4::TokenSource* getTokenSource() const override { return nullptr; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override;

 private:
  const char* base_;
  size_t type_, start_, stop_, index_;
};

class ItemTokenStream final : public antlr4::TokenStream {
 public:
  /// The default-channel tokens of `tokens[begin, end)`, then EOF at
  /// `eofOffset` (where the next item starts, or the end of the buffer).
  ItemTokenStream(std::string_view buffer, const std::vector<Token>& tokens, size_t begin,
                  size_t end, size_t eofOffset);

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(size_t index) const override;
  antlr4::TokenSource* getTokenSource() const override { return nullptr; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override { pos_ = std::min(index, tokens_.size() - 1); }
  size_t size() override { return tokens_.size(); }
  std::string getSourceName() const override { return {}; }

 private:
  std::vector<ViewToken> tokens_;  ///< never empty: ends with EOF
  size_t pos_ = 0;
};

}  // namespace flytec
