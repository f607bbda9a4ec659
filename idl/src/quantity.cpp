// ParseQuantity's scanner and value rules (apimachinery
// pkg/api/resource/quantity.go: parseQuantityString, ParseQuantity,
// suffixHandler.interpret), on exact decimal digit strings.
//
// ParseQuantity has a fast int64 path and a slow inf.Dec path. Both give the
// same exact value except that the slow path rounds up to nanos and caps
// binary values at 2^63-1; the only way the choice of path shows in the
// accept set is ErrNumeric, for texts without any digit that reach the slow
// path (`Pi`, `.Ei`, `e-10`). Both effects are reproduced here.
#include "idl/quantity.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::idl {

/// Builds Quantity values; a friend so that the class stays immutable.
struct QuantityBuilder {
  static Quantity make(std::string digits, int64_t exp10, bool negative, QuantityFormat format,
                       std::string suffix, std::string text) {
    Quantity q;
    size_t lead = digits.find_first_not_of('0');
    digits.erase(0, lead == std::string::npos ? digits.size() : lead);
    size_t trail = 0;
    while (trail < digits.size() && digits[digits.size() - 1 - trail] == '0') ++trail;
    digits.resize(digits.size() - trail);
    exp10 += int64_t(trail);
    if (digits.empty()) {
      exp10 = 0;
      negative = false;
    }
    q.digits_ = std::move(digits);
    q.exp10_ = exp10;
    q.negative_ = negative;
    q.format_ = format;
    q.suffix_ = std::move(suffix);
    q.text_ = std::move(text);
    return q;
  }
};

