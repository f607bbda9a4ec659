// robfig/cron v3 parser.go (Parser.Parse with Minute|Hour|Dom|Month|Dow|
// Descriptor, normalizeFields, getField, getRange, parseIntOrName,
// mustParseInt, parseDescriptor) and the parts of Go it leans on:
// strings.Fields and TrimSpace (Unicode white space), strconv.Atoi and its
// error text, time.LoadLocation, time.ParseDuration (duration.h).
#include "idl/cron.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <vector>

#include "idl/duration.h"

namespace flytec::idl {
namespace {

struct Bounds {
  uint64_t min, max;
  // Lower-case names, value = index + min (months) or index (weekdays).
  const char* const* names;
  size_t nameCount;
};

constexpr const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kDowNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

constexpr Bounds kBounds[5] = {
    {0, 59, nullptr, 0},          // minute
    {0, 23, nullptr, 0},          // hour
    {1, 31, nullptr, 0},          // day of month
    {1, 12, kMonthNames, 12},     // month
    {0, 6, kDowNames, 7},         // day of week
};

constexpr std::string_view kDescriptors =
    "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>";

// ----------------------------------------------------------- Go helpers

/// Decodes one UTF-8 rune at s[i]; invalid bytes decode as U+FFFD, length 1.
uint32_t decodeRune(std::string_view s, size_t i, size_t& len) {
  unsigned char c = (unsigned char)s[i];
  len = 1;
  if (c < 0x80) return c;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0xFFFD;
  uint32_t r = c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = (unsigned char)s[i + k];
    if ((cc & 0xC0) != 0x80) return 0xFFFD;
    r = (r << 6) | (cc & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (r < kMin[n] || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0xFFFD;
  len = n;
  return r;
}

/// Go's unicode.IsSpace.
bool isGoSpace(uint32_t r) {
  switch (r) {
  case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
  case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
    return true;
  default:
    return r >= 0x2000 && r <= 0x200A;
  }
}

struct Piece {
  std::string_view text;
  size_t offset;
};

/// Go's strings.Fields, with byte offsets.
std::vector<Piece> goFields(std::string_view s, size_t base) {
  std::vector<Piece> out;
  size_t i = 0, start = 0;
  bool in = false;
  while (i < s.size()) {
    size_t len;
    bool space = isGoSpace(decodeRune(s, i, len));
    if (space && in) {
      out.push_back({s.substr(start, i - start), base + start});
      in = false;
    } else if (!space && !in) {
      start = i;
      in = true;
    }
    i += len;
  }
  if (in) out.push_back({s.substr(start), base + start});
  return out;
}

/// Go's strings.TrimSpace; `base` moves by what was cut at the front.
std::string_view goTrimSpace(std::string_view s, size_t& base) {
  size_t first = s.size(), last = 0, len = 0;
  for (size_t i = 0; i < s.size(); i += len) {
    if (!isGoSpace(decodeRune(s, i, len))) {
      if (first == s.size()) first = i;
      last = i + len;
    }
  }
  if (first == s.size()) {
    base += s.size();
    return s.substr(s.size());
  }
  base += first;
  return s.substr(first, last - first);
}

/// Go's strconv.Quote for the texts that reach an Atoi error.
std::string goQuote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t len;
    uint32_t r = decodeRune(s, i, len);
    unsigned char c = (unsigned char)s[i];
    if (r == 0xFFFD && len == 1 && c >= 0x80) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += char(r);
    } else if (r >= 0x20 && r < 0x7F) {
      out += char(r);
    } else if (r < 0x80) {
      switch (r) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        out += "\\x";
        out += kHex[r >> 4];
        out += kHex[r & 0xF];
      }
    } else if (r < 0xA0 || (r != ' ' && isGoSpace(r))) {
      // C1 controls and non-ASCII spaces are not printable for Go.
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(r));
      out += buf;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  out += '"';
  return out;
}

/// strconv.Atoi: the value, or the error text of its *NumError.
struct AtoiResult {
  int64_t value = 0;
  std::string error;
};

AtoiResult goAtoi(std::string_view s0) {
  AtoiResult r;
  auto syntax = [&] { r.error = "strconv.Atoi: parsing " + goQuote(s0) + ": invalid syntax"; return r; };
  auto range = [&] { r.error = "strconv.Atoi: parsing " + goQuote(s0) + ": value out of range"; return r; };
  std::string_view s = s0;
  if (s.empty()) return syntax();
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
    if (s.empty()) return syntax();
  }
  const uint64_t cutoff = std::numeric_limits<uint64_t>::max() / 10 + 1;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return syntax();
    if (n >= cutoff) return range();
    n *= 10;
    uint64_t n1 = n + uint64_t(c - '0');
    if (n1 < n) return range();
    n = n1;
  }
  if (!neg && n > uint64_t(std::numeric_limits<int64_t>::max())) return range();
  if (neg && n > (uint64_t(1) << 63)) return range();
  r.value = neg ? int64_t(0 - n) : int64_t(n);
  return r;
}

