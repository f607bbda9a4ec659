// JSON lists of numbers and booleans without a JSON tree (see
// scalar_list_parse.h).
#include "runtime/scalar_list_parse.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

using flyteidl::core::LiteralType;

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view t, bool& integral) {
  size_t i = 0, n = t.size();
  if (i < n && t[i] == '-') ++i;
  if (i >= n || !isDigit(t[i])) return false;
  if (t[i] == '0') ++i;
  else
    while (i < n && isDigit(t[i])) ++i;
  integral = true;
  if (i < n && t[i] == '.') {
    integral = false;
    if (++i >= n || !isDigit(t[i])) return false;
    while (i < n && isDigit(t[i])) ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    integral = false;
    if (++i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= n || !isDigit(t[i])) return false;
    while (i < n && isDigit(t[i])) ++i;
  }
  return i == n;
}

/// Adds the element `token` of a list of `kind`; false when the general
/// parser must decide (or, with `error` set, when it is out of range).
bool addElement(std::string_view token, flyteidl::core::SimpleType kind, flyteidl::core::LiteralCollection& coll,
                size_t index, std::string& error) {
  if (kind == flyteidl::core::BOOLEAN) {
    if (token != "true" && token != "false") return false;
    coll.add_literals()->mutable_scalar()->mutable_primitive()->set_boolean(token == "true");
    return true;
  }
  bool integral = false;
  if (!isJsonNumber(token, integral)) return false;
  if (kind == flyteidl::core::INTEGER) {
    if (!integral) return false;  // 2.0 is an int too: the general parser takes it
    int64_t v = 0;
    auto r = std::from_chars(token.data(), token.data() + token.size(), v);
    if (r.ec == std::errc::result_out_of_range) {
      error = reasonText(reason::at_element, index,
                         reasonText(reason::expected_but_found, "an integer in the range of a 64-bit signed integer",
                                    token));
      return false;
    }
    if (r.ec != std::errc() || r.ptr != token.data() + token.size()) return false;
    coll.add_literals()->mutable_scalar()->mutable_primitive()->set_integer(v);
    return true;
  }
  double d = 0;
  auto r = std::from_chars(token.data(), token.data() + token.size(), d);
  if (r.ec != std::errc() || r.ptr != token.data() + token.size() || !std::isfinite(d)) return false;
  coll.add_literals()->mutable_scalar()->mutable_primitive()->set_float_value(d);
  return true;
}

}  // namespace

FastParse parseScalarList(std::string_view text, const LiteralType& type, flyteidl::core::Literal& out,
                          std::string& error) {
  if (type.type_case() != LiteralType::kCollectionType) return FastParse::NotApplicable;
  const LiteralType& element = type.collection_type();
  if (element.type_case() != LiteralType::kSimple) return FastParse::NotApplicable;
  auto kind = element.simple();
  if (kind != flyteidl::core::INTEGER && kind != flyteidl::core::FLOAT && kind != flyteidl::core::BOOLEAN)
    return FastParse::NotApplicable;
  size_t i = 0, n = text.size();
  auto skip = [&] {
    while (i < n && isSpace(text[i])) ++i;
  };
  skip();
  if (i >= n || text[i] != '[') return FastParse::NotApplicable;
  ++i;
  flyteidl::core::Literal result;
  auto* coll = result.mutable_collection();
  coll->mutable_literals()->Reserve(static_cast<int>(std::min<size_t>(
      std::count(text.begin(), text.end(), ',') + 1, static_cast<size_t>(std::numeric_limits<int>::max()))));
  skip();
  if (i < n && text[i] == ']') {
    ++i;
  } else {
    for (size_t index = 0;; ++index) {
      skip();
      size_t start = i;
      while (i < n && !isSpace(text[i]) && text[i] != ',' && text[i] != ']') ++i;
      std::string bad;
      if (!addElement(text.substr(start, i - start), kind, *coll, index, bad)) {
        if (bad.empty()) return FastParse::NotApplicable;
        error = std::move(bad);
        return FastParse::Invalid;
      }
      skip();
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == ']') {
        ++i;
        break;
      }
      return FastParse::NotApplicable;
    }
  }
  skip();
  if (i != n) return FastParse::NotApplicable;
  out = std::move(result);
  return FastParse::Parsed;
}

}  // namespace flytec::rt