namespace {

constexpr std::string_view kMaxInt64 = "9223372036854775807";
constexpr std::string_view kSuffixNames = "n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or an exponent such as e3";

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Adds one to a decimal digit string (most significant digit first).
void incrementDecimal(std::string& d) {
  for (size_t i = d.size(); i-- > 0;) {
    if (d[i] != '9') {
      ++d[i];
      return;
    }
    d[i] = '0';
  }
  d.insert(d.begin(), '1');
}

/// Multiplies a decimal digit string by 2^k, up to 2^32 per pass over the
/// digits (a binary suffix is at most 2^60: two passes).
void multiplyByPow2(std::string& d, int k) {
  while (k > 0) {
    int step = std::min(k, 32);
    k -= step;
    uint64_t carry = 0;
    for (size_t i = d.size(); i-- > 0;) {
      uint64_t v = (uint64_t(d[i] - '0') << step) + carry;
      d[i] = char('0' + v % 10);
      carry = v / 10;
    }
    std::string head;
    for (; carry; carry /= 10) head.push_back(char('0' + carry % 10));
    d.insert(d.begin(), head.rbegin(), head.rend());
  }
}

/// Compares two digit strings without leading zeros as integers.
int compareInteger(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/// Rounds |digits * 10^exp10| away from zero to a multiple of 10^scale;
/// digits has no leading zeros and is non-empty.
void roundUpTo(std::string& digits, int64_t& exp10, int64_t scale) {
  if (exp10 >= scale) return;
  int64_t drop = scale - exp10;
  exp10 = scale;
  if (drop >= int64_t(digits.size())) {
    digits = "1";  // non-zero and smaller than one unit
    return;
  }
  bool inexact = digits.find_first_not_of('0', digits.size() - size_t(drop)) != std::string::npos;
  digits.resize(digits.size() - size_t(drop));
  if (inexact) incrementDecimal(digits);
}

/// Go's strconv.ParseInt(s, 10, 64) success test and value.
std::optional<int64_t> goParseInt64(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    if (v > (uint64_t(1) << 63) / 10) return std::nullopt;
    v = v * 10 + uint64_t(c - '0');
    if (v > (uint64_t(1) << 63)) return std::nullopt;
  }
  if (!neg && v > (uint64_t(1) << 63) - 1) return std::nullopt;
  return neg ? int64_t(0 - v) : int64_t(v);
}

/// The character at `pos` for a message: a whole UTF-8 sequence, or \xNN.
std::string showChar(std::string_view s, size_t pos) {
  unsigned char c = (unsigned char)s[pos];
  if (c == ' ') return "space";
  if (c == '\t') return "tab";
  if (c >= 0x21 && c < 0x7f) return "`" + std::string(1, char(c)) + "`";
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (c >= 0x80 && len > 1 && pos + len <= s.size()) return "`" + std::string(s.substr(pos, len)) + "`";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte \\x") + kHex[c >> 4] + kHex[c & 0xF];
}

QuantityParse failure(QuantityErrorKind kind, std::string message, size_t offset) {
  QuantityParse r;
  r.error.kind = kind;
  r.error.message = std::move(message);
  r.error.offset = offset;
  return r;
}

struct SuffixInfo {
  int base;  // 10 or 2
  int32_t exponent;
  QuantityFormat format;
};

/// suffixHandler.interpret.
std::optional<SuffixInfo> interpretSuffix(std::string_view s) {
  struct Entry {
    std::string_view name;
    int32_t exponent;
  };
  static constexpr Entry kDecimal[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
                                       {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr Entry kBinary[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  for (const Entry& e : kDecimal)
    if (e.name == s) return SuffixInfo{10, e.exponent, QuantityFormat::DecimalSI};
  for (const Entry& e : kBinary)
    if (e.name == s) return SuffixInfo{2, e.exponent, QuantityFormat::BinarySI};
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    std::optional<int64_t> parsed = goParseInt64(s.substr(1));
    if (!parsed) return std::nullopt;
    // Go: int32(parsed), a truncation.
    return SuffixInfo{10, int32_t(uint32_t(uint64_t(*parsed))), QuantityFormat::DecimalExponent};
  }
  return std::nullopt;
}

QuantityParse parseK8s(std::string_view str) {
  const std::string text(str);
  if (str.empty())
    return failure(QuantityErrorKind::FormatWrong, reasonText(reason::quantity_empty), 0);
  if (str == "0") {
    QuantityParse r;
    r.quantity = QuantityBuilder::make("", 0, false, QuantityFormat::DecimalSI, "", text);
    return r;
  }

  // parseQuantityString.
  const size_t end = str.size();
  size_t pos = 0;
  bool positive = true;
  if (str[0] == '-' || str[0] == '+') {
    positive = str[0] == '+';
    ++pos;
  }
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {  // only a sign and zeros
    QuantityParse r;
    r.quantity = QuantityBuilder::make("", 0, false, QuantityFormat::DecimalSI, "", text);
    return r;
  }
  size_t numStart = pos;
  while (pos < end && isDigit(str[pos])) ++pos;
  std::string_view num = str.substr(numStart, pos - numStart);
  std::string_view denom;
  if (pos < end && str[pos] == '.') {
    size_t denomStart = ++pos;
    while (pos < end && isDigit(str[pos])) ++pos;
    denom = str.substr(denomStart, pos - denomStart);
  }
  const size_t valueEnd = pos;
  const size_t suffixStart = pos;
  while (pos < end && std::string_view("eEinumkKMGTP").find(str[pos]) != std::string_view::npos) ++pos;
  if (pos < end && (str[pos] == '-' || str[pos] == '+')) ++pos;
  while (pos < end && isDigit(str[pos])) ++pos;
  if (pos < end) {
    std::string before(str.substr(0, pos));
    return failure(QuantityErrorKind::FormatWrong,
                   before.empty() ? reasonText(reason::quantity_unexpected, showChar(str, pos), kSuffixNames)
                                  : reasonText(reason::quantity_unexpected_after, showChar(str, pos), before,
                                               kSuffixNames),
                   pos);
  }
  std::string_view suffix = str.substr(suffixStart);

  // ParseQuantity.
  std::optional<SuffixInfo> info = interpretSuffix(suffix);
  if (!info)
    return failure(QuantityErrorKind::Suffix, reasonText(reason::quantity_unknown_suffix, suffix, kSuffixNames),
                   suffixStart);

  // Which path ParseQuantity takes decides only whether a digit-less value
  // is an error (the slow path's inf.Dec.SetString needs a digit).
  const int64_t numLen = num.empty() ? 1 : int64_t(num.size());
  bool fast = false;
  if (info->format == QuantityFormat::BinarySI) {
    int32_t precision = 15 - int32_t(numLen) - int32_t(float(info->exponent) * 3 / 10) - 1;
    if (denom.empty() && precision >= 0) {
      // int64Multiply(value, 2^exponent) must not overflow.
      std::string v(num.empty() ? "0" : num);
      multiplyByPow2(v, info->exponent);
      v.erase(0, std::min(v.find_first_not_of('0'), v.size()));
      fast = compareInteger(v, kMaxInt64) <= 0;
    }
  } else {
    int64_t precision = 18 - (numLen + int64_t(denom.size()));
    fast = precision >= 0 && int64_t(info->exponent) - int64_t(denom.size()) >= -9;
  }
  bool anyDigit = false;
  for (char c : str.substr(0, valueEnd)) anyDigit = anyDigit || isDigit(c);
  if (!fast && !anyDigit)
    return failure(QuantityErrorKind::Numeric, reasonText(reason::quantity_no_digits, suffix, suffix), 0);

  // The exact value, then ParseQuantity's rounding up to nanos and its cap.
  std::string digits = std::string(num) + std::string(denom);
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  int64_t exp10 = -int64_t(denom.size());
  if (info->base == 10) exp10 += info->exponent;
  else if (!digits.empty()) multiplyByPow2(digits, info->exponent);
  if (!digits.empty()) {
    roundUpTo(digits, exp10, -9);
    if (info->format == QuantityFormat::BinarySI) {
      // Compare digits * 10^exp10 with 2^63-1: only integers can exceed it.
      bool over = exp10 >= 0 && (int64_t(digits.size()) + exp10 > int64_t(kMaxInt64.size()) ||
                                 compareInteger(digits + std::string(size_t(exp10), '0'), kMaxInt64) > 0);
      if (over) {
        digits = std::string(kMaxInt64);
        exp10 = 0;
      }
    }
  }
  QuantityParse r;
  r.quantity = QuantityBuilder::make(std::move(digits), exp10, !positive, info->format, std::string(suffix), text);
  return r;
}

} // namespace

// -------------------------------------------------------------------- Quantity

int Quantity::compare(const Quantity& other) const {
  if (sign() != other.sign()) return sign() < other.sign() ? -1 : 1;
  if (isZero()) return 0;
  // Same sign, both non-zero: compare magnitudes, then flip for negatives.
  int mag = 0;
  int64_t topA = int64_t(digits_.size()) + exp10_;  // position of the leading digit
  int64_t topB = int64_t(other.digits_.size()) + other.exp10_;
  if (topA != topB) {
    mag = topA < topB ? -1 : 1;
  } else {
    // Same magnitude: compare digit by digit; neither has trailing zeros, so
    // with a common prefix the longer one is larger.
    size_t n = std::min(digits_.size(), other.digits_.size());
    int c = digits_.compare(0, n, other.digits_, 0, n);
    if (c != 0) mag = c < 0 ? -1 : 1;
    else if (digits_.size() != other.digits_.size()) mag = digits_.size() < other.digits_.size() ? -1 : 1;
  }
  return negative_ ? -mag : mag;
}

Quantity Quantity::roundUpToWhole(int32_t scale10) const {
  if (isZero() || exp10_ >= scale10) return *this;
  std::string digits = digits_;
  int64_t exp10 = exp10_;
  roundUpTo(digits, exp10, scale10);
  Quantity q = QuantityBuilder::make(std::move(digits), exp10, negative_, QuantityFormat::DecimalSI, "", "");
  q.text_ = q.toDecimalString();
  return q;
}

std::optional<int64_t> Quantity::scaledValue(int32_t scale10) const {
  if (isZero()) return 0;
  std::string digits = digits_;
  int64_t exp10 = exp10_;
  roundUpTo(digits, exp10, scale10);
  int64_t zeros = exp10 - scale10;  // >= 0 after rounding
  if (int64_t(digits.size()) + zeros > int64_t(kMaxInt64.size())) return std::nullopt;
  digits.append(size_t(zeros), '0');
  // |value| <= 2^63-1, or exactly 2^63 when negative.
  int c = compareInteger(digits, kMaxInt64);
  if (c > 0 && !(negative_ && digits == "9223372036854775808")) return std::nullopt;
  uint64_t v = 0;
  for (char d : digits) v = v * 10 + uint64_t(d - '0');
  return negative_ ? int64_t(0 - v) : int64_t(v);
}

double Quantity::toBytesOrUnits() const {
  if (isZero()) return 0.0;
  std::string s = (negative_ ? "-" : "") + digits_ + "e" + std::to_string(exp10_);
  return std::strtod(s.c_str(), nullptr);
}

std::string Quantity::toDecimalString() const {
  if (isZero()) return "0";
  std::string out = negative_ ? "-" : "";
  if (exp10_ >= 0 && int64_t(digits_.size()) + exp10_ <= 31) {
    out += digits_;
    out.append(size_t(exp10_), '0');
  } else if (exp10_ < 0 && exp10_ >= -40) {
    int64_t point = int64_t(digits_.size()) + exp10_;
    if (point > 0) {
      out += digits_.substr(0, size_t(point));
      out += '.';
      out += digits_.substr(size_t(point));
    } else {
      out += "0.";
      out.append(size_t(-point), '0');
      out += digits_;
    }
  } else {
    out += digits_[0];
    if (digits_.size() > 1) out += "." + digits_.substr(1);
    int64_t e = int64_t(digits_.size()) - 1 + exp10_;
    out += e < 0 ? "e-" : "e+";
    out += std::to_string(e < 0 ? -e : e);
  }
  return out;
}

std::string QuantityError::k8sMessage() const {
  switch (kind) {
  case QuantityErrorKind::FormatWrong:
    return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  case QuantityErrorKind::Suffix:
    return "unable to parse quantity's suffix";
  case QuantityErrorKind::Numeric:
    return "unable to parse numeric part of quantity";
  case QuantityErrorKind::None:
  case QuantityErrorKind::Negative:
    break;
  }
  return "";
}

// ------------------------------------------------------------------- parsing

std::optional<Quantity> parseQuantity(std::string_view text) { return parseK8s(text).quantity; }

QuantityParse parseQuantityWithReason(std::string_view text) { return parseK8s(text); }

QuantityParse parseSourceQuantity(std::string_view text) {
  QuantityParse r = parseK8s(text);
  if (r && !text.empty() && text[0] == '-')
    return failure(QuantityErrorKind::Negative, "a quantity cannot be negative", 0);
  return r;
}

std::optional<std::string> suggestQuantityFix(std::string_view bad) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
  auto isAlpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };

