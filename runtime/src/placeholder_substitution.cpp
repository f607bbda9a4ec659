// Placeholders and path prefixes in commands (see placeholder_substitution.h).
// The placeholder syntax is flyteplugins' `(?i){{\s*[\.$]Inputs\.([^}\s]+)\s*}}`,
// matched here by hand so that no regex engine's dialect matters.
#include "runtime/placeholder_substitution.h"

#include <cctype>

#include "diagnostics/diagnostic_reason.h"
#include "runtime/literal_text.h"

namespace flytec::rt {

namespace {

bool isPathChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

/// Whether the `length` characters at `at` in `s` are a whole path
/// component run: no path character right before or right after them.
bool standsAlone(const std::string& s, size_t at, size_t length) {
  size_t after = at + length;
  return (at == 0 || !isPathChar(s[at - 1])) && (after >= s.size() || !isPathChar(s[after]));
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Matches a placeholder starting at s[pos] == '{'. On success sets `name`
/// and `end` (one past the closing braces).
bool matchPlaceholder(const std::string& s, size_t pos, std::string& name, size_t& end) {
  if (s.compare(pos, 2, "{{") != 0) return false;
  size_t i = pos + 2;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i >= s.size() || (s[i] != '.' && s[i] != '$')) return false;
  ++i;
  static const char kw[] = "inputs.";
  for (size_t k = 0; k < 7; ++k, ++i)
    if (i >= s.size() || std::tolower(static_cast<unsigned char>(s[i])) != kw[k]) return false;
  size_t start = i;
  while (i < s.size() && s[i] != '}' && !isSpace(s[i])) ++i;
  if (i == start) return false;
  name = s.substr(start, i - start);
  while (i < s.size() && isSpace(s[i])) ++i;
  if (s.compare(i, 2, "}}") != 0) return false;
  end = i + 2;
  return true;
}

}  // namespace

std::string replacePathPrefix(const std::string& s, const std::string& prefix, const std::string& replacement) {
  if (prefix.empty()) return s;
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t hit = s.find(prefix, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos);
    out += standsAlone(s, hit, prefix.size()) ? replacement : prefix;
    pos = hit + prefix.size();
  }
  out.append(s, pos, std::string::npos);
  return out;
}

bool mentionsPathPrefix(const std::vector<std::string>& argv, const std::string& prefix) {
  if (prefix.empty()) return false;
  for (const auto& s : argv)
    for (size_t hit = s.find(prefix); hit != std::string::npos; hit = s.find(prefix, hit + 1))
      if (standsAlone(s, hit, prefix.size())) return true;
  return false;
}

InputReferences scanInputReferences(const std::vector<std::string>& argv, const std::string& prefix,
                                    const std::set<std::string>& inputNames) {
  InputReferences refs;
  for (const auto& s : argv) {
    size_t pos = 0;
    for (;;) {
      size_t hit = s.find(prefix, pos);
      if (hit == std::string::npos) break;
      size_t after = hit + prefix.size();
      pos = after;
      if (!standsAlone(s, hit, prefix.size())) continue;
      if (after >= s.size() || s[after] != '/') {
        refs.everything = true;
        continue;
      }
      size_t nameStart = after + 1, i = nameStart;
      while (i < s.size() && isPathChar(s[i])) ++i;
      std::string name = s.substr(nameStart, i - nameStart);
      if (name == "inputs.json") {
        refs.json = true;
        continue;
      }
      if (name == "inputs.pb") {
        refs.pb = true;
        continue;
      }
      if (!inputNames.count(name)) {
        // A name built at run time, or unknown: give it everything.
        refs.everything = true;
        continue;
      }
      auto& r = refs.inputs[name];
      std::string rest = s.substr(i, 28);
      if (rest.rfind("/${FLYTE_K8S_ARRAY_INDEX}", 0) == 0 || rest.rfind("/$FLYTE_K8S_ARRAY_INDEX", 0) == 0)
        r.element = true;
      else
        r.whole = true;
    }
  }
  return refs;
}

bool substituteInputPlaceholders(std::string& s, const InputLookup& lookup, std::string& error) {
  if (s.find("{{") == std::string::npos) return true;
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t open = s.find("{{", pos);
    if (open == std::string::npos) break;
    std::string name;
    size_t end;
    if (!matchPlaceholder(s, open, name, end)) {
      out.append(s, pos, open + 2 - pos);
      pos = open + 2;
      continue;
    }
    const flyteidl::core::Literal* value = lookup(name);
    if (!value) {
      error = reasonText(reason::command_uses_undeclared_input, name);
      return false;
    }
    auto text = inlineText(*value);
    if (!text) {
      error = reasonText(reason::command_uses_input_without_text, name);
      return false;
    }
    out.append(s, pos, open - pos);
    out += *text;
    pos = end;
  }
  out.append(s, pos, std::string::npos);
  s = std::move(out);
  return true;
}

std::vector<std::string> inputPlaceholderNames(const std::string& s) {
  std::vector<std::string> names;
  size_t pos = 0;
  for (;;) {
    size_t open = s.find("{{", pos);
    if (open == std::string::npos) break;
    std::string name;
    size_t end;
    if (matchPlaceholder(s, open, name, end)) {
      names.push_back(name);
      pos = end;
    } else {
      pos = open + 2;
    }
  }
  return names;
}

}  // namespace flytec::rt
