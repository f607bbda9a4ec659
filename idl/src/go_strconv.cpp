// Go's strconv.ParseInt/ParseFloat/ParseBool (see go_strconv.h). The float
// syntax check walks the text as Go's readFloat does (atof.go); the value is
// then read by std::from_chars from the same text without underscores.
#include "idl/go_strconv.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace flytec::idl {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexLetter(char c) { return lower(c) >= 'a' && lower(c) <= 'f'; }

/// Length of the common prefix of `s` and the lower-case `word`, ignoring case.
size_t prefixIgnoringCase(std::string_view s, std::string_view word) {
  size_t n = 0;
  while (n < s.size() && n < word.size() && lower(s[n]) == word[n]) ++n;
  return n;
}

/// Go's special(): `[+-]inf`, `[+-]infinity`, `nan`, any case, and nothing after.
std::optional<double> special(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double sign = 1;
  size_t nsign = 0;
  if (s[0] == '+' || s[0] == '-') {
    sign = s[0] == '-' ? -1 : 1;
    nsign = 1;
  }
  std::string_view rest = s.substr(nsign);
  if (!rest.empty() && lower(rest[0]) == 'i') {
    size_t n = prefixIgnoringCase(rest, "infinity");
    if (n > 3 && n < 8) n = 3;  // "infi..." consumes only "inf"
    if ((n == 3 || n == 8) && nsign + n == s.size()) return sign * std::numeric_limits<double>::infinity();
    return std::nullopt;
  }
  if (nsign == 0 && !rest.empty() && lower(rest[0]) == 'n' && prefixIgnoringCase(rest, "nan") == 3 && s.size() == 3)
    return std::numeric_limits<double>::quiet_NaN();
  return std::nullopt;
}

/// Go's underscoreOK: an underscore only between digits, or between a base
/// prefix and a digit.
bool underscoreOK(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (isDigit(s[i]) || (hex && isHexLetter(s[i]))) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

/// The parts of a syntactically valid float: sign, whether it is hex, and
/// the decimal exponent of its leading digit (to tell overflow from underflow).
struct FloatShape {
  bool negative = false;
  bool hex = false;
  long leadExponent = 0;  // roughly log10 (log2 for hex) of the magnitude
  bool zeroMantissa = true;
};

/// Go's readFloat, syntax only: true when all of `s` is a float.
bool readFloat(std::string_view s, FloatShape& shape) {
  size_t i = 0;
  bool underscores = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) shape.negative = s[i++] == '-';
  char expChar = 'e';
  if (i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x') {
    shape.hex = true;
    expChar = 'p';
    i += 2;
  }
  bool sawDot = false, sawDigits = false;
  long intDigits = 0, leadingZeros = 0;  // significant digits before the dot
  long fracZeros = 0;                     // zeros after the dot before the first nonzero
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') { underscores = true; continue; }
    if (c == '.') {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    if (isDigit(c) || (shape.hex && isHexLetter(c))) {
      sawDigits = true;
      bool zero = c == '0';
      if (shape.zeroMantissa && zero) {
        if (sawDot) ++fracZeros; else ++leadingZeros;
      } else {
        shape.zeroMantissa = false;
      }
      if (!sawDot && !shape.zeroMantissa) ++intDigits;
      continue;
    }
    break;
  }
  if (!sawDigits) return false;
  long exponent = 0;
  if (i < s.size() && lower(s[i]) == expChar) {
    ++i;
    if (i >= s.size()) return false;
    int esign = 1;
    if (s[i] == '+') ++i;
    else if (s[i] == '-') { ++i; esign = -1; }
    if (i >= s.size() || !isDigit(s[i])) return false;
    for (; i < s.size() && (isDigit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') { underscores = true; continue; }
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
    }
    exponent *= esign;
  } else if (shape.hex) {
    return false;  // a hex float needs its `p` exponent
  }
  if (underscores && !underscoreOK(s.substr(0, i))) return false;
  long digitScale = shape.hex ? 4 : 1;
  shape.leadExponent = intDigits > 0 ? (intDigits - 1) * digitScale + exponent
                                     : -(fracZeros + 1) * digitScale + exponent;
  return i == s.size();
}

}  // namespace

std::optional<int64_t> parseGoInt(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  constexpr uint64_t kLimit = uint64_t(1) << 63;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    if (magnitude > (kLimit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + uint64_t(c - '0');
    if (magnitude > kLimit) return std::nullopt;
  }
  if (!negative && magnitude == kLimit) return std::nullopt;
  if (negative) return magnitude == kLimit ? std::numeric_limits<int64_t>::min() : -int64_t(magnitude);
  return int64_t(magnitude);
}

std::optional<double> parseGoFloat(std::string_view text) {
  if (auto v = special(text)) return v;
  FloatShape shape;
  if (!readFloat(text, shape)) return std::nullopt;
  std::string clean;
  for (char c : text)
    if (c != '_' && c != '+') clean += c;  // from_chars takes no `+` (an exponent's is optional)
  std::string_view body = clean;
  bool negative = !body.empty() && body[0] == '-';
  if (negative) body.remove_prefix(1);
  auto format = std::chars_format::general;
  if (shape.hex) {
    body.remove_prefix(2);
    format = std::chars_format::hex;
  }
  double value = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), value, format);
  if (r.ptr != body.data() + body.size()) return std::nullopt;
  if (r.ec == std::errc::result_out_of_range) {
    if (shape.zeroMantissa || shape.leadExponent < 0) value = 0;  // underflow: Go rounds to zero
    else return std::nullopt;                                     // overflow: Go's ErrRange
  } else if (r.ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<bool> parseGoBool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "true" || s == "TRUE" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False") return false;
  return std::nullopt;
}

} // namespace flytec::idl
