// Uniform entries over blocks and dict literals; see block_entries.h.
#include "rules/block_entries.h"

#include <map>

namespace flytec::tc {

llvm::SMRange Entry::valueRange() const {
  if (value) return value->range;
  if (block) return block->range;
  return key->range;
}

Entry entryOf(const ast::Field& f) { return Entry{&f.key, f.value.get(), f.block.get(), f.range}; }

std::vector<Entry> entriesOf(const ast::Block& b) {
  std::vector<Entry> out;
  out.reserve(b.fields.size());
  for (const ast::Field& f : b.fields) out.push_back(entryOf(f));
  return out;
}

std::vector<Entry> entriesOf(const ast::DictExpr& d) {
  std::vector<Entry> out;
  out.reserve(d.entries.size());
  for (const ast::DictEntry& e : d.entries) out.push_back(Entry{&e.key, e.value.get(), nullptr, e.range});
  return out;
}

std::optional<std::vector<Entry>> nestedEntries(const Entry& e) {
  if (e.block) return entriesOf(*e.block);
  if (auto* d = llvm::dyn_cast_or_null<ast::DictExpr>(e.value)) return entriesOf(*d);
  return std::nullopt;
}

const Entry* findEntry(const std::vector<Entry>& entries, std::string_view name) {
  for (const Entry& e : entries)
    if (e.name() == name) return &e;
  return nullptr;
}

void reportDuplicateKeys(const std::vector<Entry>& entries, const std::string& where,
                         DiagnosticEngine& diags, const KeyCanonicalizer& canonical) {
  std::map<std::string, const Entry*> seen;
  for (const Entry& e : entries) {
    std::string k = canonical ? canonical(e.name()) : e.name();
    auto [it, inserted] = seen.emplace(k, &e);
    if (inserted) continue;
    std::string shown = e.name() == it->second->name() ? e.name() : it->second->name() + "` or `" + e.name();
    diags.report(diag::err_field_set_twice, e.key->range, shown, where)
        .note(it->second->key->range, reason::note_first_set_here);
  }
}

}  // namespace flytec::tc
