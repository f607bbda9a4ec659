// The formatter's layout engine: see format_printer.h for what it decides and
// docs/formatting.md for the layout itself. One Printer writes the output;
// short-lived "scratch" printers with comments switched off measure how wide
// a group or statement is when printed flat. Every decision depends only on
// the tokens, the comments' positions and the blank lines, all of which the
// output preserves, so printing the output again gives the same bytes.
#include "format_printer.h"

#include <algorithm>

#include "grammar/FlyteParser.h"

namespace flytec::fmtimpl {

namespace {

using P = grammar::FlyteParser;

constexpr int kInf = 1 << 28;

size_t utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool isOperator(int t) {
  switch (t) {
    case P::PLUS: case P::MINUS: case P::STAR: case P::SLASH: case P::PERCENT: case P::BANG:
    case P::EQEQ: case P::NOTEQ: case P::LT: case P::GT: case P::LE: case P::GE:
    case P::ANDAND: case P::OROR:
      return true;
    default:
      return false;
  }
}

class Printer {
 public:
  Printer(FormatInput& in, const LayoutOptions& opts, bool scratch)
      : in_(in), opts_(opts), scratch_(scratch) {
    if (!scratch_) leadingDone_.assign(in_.code.size() + 1, false);
  }

  std::string file() {
    std::vector<Item>& items = in_.topItems;
    for (size_t k = 0; k < items.size(); ++k) {
      if (k > 0) {
        breakLine(0);
        bool bothImports = in_.code[items[k - 1].first()].type == P::IMPORT &&
                           in_.code[items[k].first()].type == P::IMPORT;
        if (!bothImports || blankBeforeItem(items[k])) blankLine();
      }
      leading(items[k].first(), 0, /*allowBlank=*/false);
      seq(items[k].elems, 0, 0, 0, false);
    }
    // Comments after the last declaration.
    for (uint32_t c : in_.before[in_.code.size()]) {
      breakLine(0);
      if (in_.comments[c].blankBefore && !out_.empty()) blankLine();
      write(commentText(c));
    }
    if (!lineEmpty_) out_ += '\n';
    alignTrailingComments();
    return std::move(out_);
  }

  /// Width of `g` printed flat, kInf when it cannot be (comments, newlines).
  int groupWidth(Group& g) {
    if (g.flatWidth >= 0) return g.flatWidth;
    if (in_.interiorComments(g.open, g.close) || g.kind == GroupKind::Body) return g.flatWidth = kInf;
    if (g.kind == GroupKind::Block)  // only a block of plain `key = value` fields goes on one line
      for (const Item& item : g.items)
        for (const Elem& e : item.elems)
          if (e.group && e.group->kind == GroupKind::Block) return g.flatWidth = kInf;
    Printer s(in_, opts_, true);
    s.flat(g, false);
    return g.flatWidth = s.multiline_ ? kInf : static_cast<int>(s.col_);
  }

  /// Width of elems[from..] printed flat.
  int seqWidth(std::vector<Elem>& elems, size_t from) {
    if (in_.interiorComments(elems[from].first(), elems.back().last())) return kInf;
    Printer s(in_, opts_, true);
    for (size_t k = from; k < elems.size(); ++k) s.flatElem(elems[k], false);
    return s.multiline_ ? kInf : static_cast<int>(s.col_);
  }

 private:
  // ------------------------------------------------------------ output

  void write(std::string_view s) {
    if (lineEmpty_) {
      out_.append(static_cast<size_t>(pendingIndent_), ' ');
      col_ = pendingIndent_;
      lineIndent_ = pendingIndent_;
      lineEmpty_ = false;
    }
    out_ += s;
    size_t nl = s.rfind('\n');
    if (nl == std::string_view::npos) {
      col_ += static_cast<int>(utf8Length(s));
    } else {
      col_ = static_cast<int>(utf8Length(s.substr(nl + 1)));
      line_ += static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
      lineIndent_ = -1;  // a line that began inside a token: never aligned
      multiline_ = true;
    }
  }
  void breakLine(int indent) {
    if (!lineEmpty_) {
      out_ += '\n';
      ++line_;
      multiline_ = true;
    }
    lineEmpty_ = true;
    pendingIndent_ = indent;
    col_ = 0;
    pendingBreak_ = false;
  }
  void blankLine() {
    if (!out_.empty() && !(out_.size() >= 2 && out_.compare(out_.size() - 2, 2, "\n\n") == 0)) {
      out_ += '\n';
      ++line_;
    }
  }
  int column() const { return pendingBreak_ ? cont_ : lineEmpty_ ? pendingIndent_ : col_; }

