// Hand-written lexer for .flyte; see lexer.h. Token types come from the
// generated FlyteParser so the ANTLR parser consumes them directly.
#include "frontend/lexer.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "grammar/FlyteParser.h"
#include "nesting_counter.h"

namespace flytec {

using P = grammar::FlyteParser;

namespace {

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

struct Keyword {
  std::string_view text;
  int type;
};
constexpr std::array<Keyword, 16> kKeywords = {{
    {"package", P::PACKAGE}, {"import", P::IMPORT}, {"as", P::AS}, {"enum", P::ENUM},
    {"struct", P::STRUCT}, {"task", P::TASK}, {"workflow", P::WORKFLOW},
    {"launchplan", P::LAUNCHPLAN}, {"map", P::MAP}, {"partial", P::PARTIAL},
    {"return", P::RETURN}, {"after", P::AFTER}, {"with", P::WITH}, {"true", P::TRUE},
    {"false", P::FALSE}, {"none", P::NONE},
}};

bool startsItem(int type) {
  switch (type) {
    case P::PACKAGE: case P::IMPORT: case P::ENUM: case P::STRUCT:
    case P::TASK: case P::WORKFLOW: case P::LAUNCHPLAN:
      return true;
    default:
      return false;
  }
}

/// Length of the UTF-8 sequence starting with `c` (input is valid UTF-8).
size_t utf8Length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  return 4;
}

class Lexer {
 public:
  Lexer(std::string_view buf, const char* base, DiagnosticEngine& diags)
      : buf_(buf), base_(base), diags_(diags) {
    // Real code has a token per 2.5-4 bytes. Reserving for one per 2 bytes
    // spares the copies of growing (each a fresh block to fault in); the
    // pages a sparser file leaves untouched cost no memory.
    out_.tokens.reserve(buf.size() / 2 + 64);
  }

  LexedFile run() {
    while (pos_ < buf_.size() && !out_.truncated) next();
    return std::move(out_);
  }

 private:
  template <unsigned N, typename... Args>
  void error(DiagKind<N> kind, size_t b, size_t e, Args&&... args) {
    out_.errorOffsets.push_back(static_cast<uint32_t>(b));
    diags_.report(kind, range(b, e), std::forward<Args>(args)...);
  }
  llvm::SMRange range(size_t b, size_t e) const {
    return {llvm::SMLoc::getFromPointer(base_ + b), llvm::SMLoc::getFromPointer(base_ + e)};
  }
  char peek(size_t k = 0) const { return pos_ + k < buf_.size() ? buf_[pos_ + k] : '\0'; }

  void emit(int type, size_t begin, uint8_t channel = kDefaultChannel) {
    if (channel == kDefaultChannel && !nesting_.admit(type)) {
      error(diag::err_nesting_too_deep, begin, pos_, kMaxNesting);
      out_.truncated = true;
      return;
    }
    if (channel == kDefaultChannel && startsItem(type))
      out_.itemStarts.push_back(static_cast<uint32_t>(out_.tokens.size()));
    out_.tokens.push_back(Token{static_cast<uint16_t>(type), channel,
                                static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)});
  }