/// time.LoadLocation's verdict on a zone name: empty when it loads.
std::string checkZone(const std::string& name, const std::string& dir, bool& verified) {
  verified = true;
  if (name.empty() || name == "UTC" || name == "Local") return "";
  if (name.find("..") != std::string::npos || name[0] == '/' || name[0] == '\\')
    return "time: invalid location name";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    verified = false;
    return "";
  }
  std::filesystem::path path = std::filesystem::path(dir) / name;
  if (!std::filesystem::is_regular_file(path, ec)) return "unknown time zone " + name;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "unknown time zone " + name;
  char magic[4] = {};
  size_t got = std::fread(magic, 1, 4, f);
  std::fclose(f);
  if (got != 4 || std::string_view(magic, 4) != "TZif") return "malformed time zone information";
  return "";
}

// ------------------------------------------------------------ robfig parts

/// parseIntOrName.
std::optional<uint64_t> parseIntOrName(std::string_view expr, const Bounds& b, std::string& error) {
  if (b.names) {
    std::string lower(expr);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    for (size_t i = 0; i < b.nameCount; ++i)
      if (lower == b.names[i]) return b.min == 1 ? i + 1 : i;
  }
  AtoiResult a = goAtoi(expr);
  if (!a.error.empty()) {
    error = "failed to parse int from " + std::string(expr) + ": " + a.error;
    return std::nullopt;
  }
  if (a.value < 0) {
    error = "negative number (" + std::to_string(a.value) + ") not allowed: " + std::string(expr);
    return std::nullopt;
  }
  return uint64_t(a.value);
}

/// mustParseInt.
std::optional<uint64_t> mustParseInt(std::string_view expr, std::string& error) {
  static constexpr Bounds kNoNames = {0, 0, nullptr, 0};
  return parseIntOrName(expr, kNoNames, error);
}

std::vector<std::string_view> goSplit(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

/// getRange: number | number "-" number [ "/" number ], or `*`/`?` with an
/// optional step. Sets bits and star; returns robfig's error text.
std::string getRange(std::string_view expr, const Bounds& r, uint64_t& bits, bool& star) {
  std::vector<std::string_view> rangeAndStep = goSplit(expr, '/');
  std::vector<std::string_view> lowAndHigh = goSplit(rangeAndStep[0], '-');
  bool singleDigit = lowAndHigh.size() == 1;
  uint64_t start, end, step;
  bool extraStar = false;
  std::string error;
  if (lowAndHigh[0] == "*" || lowAndHigh[0] == "?") {
    start = r.min;
    end = r.max;
    extraStar = true;
  } else {
    std::optional<uint64_t> s = parseIntOrName(lowAndHigh[0], r, error);
    if (!s) return error;
    start = *s;
    if (lowAndHigh.size() == 1) {
      end = start;
    } else if (lowAndHigh.size() == 2) {
      std::optional<uint64_t> e = parseIntOrName(lowAndHigh[1], r, error);
      if (!e) return error;
      end = *e;
    } else {
      return "too many hyphens: " + std::string(expr);
    }
  }
  if (rangeAndStep.size() == 1) {
    step = 1;
  } else if (rangeAndStep.size() == 2) {
    std::optional<uint64_t> st = mustParseInt(rangeAndStep[1], error);
    if (!st) return error;
    step = *st;
    if (singleDigit) end = r.max;  // "N/step" means "N-max/step"
    if (step > 1) extraStar = false;
  } else {
    return "too many slashes: " + std::string(expr);
  }
  if (start < r.min)
    return "beginning of range (" + std::to_string(start) + ") below minimum (" + std::to_string(r.min) +
           "): " + std::string(expr);
  if (end > r.max)
    return "end of range (" + std::to_string(end) + ") above maximum (" + std::to_string(r.max) +
           "): " + std::string(expr);
  if (start > end)
    return "beginning of range (" + std::to_string(start) + ") beyond end of range (" + std::to_string(end) +
           "): " + std::string(expr);
  if (step == 0) return "step of range should be a positive number: " + std::string(expr);
  for (uint64_t i = start; i <= end; i += step) bits |= uint64_t(1) << i;
  star = star || extraStar;
  return "";
}

CronParse failure(std::string message, std::optional<CronField> field, std::string_view text,
                  std::string_view allowed, size_t offset) {
  CronParse r;
  r.error.message = std::move(message);
  r.error.field = field;
  r.error.text = std::string(text);
  r.error.allowed = std::string(allowed);
  r.error.offset = offset;
  return r;
}

} // namespace

