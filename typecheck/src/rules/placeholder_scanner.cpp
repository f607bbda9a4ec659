// Placeholder scanning, see typecheck/placeholder_scanner.h. The matching
// mirrors Flyte's regexps, e.g. `(?i){{\s*[\.$]Inputs\.(?P<name>[^}\s]+)\s*}}`:
// `\s` is Go's RE2 class [\t\n\f\r ], the keyword is case-insensitive, the
// name is not.
#include "typecheck/placeholder_scanner.h"

#include <cctype>

namespace flytec::tc {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool isWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool equalsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower[i]) return false;
  return true;
}

/// Match one of flytec's four forms at `i` (which holds `{{`).
bool matchOwn(std::string_view t, size_t i, Placeholder& out) {
  size_t j = i + 2;
  while (j < t.size() && isSpace(t[j])) ++j;
  if (j >= t.size() || (t[j] != '.' && t[j] != '$')) return false;
  ++j;
  size_t headBegin = j;
  while (j < t.size() && isWord(t[j])) ++j;
  std::string_view head = t.substr(headBegin, j - headBegin);
  bool inputs = equalsLower(head, "inputs"), outputs = equalsLower(head, "outputs");
  auto closeAt = [&](size_t k) -> size_t {  // position after `\s*}}`, or npos
    while (k < t.size() && isSpace(t[k])) ++k;
    return t.substr(k, 2) == "}}" ? k + 2 : std::string_view::npos;
  };
  if ((inputs || outputs) && j < t.size() && t[j] == '.') {
    size_t nameBegin = j + 1, k = nameBegin;
    while (k < t.size() && t[k] != '}' && !isSpace(t[k])) ++k;
    if (k == nameBegin) return false;
    size_t end = closeAt(k);
    if (end == std::string_view::npos) return false;
    out.kind = inputs ? PlaceholderKind::Input : PlaceholderKind::Output;
    out.begin = i, out.end = end, out.nameBegin = nameBegin, out.nameEnd = k;
    out.name = std::string(t.substr(nameBegin, k - nameBegin));
    return true;
  }
  if (inputs || equalsLower(head, "outputdir")) {
    size_t end = closeAt(j);
    if (end == std::string_view::npos) return false;
    out.kind = inputs ? PlaceholderKind::Inputs : PlaceholderKind::OutputDir;
    out.begin = i, out.end = end, out.nameBegin = headBegin, out.nameEnd = j;
    return true;
  }
  return false;
}

/// Match any other `{{ text }}` without braces inside.
bool matchPassthrough(std::string_view t, size_t i, Placeholder& out) {
  size_t k = i + 2;
  while (k < t.size() && t[k] != '{' && t[k] != '}') ++k;
  if (t.substr(k, 2) != "}}") return false;
  out.kind = PlaceholderKind::Passthrough;
  out.begin = i, out.end = k + 2;
  size_t a = i + 2, b = k;
  while (a < b && isSpace(t[a])) ++a;
  while (b > a && isSpace(t[b - 1])) --b;
  out.name = std::string(t.substr(a, b - a));
  out.nameBegin = out.nameEnd = a;
  if (a < b && (t[a] == '.' || t[a] == '$') && a + 1 < b && isWordStart(t[a + 1])) {
    size_t h = a + 1;
    while (h < b && isWord(t[h])) ++h;
    out.head = std::string(t.substr(a + 1, h - a - 1));
    out.nameBegin = a + 1, out.nameEnd = h;
    if (h < b && t[h] == '.') out.member = std::string(t.substr(h + 1, b - h - 1));
  }
  return true;
}

}  // namespace

std::string Placeholder::spelling() const {
  switch (kind) {
    case PlaceholderKind::Input: return ".inputs." + name;
    case PlaceholderKind::Inputs: return ".inputs";
    case PlaceholderKind::Output: return ".outputs." + name;
    case PlaceholderKind::OutputDir: return ".outputDir";
    case PlaceholderKind::Passthrough: return name;
  }
  return name;
}

std::string Placeholder::canonical() const { return "{{" + spelling() + "}}"; }

std::vector<Placeholder> scanPlaceholders(std::string_view text) {
  std::vector<Placeholder> out;
  size_t i = 0;
  while (true) {
    i = text.find("{{", i);
    if (i == std::string_view::npos) break;
    Placeholder p;
    if (matchOwn(text, i, p) || matchPassthrough(text, i, p)) {
      out.push_back(std::move(p));
      i = out.back().end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace flytec::tc