  void next() {
    char c = peek();
    size_t begin = pos_;
    switch (c) {
      case ' ': case '\t': case '\r': case '\n': case '\f':
        ++pos_;
        return;
      case '#': {
        bool doc = peek(1) == '#';
        while (pos_ < buf_.size() && buf_[pos_] != '\n' && buf_[pos_] != '\r') ++pos_;
        emit(doc ? P::DOC_COMMENT : P::COMMENT, begin, doc ? kDocChannel : kCommentChannel);
        return;
      }
      case '"':
        if (peek(1) == '"' && peek(2) == '"') return rawString(begin);
        return string(begin);
      case '(': return single(P::LPAREN, begin);
      case '[': return single(P::LBRACK, begin);
      case '{': return single(P::LBRACE, begin);
      case ')': return single(P::RPAREN, begin);
      case ']': return single(P::RBRACK, begin);
      case '}': return single(P::RBRACE, begin);
      case ',': return single(P::COMMA, begin);
      case ':': return single(P::COLON, begin);
      case '.': return single(P::DOT, begin);
      case '?': return single(P::QUESTION, begin);
      case '+': return single(P::PLUS, begin);
      case '*': return single(P::STAR, begin);
      case '/': return single(P::SLASH, begin);
      case '%': return single(P::PERCENT, begin);
      case '-': return peek(1) == '>' ? pair(P::ARROW, begin) : single(P::MINUS, begin);
      case '=': return peek(1) == '=' ? pair(P::EQEQ, begin) : single(P::ASSIGN, begin);
      case '!': return peek(1) == '=' ? pair(P::NOTEQ, begin) : single(P::BANG, begin);
      case '<': return peek(1) == '=' ? pair(P::LE, begin) : single(P::LT, begin);
      case '>': return peek(1) == '=' ? pair(P::GE, begin) : single(P::GT, begin);
      case '&':
        if (peek(1) == '&') return pair(P::ANDAND, begin);
        break;
      case '|':
        if (peek(1) == '|') return pair(P::OROR, begin);
        break;
      default:
        if (isIdentStart(c)) return identifier(begin);
        if (isDigit(c)) return number(begin);
        break;
    }
    size_t len = utf8Length(static_cast<unsigned char>(c));
    pos_ += std::min(len, buf_.size() - pos_);
    std::string shown(buf_.substr(begin, pos_ - begin));
    if (c == '\0') shown = "\\0";
    // A run of the same stray character is one diagnostic (a file of NUL
    // bytes must not produce millions).
    while (pos_ + len <= buf_.size() && buf_.compare(pos_, len, buf_.substr(begin, len)) == 0) pos_ += len;
    error(diag::err_unexpected_character, begin, pos_, shown);
  }

  void single(int type, size_t begin) { ++pos_; emit(type, begin); }
  void pair(int type, size_t begin) { pos_ += 2; emit(type, begin); }

  void identifier(size_t begin) {
    while (pos_ < buf_.size() && isIdentChar(buf_[pos_])) ++pos_;
    std::string_view word = buf_.substr(begin, pos_ - begin);
    for (const Keyword& k : kKeywords)
      if (k.text == word) return emit(k.type, begin);
    if (word == "if" || word == "elif" || word == "else")
      error(diag::err_reserved_word, begin, pos_, word);
    emit(P::ID, begin);
  }

  /// DIGITS: [0-9] ('_'? [0-9])*. Returns false on a misplaced '_'.
  bool digits() {
    bool ok = true;
    while (pos_ < buf_.size()) {
      char c = buf_[pos_];
      if (isDigit(c)) { ++pos_; continue; }
      if (c == '_') {
        if (!isDigit(peek(1))) ok = false;
        ++pos_;
        continue;
      }
      break;
    }
    return ok;
  }

