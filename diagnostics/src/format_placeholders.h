// How many values an fmt format string takes, at compile time: the
// catalogue's messages and its reasons are checked against their declared
// counts with it. Not a public header.
#pragma once

#include <cstddef>
#include <string_view>

namespace flytec::detail {

/// The `{}` of `format`, not counting the escapes `{{` and `}}`.
consteval unsigned placeholders(std::string_view format) {
  unsigned n = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    bool doubled = i + 1 < format.size() && format[i + 1] == format[i];
    if ((format[i] == '{' || format[i] == '}') && doubled) ++i;
    else if (format[i] == '{') ++n;
  }
  return n;
}

}  // namespace flytec::detail
