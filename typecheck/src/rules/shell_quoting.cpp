// sh quoting contexts; see shell_quoting.h.
#include "rules/shell_quoting.h"

namespace flytec::tc {

std::vector<ShellQuote> shellQuoting(std::string_view s) {
  std::vector<ShellQuote> out(s.size(), ShellQuote::None);
  ShellQuote state = ShellQuote::None;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (state) {
      case ShellQuote::None:
        if (c == '\\') { ++i; continue; }  // the escaped byte stays outside quotes
        if (c == '\'') state = ShellQuote::Single;
        else if (c == '"') state = ShellQuote::Double;
        continue;  // out[i] stays None
      case ShellQuote::Single:
        if (c == '\'') { state = ShellQuote::None; continue; }
        out[i] = ShellQuote::Single;
        continue;
      case ShellQuote::Double:
        if (c == '"') { state = ShellQuote::None; continue; }
        out[i] = ShellQuote::Double;
        if (c == '\\' && i + 1 < s.size()) out[++i] = ShellQuote::Double;
        continue;
    }
  }
  return out;
}

}  // namespace flytec::tc
