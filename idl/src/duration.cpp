// Duration literals, Go's ParseDuration and Go's Duration.String().
//
// parseGoDuration and formatGoDuration follow Go's time/format.go (Go 1.21)
// step by step, so that edge cases (a bare "0", ".5s", "1.s", overflow at
// exactly 1<<63, fractions through float64) match; the flytec literal parser
// is a stricter, integer-only grammar of its own.
#include "idl/duration.h"

#include <array>
#include <limits>
#include <utility>

namespace flytec::idl {
namespace {

constexpr uint64_t kTwo63 = uint64_t(1) << 63;

DurationParse fail(std::string message, size_t offset) {
  DurationParse r;
  r.error = std::move(message);
  r.errorOffset = offset;
  return r;
}

DurationParse ok(int64_t nanos) {
  DurationParse r;
  r.nanos = nanos;
  return r;
}

/// Go's time.quote: double quotes; `"` and `\` escaped; bytes of non-ASCII
/// runes and control characters as \xNN.
std::string goTimeQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      if (c == '"' || c == '\\') out += '\\';
      out += char(c);
    }
  }
  out += '"';
  return out;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// ------------------------------------------------------------- Go parsing

/// Go's leadingInt: consumes [0-9]*; false on overflow past 1<<63.
bool goLeadingInt(std::string_view& s, uint64_t& x) {
  x = 0;
  size_t i = 0;
  for (; i < s.size() && isDigit(s[i]); ++i) {
    if (x > kTwo63 / 10) return false;
    x = x * 10 + uint64_t(s[i] - '0');
    if (x > kTwo63) return false;
  }
  s.remove_prefix(i);
  return true;
}

/// Go's leadingFraction: consumes [0-9]*, stops accumulating on overflow.
void goLeadingFraction(std::string_view& s, uint64_t& x, double& scale) {
  x = 0;
  scale = 1;
  bool overflow = false;
  size_t i = 0;
  for (; i < s.size() && isDigit(s[i]); ++i) {
    if (overflow) continue;
    if (x > (kTwo63 - 1) / 10) {
      overflow = true;
      continue;
    }
    uint64_t y = x * 10 + uint64_t(s[i] - '0');
    if (y > kTwo63) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  s.remove_prefix(i);
}

std::optional<uint64_t> goUnit(std::string_view u) {
  if (u == "ns") return uint64_t(kNanosecond);
  if (u == "us" || u == "\xC2\xB5s" /* µ U+00B5 */ || u == "\xCE\xBCs" /* μ U+03BC */)
    return uint64_t(kMicrosecond);
  if (u == "ms") return uint64_t(kMillisecond);
  if (u == "s") return uint64_t(kSecond);
  if (u == "m") return uint64_t(kMinute);
  if (u == "h") return uint64_t(kHour);
  return std::nullopt;
}

// ----------------------------------------------------------- Go formatting

/// Go's fmtFrac: writes the fraction of v/10^prec backwards into buf ending
/// at w, omitting trailing zeros (and the point when the fraction is zero).
size_t fmtFrac(char* buf, size_t w, uint64_t& v, int prec) {
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    unsigned digit = unsigned(v % 10);
    print = print || digit != 0;
    if (print) buf[--w] = char('0' + digit);
    v /= 10;
  }
  if (print) buf[--w] = '.';
  return w;
}

/// Go's fmtInt: writes v backwards into buf ending at w.
size_t fmtInt(char* buf, size_t w, uint64_t v) {
  if (v == 0) {
    buf[--w] = '0';
  } else {
    while (v > 0) {
      buf[--w] = char('0' + v % 10);
      v /= 10;
    }
  }
  return w;
}

} // namespace

// ------------------------------------------------------------ flytec literal