  /// A duration unit at pos_ (longest match), or 0.
  size_t unitLength() const {
    char a = peek(), b = peek(1);
    if ((a == 'm' || a == 'u' || a == 'n') && b == 's') return 2;
    if (a == 'd' || a == 'h' || a == 'm' || a == 's') return 1;
    return 0;
  }
  static int unitRank(std::string_view u) {
    static constexpr std::string_view order[] = {"d", "h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < 7; ++i) if (order[i] == u) return i;
    return -1;
  }

  void number(size_t begin) {
    bool ok = digits();
    int type = P::INT;
    DiagKind<1> malformed = diag::err_malformed_number;
    if (peek() == '.' && isDigit(peek(1))) {
      ++pos_;
      ok = digits() && ok;
      type = P::FLOAT;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
      pos_ += (peek(1) == '+' || peek(1) == '-') ? 2 : 1;
      while (isDigit(peek())) ++pos_;
      type = P::FLOAT;
    } else if (type == P::INT && unitLength()) {
      type = P::DURATION;
      int lastRank = -1;
      while (true) {
        size_t ul = unitLength();
        if (!ul) { ok = false; malformed = diag::err_duration_number_without_unit; break; }
        int rank = unitRank(buf_.substr(pos_, ul));
        if (rank <= lastRank) { ok = false; malformed = diag::err_duration_units_not_decreasing; }
        lastRank = rank;
        pos_ += ul;
        if (!isDigit(peek())) break;
        ok = digits() && ok;
      }
    }
    if (isIdentChar(peek()) || (peek() == '.' && isDigit(peek(1)))) {
      while (isIdentChar(peek()) || (peek() == '.' && isDigit(peek(1)))) ++pos_;
      ok = false;
    }
    if (!ok) {
      error(malformed, begin, pos_, buf_.substr(begin, pos_ - begin));
    }
    emit(type, begin);
  }

  void string(size_t begin) {
    ++pos_;
    while (true) {
      if (pos_ >= buf_.size() || buf_[pos_] == '\n' || buf_[pos_] == '\r') {
        error(diag::err_unterminated_literal, begin, begin + 1, "string");
        emit(P::STRING, begin);
        return;
      }
      char c = buf_[pos_];
      if (c == '"') { ++pos_; break; }
      if (c == '\\') { escape(); continue; }
      ++pos_;
    }
    emit(P::STRING, begin);
  }

  void escape() {
    size_t begin = pos_;
    char n = peek(1);
    if (n == 'n' || n == 't' || n == '"' || n == '\\') { pos_ += 2; return; }
    if (n == 'u' && peek(2) == '{') {
      size_t p = pos_ + 3;
      uint32_t cp = 0;
      size_t ndigits = 0;
      while (p < buf_.size() && isHex(buf_[p]) && ndigits < 8) {
        cp = cp * 16 + static_cast<uint32_t>(std::stoi(std::string(1, buf_[p]), nullptr, 16));
        ++p, ++ndigits;
      }
      if (ndigits && p < buf_.size() && buf_[p] == '}' && cp <= 0x10FFFF &&
          !(cp >= 0xD800 && cp <= 0xDFFF)) {
        pos_ = p + 1;
        return;
      }
      pos_ = (p < buf_.size() && buf_[p] == '}') ? p + 1 : p;
    } else {
      pos_ += (n == '\0' || n == '\n') ? 1 : 1 + utf8Length(static_cast<unsigned char>(n));
    }
    error(diag::err_unknown_escape, begin, pos_, buf_.substr(begin, pos_ - begin));
  }

  void rawString(size_t begin) {
    size_t close = buf_.find("\"\"\"", begin + 3);
    if (close == std::string_view::npos) {
      error(diag::err_unterminated_literal, begin, begin + 3, "raw string");
      pos_ = buf_.size();
    } else {
      pos_ = close + 3;
    }
    emit(P::RAWSTRING, begin);
  }

  std::string_view buf_;
  const char* base_;
  DiagnosticEngine& diags_;
  size_t pos_ = 0;
  NestingCounter nesting_;
  LexedFile out_;
};

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

LexedFile lex(std::string_view buffer, const char* base, DiagnosticEngine& diags) {
  return Lexer(buffer, base, diags).run();
}

StringLiteralBody stringLiteralBody(std::string_view tok) {
  if (tok.size() >= 6 && tok.substr(0, 3) == "\"\"\"") return {tok.substr(3, tok.size() - 6)};
  if (tok.size() >= 3 && tok.substr(0, 3) == "\"\"\"") return {tok.substr(3)};
  std::string_view body = tok.substr(1);
  if (!body.empty() && body.back() == '"') body.remove_suffix(1);
  return {body, body.find('\\') != std::string_view::npos};
}

std::string decodeStringLiteral(std::string_view tok) {
  auto [body, escaped] = stringLiteralBody(tok);
  if (!escaped) return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) { out += c; continue; }
    char n = body[i + 1];
    switch (n) {
      case 'n': out += '\n'; ++i; continue;
      case 't': out += '\t'; ++i; continue;
      case '"': out += '"'; ++i; continue;
      case '\\': out += '\\'; ++i; continue;
      case 'u': {
        size_t close = body.find('}', i);
        if (i + 2 < body.size() && body[i + 2] == '{' && close != std::string_view::npos) {
          uint32_t cp = 0;
          bool ok = close > i + 3 && close - (i + 3) <= 8;
          for (size_t k = i + 3; ok && k < close; ++k) {
            if (!isHex(body[k])) ok = false;
            else cp = cp * 16 + static_cast<uint32_t>(std::stoi(std::string(1, body[k]), nullptr, 16));
          }
          if (ok && cp <= 0x10FFFF) { appendUtf8(out, cp); i = close; continue; }
        }
        out += c;
        continue;
      }
      default: out += c; continue;
    }
  }
  return out;
}

std::string_view tokenTypeName(int type) {
  if (type < 0 || type == 0xFFFF) return "EOF";
  static std::vector<std::string> names = [] {
    P parser(nullptr);  // only to reach the generated vocabulary
    const antlr4::dfa::Vocabulary& vocab = parser.getVocabulary();
    std::vector<std::string> v;
    for (size_t i = 0; i <= vocab.getMaxTokenType(); ++i) v.push_back(vocab.getSymbolicName(i));
    return v;
  }();
  return static_cast<size_t>(type) < names.size() ? std::string_view(names[type]) : "?";
}

}  // namespace flytec
