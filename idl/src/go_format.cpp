// Go's float and time text forms (strconv ftoa.go formatDigits/fmtE/fmtF,
// fmt's %v, encoding/json's floatEncoder, time's RFC3339 fast paths).
//
// Every float form starts from the same shortest decimal (digits and the
// position of the decimal point, as strconv's decimalSlice), taken from
// std::to_chars in scientific form; only the placement rules differ.
#include "idl/go_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace flytec::idl {
namespace {

/// strconv's decimalSlice: value = 0.d[0]d[1]... * 10^dp; zero has no digits.
struct ShortestDecimal {
  std::string digits;
  int dp = 0;
  bool neg = false;
};

ShortestDecimal shortestDecimal(double v) {
  ShortestDecimal d;
  d.neg = std::signbit(v);
  double a = std::fabs(v);
  if (a == 0) return d;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  std::string_view s(buf, size_t(res.ptr - buf));  // d[.ddd]e[+-]XX
  size_t e = s.find('e');
  for (char c : s.substr(0, e))
    if (c != '.') d.digits += c;
  int exp = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exp);
  d.dp = exp + 1;
  return d;
}

/// strconv's fmtE: %e with `prec` digits after the point, exponent signed and
/// at least two digits.
std::string fmtE(const ShortestDecimal& d, int prec) {
  std::string out;
  if (d.neg) out += '-';
  int nd = int(d.digits.size());
  out += nd > 0 ? d.digits[0] : '0';
  if (prec > 0) {
    out += '.';
    int i = 1;
    int m = std::min(nd, prec + 1);
    if (i < m) {
      out.append(d.digits, size_t(i), size_t(m - i));
      i = m;
    }
    for (; i <= prec; ++i) out += '0';
  }
  out += 'e';
  int exp = nd == 0 ? 0 : d.dp - 1;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) {
    out += '0';
    out += char('0' + exp);
  } else if (exp < 100) {
    out += char('0' + exp / 10);
    out += char('0' + exp % 10);
  } else {
    out += char('0' + exp / 100);
    out += char('0' + exp / 10 % 10);
    out += char('0' + exp % 10);
  }
  return out;
}

/// strconv's fmtF: %f with `prec` digits after the point.
std::string fmtF(const ShortestDecimal& d, int prec) {
  std::string out;
  if (d.neg) out += '-';
  int nd = int(d.digits.size());
  if (d.dp > 0) {
    int m = std::min(nd, d.dp);
    out.append(d.digits, 0, size_t(m));
    for (; m < d.dp; ++m) out += '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      int j = d.dp + i - 1;
      out += (j >= 0 && j < nd) ? d.digits[size_t(j)] : '0';
    }
  }
  return out;
}

/// strconv's text for the special values (FormatFloat writes `+Inf`).
std::optional<std::string> specialFloat(double v) {
  if (std::isnan(v)) return std::string("NaN");
  if (std::isinf(v)) return std::string(v > 0 ? "+Inf" : "-Inf");
  return std::nullopt;
}

// ------------------------------------------------------------------ calendar

bool isLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int daysIn(int month, int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && isLeap(year)) return 29;
  return kDays[month - 1];
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int month, day;
};

Civil civilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = int(doy - (153 * mp + 2) / 5 + 1);
  int m = int(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

void appendPadded(std::string& out, int64_t v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string s = std::to_string(v);
  for (int i = int(s.size()); i < width; ++i) out += '0';
  out += s;
}

constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z

} // namespace

std::string formatIntInline(int64_t v) { return std::to_string(v); }

std::string formatBoolInline(bool v) { return v ? "true" : "false"; }

std::string formatFloatInline(double v) {
  if (auto s = specialFloat(v)) return *s;
  ShortestDecimal d = shortestDecimal(v);
  int nd = int(d.digits.size());
  // strconv 'g' with shortest precision: eprec is 6 for the decision.
  int exp = d.dp - 1;
  if (exp < -4 || exp >= 6) return fmtE(d, nd - 1);
  return fmtF(d, std::max(nd - d.dp, 0));
}

std::string formatFloatFile(double v) {
  if (auto s = specialFloat(v)) return *s;
  ShortestDecimal d = shortestDecimal(v);
  return fmtF(d, std::max(int(d.digits.size()) - d.dp, 0));
}