DurationParse parseDurationLiteral(std::string_view text) {
  struct Unit {
    std::string_view name;
    int64_t nanos;
  };
  // Decreasing order; the index is the rank used for the ordering rule.
  static constexpr std::array<Unit, 7> kUnits = {{{"d", kDay},
                                                  {"h", kHour},
                                                  {"m", kMinute},
                                                  {"s", kSecond},
                                                  {"ms", kMillisecond},
                                                  {"us", kMicrosecond},
                                                  {"ns", kNanosecond}}};
  if (text.empty()) return fail("empty duration", 0);

  int64_t total = 0;
  int lastRank = -1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t numStart = pos;
    if (!isDigit(text[pos]))
      return fail("expected a number in duration, found `" + std::string(1, text[pos]) + "`", pos);
    uint64_t value = 0;
    bool tooBig = false;
    while (pos < text.size() && isDigit(text[pos])) {
      uint64_t digit = uint64_t(text[pos] - '0');
      if (tooBig || value > (uint64_t(std::numeric_limits<int64_t>::max()) - digit) / 10) tooBig = true;
      else value = value * 10 + digit;
      ++pos;
    }
    size_t unitStart = pos;
    while (pos < text.size() && ((text[pos] >= 'a' && text[pos] <= 'z') || (text[pos] >= 'A' && text[pos] <= 'Z')))
      ++pos;
    std::string_view number = text.substr(numStart, unitStart - numStart);
    if (unitStart == pos) {
      if (pos < text.size() && text[pos] == '.')
        return fail("durations take whole numbers; write `1m30s`, not `1.5m`", pos);
      return fail("missing unit after `" + std::string(number) + "`; units are d, h, m, s, ms, us, ns",
                  unitStart);
    }
    std::string_view unit = text.substr(unitStart, pos - unitStart);
    int rank = -1;
    for (size_t i = 0; i < kUnits.size(); ++i)
      if (kUnits[i].name == unit) rank = int(i);
    if (rank < 0)
      return fail("unknown duration unit `" + std::string(unit) + "`; units are d, h, m, s, ms, us, ns",
                  unitStart);
    if (rank <= lastRank) {
      std::string msg = rank == lastRank
                            ? "duration unit `" + std::string(unit) + "` appears twice"
                            : "duration unit `" + std::string(unit) + "` after `" +
                                  std::string(kUnits[size_t(lastRank)].name) +
                                  "`; write components from the largest unit down, as in `1h30m`";
      return fail(std::move(msg), unitStart);
    }
    lastRank = rank;
    int64_t perUnit = kUnits[size_t(rank)].nanos;
    if (tooBig || value > uint64_t(std::numeric_limits<int64_t>::max() / perUnit))
      return fail("duration too large: at most 106751d23h47m16s854ms775us807ns (int64 nanoseconds)",
                  numStart);
    int64_t part = int64_t(value) * perUnit;
    if (total > std::numeric_limits<int64_t>::max() - part)
      return fail("duration too large: at most 106751d23h47m16s854ms775us807ns (int64 nanoseconds)",
                  numStart);
    total += part;
  }
  return ok(total);
}

std::string formatDurationLiteral(int64_t nanos) {
  if (nanos == 0) return "0s";
  std::string out;
  uint64_t u = uint64_t(nanos);
  if (nanos < 0) {
    out += '-';
    u = 0 - u;
  }
  static constexpr std::array<std::pair<const char*, uint64_t>, 7> kUnits = {{{"d", uint64_t(kDay)},
                                                                              {"h", uint64_t(kHour)},
                                                                              {"m", uint64_t(kMinute)},
                                                                              {"s", uint64_t(kSecond)},
                                                                              {"ms", uint64_t(kMillisecond)},
                                                                              {"us", uint64_t(kMicrosecond)},
                                                                              {"ns", 1}}};
  for (const auto& [name, per] : kUnits) {
    uint64_t count = u / per;
    u %= per;
    if (count != 0) {
      out += std::to_string(count);
      out += name;
    }
  }
  return out;
}

// ------------------------------------------------------------------- Go side