std::string_view cronFieldName(CronField f) {
  switch (f) {
  case CronField::Minute: return "minute";
  case CronField::Hour: return "hour";
  case CronField::DayOfMonth: return "day of month";
  case CronField::Month: return "month";
  case CronField::DayOfWeek: return "day of week";
  }
  return "";
}

std::string_view cronFieldAllowed(CronField f) {
  switch (f) {
  case CronField::Minute: return "0-59";
  case CronField::Hour: return "0-23";
  case CronField::DayOfMonth: return "1-31";
  case CronField::Month: return "1-12 or JAN-DEC";
  case CronField::DayOfWeek: return "0-6 or SUN-SAT";
  }
  return "";
}

CronParse parseCronStandard(std::string_view spec, const CronOptions& options) {
  if (spec.empty())
    return failure("empty spec string", std::nullopt, "", "5 fields or a descriptor", 0);

  CronSchedule schedule;
  size_t base = 0;  // offset of `spec` in the original text

  // Time zone prefix.
  if (spec.substr(0, 3) == "TZ=" || spec.substr(0, 8) == "CRON_TZ=") {
    size_t space = spec.find(' ');
    size_t eq = spec.find('=');
    if (space == std::string_view::npos)
      return failure("a time zone prefix must be followed by a space and the schedule: " + std::string(spec),
                     std::nullopt, spec, "`CRON_TZ=Zone <schedule>`", 0);
    std::string zone(spec.substr(eq + 1, space - eq - 1));
    bool verified = true;
    std::string zoneError = checkZone(zone, options.zoneinfoDir, verified);
    if (!zoneError.empty())
      return failure("provided bad location " + zone + ": " + zoneError, std::nullopt, zone,
                     "an IANA time zone name such as `UTC` or `Europe/Berlin`", eq + 1);
    schedule.timezone = zone;
    schedule.zoneVerified = verified;
    base = space;
    spec = goTrimSpace(spec.substr(space), base);
  }

  // Descriptors.
  if (!spec.empty() && spec[0] == '@') {
    schedule.descriptor = std::string(spec);
    if (spec == "@yearly" || spec == "@annually" || spec == "@monthly" || spec == "@weekly" ||
        spec == "@daily" || spec == "@midnight" || spec == "@hourly") {
      schedule.kind = CronKind::Descriptor;
      CronParse r;
      r.schedule = std::move(schedule);
      return r;
    }
    constexpr std::string_view kEvery = "@every ";
    if (spec.substr(0, kEvery.size()) == kEvery) {
      DurationParse d = parseGoDuration(spec.substr(kEvery.size()));
      if (!d)
        return failure("failed to parse duration " + std::string(spec) + ": " + d.error, std::nullopt,
                       spec.substr(kEvery.size()), "a Go duration such as `1h30m` or `90s`",
                       base + kEvery.size());
      schedule.kind = CronKind::Every;
      schedule.everyNanos = *d.nanos;
      int64_t delay = std::max(*d.nanos, kSecond);
      schedule.everyEffectiveNanos = delay - delay % kSecond;
      CronParse r;
      r.schedule = std::move(schedule);
      return r;
    }
    return failure("unrecognized descriptor: " + std::string(spec), std::nullopt, spec, kDescriptors, base);
  }

  // Five fields.
  std::vector<Piece> fields = goFields(spec, base);
  if (fields.size() != 5) {
    std::string list = "[";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) list += ' ';
      list += fields[i].text;
    }
    list += ']';
    return failure("expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " + list,
                   std::nullopt, spec, "5 fields: minute hour day-of-month month day-of-week", base);
  }
  schedule.kind = CronKind::Fields;
  for (size_t f = 0; f < 5; ++f) {
    // getField: a comma-separated list of ranges; empty items are skipped
    // (strings.FieldsFunc), so `,` is an empty list.
    std::string_view field = fields[f].text;
    size_t start = 0;
    for (size_t i = 0; i <= field.size(); ++i) {
      if (i < field.size() && field[i] != ',') continue;
      if (i > start) {
        std::string_view expr = field.substr(start, i - start);
        std::string error = getRange(expr, kBounds[f], schedule.bits[f], schedule.star[f]);
        if (!error.empty())
          return failure(std::move(error), CronField(f), expr, cronFieldAllowed(CronField(f)),
                         fields[f].offset + start);
      }
      start = i + 1;
    }
  }
  CronParse r;
  r.schedule = std::move(schedule);
  return r;
}

} // namespace flytec::idl
