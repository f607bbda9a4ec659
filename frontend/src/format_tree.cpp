// Builds the formatter's FormatInput (format_tree.h) from the lexer's tokens:
// comments are attached by position (same line as the previous code token:
// trailing; otherwise own-line, before the next code token), and bracket
// pairs become groups whose kind comes from the token before the bracket.
// It relies on the file having parsed: brackets balance. No layout here.
#include "format_tree.h"

#include <algorithm>

#include "grammar/FlyteParser.h"

namespace flytec::fmtimpl {

namespace {

using P = grammar::FlyteParser;

bool isOpen(int t) { return t == P::LPAREN || t == P::LBRACK || t == P::LBRACE; }
bool isClose(int t) { return t == P::RPAREN || t == P::RBRACK || t == P::RBRACE; }

bool startsTopItem(int t) {
  switch (t) {
    case P::PACKAGE: case P::IMPORT: case P::ENUM: case P::STRUCT:
    case P::TASK: case P::WORKFLOW: case P::LAUNCHPLAN:
      return true;
    default:
      return false;
  }
}

/// After these an opening bracket starts an expression (a list or a dict),
/// never a type argument, an index or a block.
bool expressionContext(int t) {
  switch (t) {
    case P::ASSIGN: case P::LPAREN: case P::LBRACK: case P::LBRACE: case P::COMMA:
    case P::COLON: case P::RETURN: case P::PLUS: case P::MINUS: case P::STAR:
    case P::SLASH: case P::PERCENT: case P::BANG: case P::EQEQ: case P::NOTEQ:
    case P::LT: case P::GT: case P::LE: case P::GE: case P::ANDAND: case P::OROR:
      return true;
    default:
      return false;
  }
}

size_t newlinesBetween(std::string_view buf, uint32_t from, uint32_t to) {
  if (to <= from) return 0;
  return static_cast<size_t>(std::count(buf.begin() + from, buf.begin() + to, '\n'));
}

class TreeBuilder {
 public:
  explicit TreeBuilder(const std::vector<Token>& code) : code_(code) {}

  std::vector<Item> topItems() {
    std::vector<Item> items;
    while (pos_ < code_.size()) {
      if (startsTopItem(code_[pos_].type) || items.empty()) items.emplace_back();
      items.back().elems.push_back(elem(/*topLevel=*/true));
    }
    return items;
  }

 private:
  int typeAt(size_t i) const { return i < code_.size() ? code_[i].type : -1; }

  Elem elem(bool topLevel) {
    Elem e;
    if (isOpen(typeAt(pos_))) {
      e.group = group(topLevel);
    } else {
      e.tok = static_cast<uint32_t>(pos_++);
    }
    return e;
  }

  GroupKind kindAt(size_t open, bool topLevel) const {
    int t = typeAt(open);
    int prev = open > 0 ? typeAt(open - 1) : -1;
    if (t == P::LPAREN) return GroupKind::List;
    if (t == P::LBRACK)
      return (prev == P::ID || prev == P::RBRACK || prev == P::RPAREN || prev == P::NONE ||
              prev == P::QUESTION)
                 ? GroupKind::Tight
                 : GroupKind::List;
    if (expressionContext(prev)) return GroupKind::List;
    int prev2 = open > 1 ? typeAt(open - 2) : -1;
    if (prev == P::ID && (prev2 == P::STRUCT || prev2 == P::ENUM)) return GroupKind::List;
    return topLevel ? GroupKind::Body : GroupKind::Block;
  }

  bool statementStart(size_t i) const {
    int t = typeAt(i);
    if (t == P::RETURN) return true;
    return t == P::ID && (typeAt(i + 1) == P::ASSIGN || typeAt(i + 1) == P::LBRACE);
  }

  std::unique_ptr<Group> group(bool topLevel) {
    auto g = std::make_unique<Group>();
    g->open = static_cast<uint32_t>(pos_);
    g->kind = kindAt(pos_, topLevel);
    ++pos_;
    bool statements = g->kind == GroupKind::Block || g->kind == GroupKind::Body;
    bool needNew = true;
    while (pos_ < code_.size() && !isClose(typeAt(pos_))) {
      if (!statements && typeAt(pos_) == P::COMMA) {
        if (!g->items.empty() && g->items.back().comma == kNone) g->items.back().comma = static_cast<uint32_t>(pos_);
        ++pos_;
        needNew = true;
        continue;
      }
      if (needNew || (statements && statementStart(pos_))) g->items.emplace_back();
      needNew = false;
      g->items.back().elems.push_back(elem(/*topLevel=*/false));
    }
    g->close = static_cast<uint32_t>(pos_);
    if (pos_ < code_.size()) ++pos_;
    return g;
  }

  const std::vector<Token>& code_;
  size_t pos_ = 0;
};

}  // namespace

uint32_t Elem::first() const { return group ? group->open : tok; }
uint32_t Elem::last() const { return group ? group->close : tok; }

bool FormatInput::interiorComments(uint32_t a, uint32_t b) const {
  if (b <= a) return false;
  return prefBefore[b + 1] - prefBefore[a + 1] + prefAfter[b] - prefAfter[a] > 0;
}

FormatInput buildFormatInput(std::string_view buf, const std::vector<Token>& all) {
  FormatInput in;
  in.buf = buf;
  for (const Token& t : all)
    if (t.channel == kDefaultChannel) in.code.push_back(t);
  size_t n = in.code.size();
  in.before.assign(n + 1, {});
  in.after.assign(n, kNone);
  in.blankBefore.assign(n, false);

  uint32_t prevEnd = 0;
  bool prevIsCode = false, havePrev = false;
  size_t codeIdx = 0;
  for (const Token& t : all) {
    size_t gap = havePrev ? newlinesBetween(buf, prevEnd, t.begin) : 0;
    if (t.channel == kDefaultChannel) {
      in.blankBefore[codeIdx] = gap >= 2;
      ++codeIdx;
      prevIsCode = true;
    } else {
      uint32_t c = static_cast<uint32_t>(in.comments.size());
      in.comments.push_back(Comment{t, gap >= 2});
      if (havePrev && prevIsCode && gap == 0)
        in.after[codeIdx - 1] = c;
      else
        in.before[codeIdx].push_back(c);
      prevIsCode = false;
    }
    prevEnd = t.end;
    havePrev = true;
  }

  in.prefBefore.assign(n + 2, 0);
  in.prefAfter.assign(n + 1, 0);
  for (size_t i = 0; i <= n; ++i)
    in.prefBefore[i + 1] = in.prefBefore[i] + static_cast<uint32_t>(in.before[i].size());
  for (size_t i = 0; i < n; ++i)
    in.prefAfter[i + 1] = in.prefAfter[i] + (in.after[i] != kNone ? 1 : 0);

  in.topItems = TreeBuilder(in.code).topItems();
  return in;
}

}  // namespace flytec::fmtimpl