  std::string_view commentText(uint32_t c) const { return in_.comments[c].tok.text(in_.buf); }
  std::string_view tokText(uint32_t i) const { return in_.code[i].text(in_.buf); }

  bool blankBeforeItem(const Item& item) const {
    const auto& cs = in_.before[item.first()];
    return cs.empty() ? in_.blankBefore[item.first()] : in_.comments[cs.front()].blankBefore;
  }

  /// Whether code[i] is separated from code[i-1] by a space on one line.
  bool needsSpace(uint32_t i) const {
    if (i == 0) return false;
    int a = in_.code[i - 1].type, b = in_.code[i].type;
    if (b == P::RBRACE) return a != P::LBRACE;
    if (a == P::LBRACE) return true;
    if (b == P::RPAREN || b == P::RBRACK || b == P::COMMA || b == P::DOT || b == P::QUESTION ||
        b == P::COLON)
      return false;
    if (a == P::LPAREN || a == P::LBRACK || a == P::DOT) return false;
    if (b == P::LPAREN)
      return !(a == P::ID || a == P::RPAREN || a == P::RBRACK || a == P::MAP || a == P::PARTIAL);
    if (b == P::LBRACK) return !(a == P::ID || a == P::RPAREN || a == P::RBRACK || a == P::NONE || a == P::QUESTION);
    if ((a == P::MINUS || a == P::PLUS || a == P::BANG) && i >= 2) {
      int before = in_.code[i - 2].type;  // unary when an operand cannot precede it
      if (isOperator(before) || before == P::ASSIGN || before == P::LPAREN || before == P::LBRACK ||
          before == P::COMMA || before == P::COLON || before == P::LBRACE || before == P::RETURN)
        return false;
    }
    return true;
  }

  // ------------------------------------------------------------ tokens and comments

  void tok(uint32_t i, bool deferTrailing) {
    if (!scratch_ && !leadingDone_[i]) {
      for (uint32_t c : in_.before[i]) {  // an own-line comment inside a statement
        if (!lineEmpty_) breakLine(cont_);
        write(commentText(c));
        breakLine(cont_);
      }
    }
    if (pendingBreak_) breakLine(cont_);
    if (!lineEmpty_ && needsSpace(i)) write(" ");
    write(tokText(i));
    if (scratch_ || in_.after[i] == kNone) return;
    if (deferTrailing) {
      deferred_ = in_.after[i];
    } else {
      trailing(in_.after[i]);
    }
  }
  void flushDeferred() {
    if (deferred_ == kNone) return;
    trailing(deferred_);
    deferred_ = kNone;
  }
  void trailing(uint32_t c) {
    marks_.push_back({line_, out_.size(), col_, lineIndent_});
    write("  ");
    write(commentText(c));
    pendingBreak_ = true;
  }

  /// Trailing comments on consecutive lines of the same indentation start
  /// in one column, two spaces after the longest code among them.
  void alignTrailingComments() {
    std::vector<int> target(marks_.size());
    for (size_t j = 0; j < marks_.size();) {
      size_t end = j + 1;
      while (end < marks_.size() && marks_[end].line == marks_[end - 1].line + 1 &&
             marks_[end].indent == marks_[j].indent && marks_[j].indent >= 0)
        ++end;
      int widest = 0;
      for (size_t m = j; m < end; ++m) widest = std::max(widest, marks_[m].col);
      for (size_t m = j; m < end; ++m) target[m] = widest;
      j = end;
    }
    std::string aligned;
    aligned.reserve(out_.size() + marks_.size() * 8);
    size_t from = 0;
    for (size_t m = 0; m < marks_.size(); ++m) {
      aligned.append(out_, from, marks_[m].offset - from);
      aligned.append(static_cast<size_t>(target[m] - marks_[m].col), ' ');
      from = marks_[m].offset;
    }
    aligned.append(out_, from, std::string::npos);
    out_ = std::move(aligned);
  }

