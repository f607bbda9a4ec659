// The keys the language gives a meaning to, one list each: the fields of a
// task, the resource names of `requests`/`limits`, the options of `map`.
// The checker's unknown-key rules suggest from these lists and the editor
// completes from them, so a key the checker accepts is a key the editor
// offers, and no other.
#pragma once

#include <string>
#include <vector>

namespace flytec::tc {

struct LanguageKey {
  std::string name;
  std::string summary;  ///< what it holds, one line (the editor's detail)
  bool block = false;   ///< written `name { ... }`, not `name = value`
};

/// The fields of a task body, in the order the language reference lists them.
const std::vector<LanguageKey>& taskFieldKeys();
/// The resource names of `requests` and `limits`, canonical spellings only
/// (the checker also accepts `memory` for `mem`).
const std::vector<LanguageKey>& resourceKeys();
/// The options of `map(task, ...)`.
const std::vector<LanguageKey>& mapOptionKeys();

/// The names of `keys`, for did-you-mean suggestions.
std::vector<std::string> keyNames(const std::vector<LanguageKey>& keys);

}  // namespace flytec::tc