DurationParse parseGoDuration(std::string_view text) {
  // [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+
  const std::string_view orig = text;
  std::string_view s = text;
  auto offset = [&] { return orig.size() - s.size(); };
  auto invalid = [&] { return fail("time: invalid duration " + goTimeQuote(orig), offset()); };
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return ok(0);
  if (s.empty()) return invalid();

  uint64_t d = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || isDigit(s[0]))) return invalid();
    uint64_t v = 0, f = 0;
    double scale = 1;
    size_t before = s.size();
    if (!goLeadingInt(s, v)) return invalid();
    bool pre = before != s.size();
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t beforeFrac = s.size();
      goLeadingFraction(s, f, scale);
      post = beforeFrac != s.size();
    }
    if (!pre && !post) return invalid();  // e.g. ".s" or "-.s"

    size_t i = 0;
    while (i < s.size() && !(s[i] == '.' || isDigit(s[i]))) ++i;
    if (i == 0) return fail("time: missing unit in duration " + goTimeQuote(orig), offset());
    std::string_view u = s.substr(0, i);
    size_t unitOffset = offset();
    s.remove_prefix(i);
    std::optional<uint64_t> unit = goUnit(u);
    if (!unit)
      return fail("time: unknown unit " + goTimeQuote(u) + " in duration " + goTimeQuote(orig), unitOffset);
    if (v > kTwo63 / *unit) return fail("time: invalid duration " + goTimeQuote(orig), unitOffset);
    v *= *unit;
    if (f > 0) {
      // float64 is needed to be nanosecond accurate for fractions of hours
      // (Go's comment); the conversion truncates, as Go's uint64(...) does.
      v += uint64_t(double(f) * (double(*unit) / scale));
      if (v > kTwo63) return fail("time: invalid duration " + goTimeQuote(orig), unitOffset);
    }
    d += v;
    if (d > kTwo63) return fail("time: invalid duration " + goTimeQuote(orig), unitOffset);
  }
  if (neg) return ok(int64_t(0 - d));  // d <= 1<<63: -(1<<63) is representable
  if (d > kTwo63 - 1) return fail("time: invalid duration " + goTimeQuote(orig), orig.size());
  return ok(int64_t(d));
}

std::string formatGoDuration(int64_t nanos) {
  // Largest text: "-2562047h47m16.854775808s" (25 bytes).
  char buf[32];
  size_t w = sizeof buf;
  uint64_t u = uint64_t(nanos);
  bool neg = nanos < 0;
  if (neg) u = 0 - u;

  if (u < uint64_t(kSecond)) {
    // Below a second Go uses the smaller units: 1.2ms, 3µs, 4ns.
    int prec = 0;
    buf[--w] = 's';
    if (u == 0) {
      buf[--w] = '0';
      return std::string(buf + w, sizeof buf - w);
    } else if (u < uint64_t(kMicrosecond)) {
      prec = 0;
      buf[--w] = 'n';
    } else if (u < uint64_t(kMillisecond)) {
      prec = 3;
      buf[--w] = '\xB5';  // U+00B5 'µ' is 0xC2 0xB5
      buf[--w] = '\xC2';
    } else {
      prec = 6;
      buf[--w] = 'm';
    }
    w = fmtFrac(buf, w, u, prec);
    w = fmtInt(buf, w, u);
  } else {
    buf[--w] = 's';
    w = fmtFrac(buf, w, u, 9);
    // u is now whole seconds.
    w = fmtInt(buf, w, u % 60);
    u /= 60;
    if (u > 0) {  // whole minutes
      buf[--w] = 'm';
      w = fmtInt(buf, w, u % 60);
      u /= 60;
      if (u > 0) {  // whole hours; Go stops at hours (days vary in length)
        buf[--w] = 'h';
        w = fmtInt(buf, w, u);
      }
    }
  }
  if (neg) buf[--w] = '-';
  return std::string(buf + w, sizeof buf - w);
}

} // namespace flytec::idl