  /// Own-line comments before code[i], each on its own line at `indent`,
  /// with single empty lines kept; leaves the output at a fresh line.
  void leading(uint32_t i, int indent, bool allowBlank) {
    const auto& cs = in_.before[i];
    for (size_t k = 0; k < cs.size(); ++k) {
      breakLine(indent);
      if (in_.comments[cs[k]].blankBefore && (allowBlank || k > 0)) blankLine();
      write(commentText(cs[k]));
    }
    breakLine(indent);
    if (in_.blankBefore[i] && (allowBlank || !cs.empty())) blankLine();
    leadingDone_[i] = true;
  }

  // ------------------------------------------------------------ flat printing

  void flatElem(Elem& e, bool deferLast) {
    if (e.group && scratch_ && groupWidth(*e.group) >= kInf) multiline_ = true;  // it will break
    if (e.group) flat(*e.group, deferLast);
    else tok(e.tok, deferLast);
  }
  void flat(Group& g, bool deferLast) {
    tok(g.open, false);
    bool statements = g.kind == GroupKind::Block || g.kind == GroupKind::Body;
    for (size_t j = 0; j < g.items.size(); ++j) {
      if (j > 0) {
        if (statements) write(" ");
        else tok(g.items[j - 1].comma, false);
      }
      for (Elem& e : g.items[j].elems) flatElem(e, false);
    }
    tok(g.close, deferLast);
  }

  // ------------------------------------------------------------ broken printing

  static bool hasItemsOrComments(const FormatInput& in, const Group& g) {
    return !g.items.empty() || in.interiorComments(g.open, g.close);
  }
  bool breakable(const Group& g) const { return g.kind != GroupKind::Tight && hasItemsOrComments(in_, g); }

  /// Whether group elems[k] fits flat on the current line together with
  /// everything after it in the statement, so the first group that cannot
  /// is the one broken (a long signature breaks its parameters, not its
  /// outputs); a body or a group that must break counts only its bracket.
  bool fits(std::vector<Elem>& elems, size_t k, int tailExtra) {
    Group& g = *elems[k].group;
    int w = groupWidth(g);
    if (w >= kInf) return false;
    w += column() + (!lineEmpty_ && needsSpace(g.open) ? 1 : 0);
    size_t j = k + 1;
    for (; j < elems.size(); ++j) {
      Elem& e = elems[j];
      w += needsSpace(e.first()) ? 1 : 0;
      if (e.group && (e.group->kind == GroupKind::Body || groupWidth(*e.group) >= kInf)) {
        w += 1;  // a group that breaks anyway: only its bracket stays on this line
        break;
      }
      w += e.group ? groupWidth(*e.group) : static_cast<int>(utf8Length(tokText(e.tok)));
    }
    if (j >= elems.size()) w += tailExtra;
    return w <= opts_.lineWidth;
  }

  void seq(std::vector<Elem>& elems, size_t from, int indent, int tailExtra, bool deferLast) {
    int savedCont = cont_;
    cont_ = indent + opts_.indentWidth;
    for (size_t k = from; k < elems.size(); ++k) {
      bool defer = deferLast && k + 1 == elems.size();
      if (!elems[k].group) {
        tok(elems[k].tok, defer);
        continue;
      }
      Group& g = *elems[k].group;
      bool breakIt = breakable(g) && (g.kind == GroupKind::Body || !fits(elems, k, tailExtra));
      if (breakIt) broken(g, indent, defer);
      else flat(g, defer);
    }
    cont_ = savedCont;
  }

  void broken(Group& g, int indent, bool deferLast) {
    int inner = indent + opts_.indentWidth;
    tok(g.open, false);
    if (g.kind == GroupKind::Block || g.kind == GroupKind::Body) {
      std::vector<int> pads = alignment(g, inner);
      for (size_t j = 0; j < g.items.size(); ++j) {
        Item& item = g.items[j];
        leading(item.first(), inner, j > 0);
        uint32_t key = item.elems[0].tok;
        size_t from = 0;
        if (pads[j] > 0) {
          tok(key, false);
          int keyWidth = static_cast<int>(utf8Length(tokText(key)));
          if (pads[j] > keyWidth) write(std::string(static_cast<size_t>(pads[j] - keyWidth), ' '));
          from = 1;
        }
        seq(item.elems, from, inner, 0, false);
      }
    } else {
      bool trailingComma = g.kind != GroupKind::Tight;
      for (size_t j = 0; j < g.items.size(); ++j) {
        Item& item = g.items[j];
        leading(item.first(), inner, j > 0);
        bool synthesize = item.comma == kNone && trailingComma;
        seq(item.elems, 0, inner, 1, synthesize);
        if (item.comma != kNone) {
          tok(item.comma, false);
        } else if (synthesize) {
          write(",");
          flushDeferred();
        }
      }
    }
    // Own-line comments after the last item stay inside the brackets.
    const auto& dangling = in_.before[g.close];
    for (size_t k = 0; k < dangling.size(); ++k) {
      breakLine(inner);
      if (in_.comments[dangling[k]].blankBefore && (k > 0 || !g.items.empty())) blankLine();
      write(commentText(dangling[k]));
    }
    leadingDone_[g.close] = true;
    breakLine(indent);
    tok(g.close, deferLast);
  }

