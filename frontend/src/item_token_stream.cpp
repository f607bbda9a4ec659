// See item_token_stream.h. Semantics follow antlr4::BufferedTokenStream for a
// stream that is already filled: LT(k) past the end is EOF, LT(-k) looks
// back, consuming EOF is an error.
#include "item_token_stream.h"

#include <fmt/format.h>

namespace flytec {

std::string ViewToken::getText() const {
  if (type_ == antlr4::Token::EOF) return "<EOF>";
  return std::string(base_ + start_, stop_ + 1 - start_);
}

std::string ViewToken::toString() const {
  return fmt::format("[@{},{}:{}='{}',<{}>]", index_, start_, stop_, getText(), type_);
}

ItemTokenStream::ItemTokenStream(std::string_view buffer, const std::vector<Token>& tokens,
                                 size_t begin, size_t end, size_t eofOffset) {
  tokens_.reserve(end - begin + 1);
  for (size_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    if (t.channel != kDefaultChannel) continue;
    tokens_.emplace_back(buffer.data(), t.type, t.begin, size_t(t.end) - 1, tokens_.size());
  }
  // EOF is empty: stop = start - 1, as ANTLR makes it (wraps at offset 0,
  // which no reader of an EOF token's stop index relies on).
  tokens_.emplace_back(buffer.data(), antlr4::Token::EOF, eofOffset, eofOffset - 1, tokens_.size());
}

antlr4::Token* ItemTokenStream::LT(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    if (static_cast<size_t>(-k) > pos_) return nullptr;
    return &tokens_[pos_ + k];
  }
  size_t i = pos_ + static_cast<size_t>(k) - 1;
  return &tokens_[std::min(i, tokens_.size() - 1)];
}

antlr4::Token* ItemTokenStream::get(size_t index) const {
  if (index >= tokens_.size())
    throw antlr4::IndexOutOfBoundsException("token index " + std::to_string(index) + " out of range");
  return const_cast<ViewToken*>(&tokens_[index]);
}

size_t ItemTokenStream::LA(ssize_t i) {
  antlr4::Token* t = LT(i);
  return t ? t->getType() : antlr4::Token::INVALID_TYPE;
}

void ItemTokenStream::consume() {
  if (tokens_[pos_].getType() == antlr4::Token::EOF) throw antlr4::IllegalStateException("cannot consume EOF");
  ++pos_;
}

std::string ItemTokenStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < 0) return {};
  std::string out;
  size_t stop = std::min(static_cast<size_t>(interval.b), tokens_.size() - 1);
  for (size_t i = static_cast<size_t>(interval.a); i <= stop; ++i) {
    if (tokens_[i].getType() == antlr4::Token::EOF) break;
    out += tokens_[i].getText();
  }
  return out;
}

std::string ItemTokenStream::getText() {
  return getText(antlr4::misc::Interval(size_t(0), tokens_.size() - 1));
}

std::string ItemTokenStream::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string ItemTokenStream::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop) return {};
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

}  // namespace flytec