std::optional<std::string> formatFloatJson(double v) {
  if (std::isnan(v) || std::isinf(v)) return std::nullopt;
  ShortestDecimal d = shortestDecimal(v);
  double a = std::fabs(v);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    std::string out = fmtE(d, std::max(int(d.digits.size()) - 1, 0));
    size_t n = out.size();
    if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') out.erase(n - 2, 1);
    return out;
  }
  return fmtF(d, std::max(int(d.digits.size()) - d.dp, 0));
}

std::string formatRfc3339Nano(int64_t seconds, int32_t nanos) {
  // time.Unix normalises nanos into [0, 1e9).
  int64_t ns = nanos;
  if (ns < 0 || ns >= 1000000000) {
    int64_t carry = ns / 1000000000;
    ns -= carry * 1000000000;
    if (ns < 0) {
      ns += 1000000000;
      --carry;
    }
    seconds += carry;
  }
  int64_t days = seconds / 86400;
  int64_t secOfDay = seconds % 86400;
  if (secOfDay < 0) {
    secOfDay += 86400;
    --days;
  }
  Civil c = civilFromDays(days);
  std::string out;
  appendPadded(out, c.year, 4);
  out += '-';
  appendPadded(out, c.month, 2);
  out += '-';
  appendPadded(out, c.day, 2);
  out += 'T';
  appendPadded(out, secOfDay / 3600, 2);
  out += ':';
  appendPadded(out, secOfDay / 60 % 60, 2);
  out += ':';
  appendPadded(out, secOfDay % 60, 2);
  if (ns != 0) {
    char frac[10];
    for (int i = 8; i >= 0; --i) {
      frac[i] = char('0' + ns % 10);
      ns /= 10;
    }
    int len = 9;
    while (len > 0 && frac[len - 1] == '0') --len;
    out += '.';
    out.append(frac, size_t(len));
  }
  out += 'Z';
  return out;
}

TimestampParse parseRfc3339(std::string_view s) {
  auto fail = [](std::string msg) {
    TimestampParse r;
    r.error = std::move(msg);
    return r;
  };
  const std::string expected =
      "expected an RFC 3339 date-time such as `2024-01-02T03:04:05Z` or `2024-01-02T03:04:05.5+01:00`";
  auto digits = [&](size_t pos, size_t n, int64_t& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int64_t year, month, day, hour, minute, second;
  if (s.size() < 19 || !digits(0, 4, year) || s[4] != '-' || !digits(5, 2, month) || s[7] != '-' ||
      !digits(8, 2, day) || s[10] != 'T' || !digits(11, 2, hour) || s[13] != ':' ||
      !digits(14, 2, minute) || s[16] != ':' || !digits(17, 2, second))
    return fail(expected);
  if (month < 1 || month > 12) return fail("month " + std::to_string(month) + " out of range 01-12");
  if (day < 1 || day > daysIn(int(month), year))
    return fail("day " + std::to_string(day) + " out of range for month " + std::string(s.substr(0, 7)));
  if (hour > 23) return fail("hour " + std::to_string(hour) + " out of range 00-23");
  if (minute > 59) return fail("minute " + std::to_string(minute) + " out of range 00-59");
  if (second > 59) return fail("second " + std::to_string(second) + " out of range 00-59 (no leap seconds)");

  size_t pos = 19;
  int64_t nanos = 0;
  // Go takes a comma as well as a period before the fraction, and drops
  // digits after the ninth (time/format.go: commaOrPeriod, parseNanoseconds).
  if (pos + 1 < s.size() && (s[pos] == '.' || s[pos] == ',') && s[pos + 1] >= '0' && s[pos + 1] <= '9') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    for (size_t i = start; i < start + 9; ++i) nanos = nanos * 10 + (i < pos ? s[i] - '0' : 0);
  }
  std::string_view zone = s.substr(pos);
  int64_t offset = 0;
  if (zone != "Z") {
    int64_t zh, zm;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !digits(pos + 1, 2, zh) || !digits(pos + 4, 2, zm))
      return fail(zone.empty() ? "missing time zone: end a date-time with `Z` or an offset such as `+01:00`"
                               : expected);
    if (zh > 23 || zm > 59) return fail("time zone offset `" + std::string(zone) + "` out of range");
    offset = (zh * 60 + zm) * 60 * (zone[0] == '-' ? -1 : 1);
  }
  int64_t secs = daysFromCivil(year, int(month), int(day)) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (secs < kMinTimestampSeconds || secs > kMaxTimestampSeconds)
    return fail("date-time outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
  TimestampParse r;
  r.value = Timestamp{secs, int32_t(nanos)};
  return r;
}

} // namespace flytec::idl