  /// Width to pad each statement's key to (0: not aligned). Runs of
  /// consecutive one-line `key = ...` / `key { ... }` statements with no
  /// empty line between them share the widest key. A statement that no
  /// longer fits on one line once padded leaves the run for good, so this
  /// settles after at most one pass per statement.
  std::vector<int> alignment(Group& g, int indent) {
    size_t n = g.items.size();
    std::vector<int> keyWidth(n, -1), pads(n, 0);
    std::vector<bool> multi(n, false);
    for (size_t j = 0; j < n; ++j) {
      auto& el = g.items[j].elems;
      if (el.size() < 2 || el[0].group || in_.code[el[0].tok].type != P::ID) continue;
      bool assign = !el[1].group && in_.code[el[1].tok].type == P::ASSIGN;
      bool block = el[1].group && el[1].group->kind == GroupKind::Block;
      if (assign || block) keyWidth[j] = static_cast<int>(utf8Length(tokText(el[0].tok)));
    }
    for (size_t round = 0; round <= n; ++round) {
      std::fill(pads.begin(), pads.end(), 0);
      for (size_t j = 0; j < n;) {
        if (keyWidth[j] < 0 || multi[j]) { ++j; continue; }
        size_t end = j + 1;
        while (end < n && keyWidth[end] >= 0 && !multi[end] && !blankBeforeItem(g.items[end])) ++end;
        int widest = 0;
        for (size_t m = j; m < end; ++m) widest = std::max(widest, keyWidth[m]);
        for (size_t m = j; m < end; ++m) pads[m] = widest;
        j = end;
      }
      bool changed = false;
      for (size_t j = 0; j < n; ++j) {
        if (keyWidth[j] < 0 || multi[j]) continue;
        if (!oneLine(g.items[j], indent + pads[j] - keyWidth[j])) {
          multi[j] = true;
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (size_t j = 0; j < n; ++j)
      if (keyWidth[j] < 0 || multi[j]) pads[j] = 0;
    return pads;
  }

  /// Whether `item` prints on one line starting at column `col`: no comment
  /// or newline inside, and either nothing that could break or all of it fits.
  bool oneLine(Item& item, int col) {
    int w = seqWidth(item.elems, 0);
    if (w >= kInf) return false;
    bool anyBreakable = false;
    for (const Elem& e : item.elems) anyBreakable |= e.group && breakable(*e.group);
    return !anyBreakable || col + w <= opts_.lineWidth;
  }

  FormatInput& in_;
  const LayoutOptions& opts_;
  bool scratch_;
  std::vector<bool> leadingDone_;
  std::string out_;
  int col_ = 0;
  bool lineEmpty_ = true;
  int pendingIndent_ = 0;
  bool pendingBreak_ = false;  ///< a trailing comment ended the line
  bool multiline_ = false;     ///< scratch: a newline was written
  int cont_ = 0;               ///< indent of a line a comment forced inside a statement
  uint32_t deferred_ = kNone;  ///< trailing comment waiting for a synthesized comma
  size_t line_ = 0;            ///< lines written so far
  int lineIndent_ = 0;         ///< indentation of the current line
  struct TrailingMark {
    size_t line, offset;  ///< where the comment's two spaces were written
    int col, indent;      ///< column of the code's end; the line's indentation
  };
  std::vector<TrailingMark> marks_;
};

}  // namespace

std::string printFormatted(FormatInput& in, const LayoutOptions& opts) {
  Printer p(in, opts, false);
  return p.file();
}

}  // namespace flytec::fmtimpl