  std::string_view s = bad;
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);

  // <+?number> <spaces?> <letters?>
  size_t pos = 0;
  if (pos < s.size() && s[pos] == '+') ++pos;
  size_t digitsSeen = 0;
  while (pos < s.size() && (isDigit(s[pos]) || s[pos] == '.')) digitsSeen += isDigit(s[pos++]);
  if (digitsSeen == 0) return std::nullopt;
  std::string number(s.substr(0, pos));
  while (pos < s.size() && isSpace(s[pos])) ++pos;
  std::string_view unit = s.substr(pos);
  for (char c : unit)
    if (!isAlpha(c)) return std::nullopt;

  std::string fixedUnit;
  if (!unit.empty()) {
    bool allLower = true;
    for (char c : unit) allLower = allLower && !(c >= 'A' && c <= 'Z');
    // A trailing byte `B` (or `b` in an all-lower-case suffix): `GB`, `GiB`, `mb`.
    bool droppedByte = false;
    std::string_view u = unit;
    if (u.size() >= 2 && (u.back() == 'B' || (u.back() == 'b' && allLower))) {
      u.remove_suffix(1);
      droppedByte = true;
    }
    char head = lower(u[0]);
    if (u.size() == 1) {
      switch (head) {
      case 'k': fixedUnit = "k"; break;
      case 'm':
        // `M` is mega; `m` alone is milli (valid, not a mistake); `mb` is megabytes.
        if (u[0] == 'M' || droppedByte) fixedUnit = "M";
        else fixedUnit = "m";
        break;
      case 'g': fixedUnit = "G"; break;
      case 't': fixedUnit = "T"; break;
      case 'p': fixedUnit = "P"; break;
      case 'e':
        if (!droppedByte) return std::nullopt;  // `1e` is a broken exponent
        fixedUnit = "E";
        break;
      default: return std::nullopt;
      }
    } else if (u.size() == 2 && lower(u[1]) == 'i') {
      switch (head) {
      case 'k': fixedUnit = "Ki"; break;
      case 'm': fixedUnit = "Mi"; break;
      case 'g': fixedUnit = "Gi"; break;
      case 't': fixedUnit = "Ti"; break;
      case 'p': fixedUnit = "Pi"; break;
      case 'e': fixedUnit = "Ei"; break;
      default: return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  std::string candidate = number + fixedUnit;
  if (candidate == bad || !parseSourceQuantity(candidate)) return std::nullopt;
  return candidate;
}

bool isMilliBytes(const Quantity& q) { return q.suffix() == "m"; }

bool isMilliBytes(std::string_view text) {
  std::optional<Quantity> q = parseQuantity(text);
  return q && isMilliBytes(*q);
}

} // namespace flytec::idl
