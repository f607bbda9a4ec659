// One view of the `key = value` / `key { ... }` shapes the rule checks read:
// task bodies, `with` overrides, `dask` groups (blocks), and resource and
// `cache` dicts (dict literals `{ k = v }`). A check walks entries without
// caring which of the two was written, and reports repeated keys (E0324) in
// one place. It reports nothing else and judges no values.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"

namespace flytec::tc {

/// A field of a block or an entry of a dict literal.
struct Entry {
  const ast::Ident* key = nullptr;
  const ast::Expr* value = nullptr;   ///< `key = value` and dict entries
  const ast::Block* block = nullptr;  ///< `key { ... }`
  llvm::SMRange range;

  std::string name() const { return std::string(key->name); }
  /// The value's range, else the block's, else the key's.
  llvm::SMRange valueRange() const;
};

Entry entryOf(const ast::Field& f);
std::vector<Entry> entriesOf(const ast::Block& b);
std::vector<Entry> entriesOf(const ast::DictExpr& d);
/// What `e` holds when it is a block or a dict literal; nullopt otherwise.
std::optional<std::vector<Entry>> nestedEntries(const Entry& e);
/// The first entry named `name` (after `canonical`), or null.
const Entry* findEntry(const std::vector<Entry>& entries, std::string_view name);

/// Maps a key to the key it means (`memory` -> `mem`); identity by default.
using KeyCanonicalizer = std::function<std::string(const std::string&)>;

/// E0324 for each entry whose (canonical) key appeared before, with a note at
/// the first; `where` names the block ("task `t`", "`requests`").
void reportDuplicateKeys(const std::vector<Entry>& entries, const std::string& where,
                         DiagnosticEngine& diags, const KeyCanonicalizer& canonical = {});

}  // namespace flytec::tc
