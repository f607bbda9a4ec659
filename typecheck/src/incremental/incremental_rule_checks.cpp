// See incremental_rule_checks.h.
#include "incremental_rule_checks.h"

#include <optional>

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/xxhash.h"
#include "rule_inputs.h"

namespace flytec::tc {

namespace {

using Entry = RuleCheckCache::Entry;
using StoredRange = RuleCheckCache::StoredRange;
using StoredDiagnostic = RuleCheckCache::StoredDiagnostic;

/// Everything of one declaration its dependants' checks may read.
uint64_t declarationHash(const Entity& e) {
  const llvm::StringRef file = e.module ? llvm::StringRef(e.module->path) : llvm::StringRef();
  const uint64_t parts[] = {llvm::xxHash64(declarationText(e)), llvm::xxHash64(e.decl->doc.str()),
                            llvm::xxHash64(file), llvm::xxHash64(e.loweredName), static_cast<uint64_t>(e.kind)};
  return llvm::xxHash64(llvm::StringRef(reinterpret_cast<const char*>(parts), sizeof parts));
}

/// The key of entity `i`'s results: its place in its set, and each member.
uint64_t resultKey(const RuleInputs& inputs, const std::vector<uint64_t>& hashes, uint32_t i) {
  std::vector<uint64_t> parts{inputs.selfAt[i]};
  for (uint32_t member : inputs.of[i]) parts.push_back(hashes[member]);
  return llvm::xxHash64(llvm::StringRef(reinterpret_cast<const char*>(parts.data()), parts.size() * sizeof(uint64_t)));
}

/// The declarations of entity `i`'s set, as text, in the set's order.
std::vector<llvm::StringRef> setTexts(const SemanticModel& model, const RuleInputs& inputs, uint32_t i) {
  std::vector<llvm::StringRef> out;
  for (uint32_t member : inputs.of[i]) out.push_back(declarationText(*model.entities[member]));
  return out;
}

std::optional<StoredRange> store(llvm::SMRange r, const std::vector<llvm::StringRef>& texts) {
  if (!r.isValid()) return StoredRange{};
  const char* b = r.Start.getPointer();
  const char* e = r.End.getPointer();
  for (size_t k = 0; k < texts.size(); ++k)
    if (b >= texts[k].begin() && e <= texts[k].end() && b <= e)
      return StoredRange{static_cast<uint32_t>(k), static_cast<uint32_t>(b - texts[k].begin()),
                         static_cast<uint32_t>(e - texts[k].begin()), true};
  return std::nullopt;
}

llvm::SMRange restore(const StoredRange& r, const std::vector<llvm::StringRef>& texts) {
  if (!r.valid) return {};
  const char* base = texts[r.declaration].begin();
  return {llvm::SMLoc::getFromPointer(base + r.begin), llvm::SMLoc::getFromPointer(base + r.end)};
}

/// `d` with every location an offset into `texts`; nullopt when one lies elsewhere.
std::optional<StoredDiagnostic> store(Diagnostic d, const std::vector<llvm::StringRef>& texts) {
  StoredDiagnostic out;
  auto range = store(d.range, texts);
  if (!range) return std::nullopt;
  out.range = *range;
  d.range = {};
  for (DiagNote& note : d.notes) {
    auto r = store(note.range, texts);
    if (!r) return std::nullopt;
    out.notes.push_back(*r);
    note.range = {};
  }
  for (FixIt& fix : d.fixits) {
    auto r = store(fix.range, texts);
    if (!r) return std::nullopt;
    out.fixits.push_back(*r);
    fix.range = {};
  }
  out.diagnostic = std::move(d);
  return out;
}

Diagnostic restore(const StoredDiagnostic& s, const std::vector<llvm::StringRef>& texts) {
  Diagnostic d = s.diagnostic;
  d.range = restore(s.range, texts);
  for (size_t k = 0; k < d.notes.size(); ++k) d.notes[k].range = restore(s.notes[k], texts);
  for (size_t k = 0; k < d.fixits.size(); ++k) d.fixits[k].range = restore(s.fixits[k], texts);
  return d;
}

bool cancelled(const CheckOptions& options) {
  return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

/// The checked entities, each one's key, the cache entry it can reuse (or
/// null), and the declarations to check.
struct Plan {
  std::vector<uint32_t> checked;
  std::vector<uint64_t> keys;
  std::vector<Entry*> reused;
  llvm::DenseSet<const ast::Decl*> dirty;
};

Plan plan(const SemanticModel& model, const RuleInputs& inputs, std::unordered_map<uint64_t, Entry>& entries) {
  const size_t n = model.entities.size();
  // Hashed once each, and only when some set holds them (an editor's
  // imports hold thousands of declarations the document never reaches).
  std::vector<uint64_t> hashes(n);
  std::vector<bool> hashed(n);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t member : inputs.of[i])
      if (!hashed[member]) {
        hashes[member] = declarationHash(*model.entities[member]);
        hashed[member] = true;
      }
  Plan out;
  out.keys.resize(n);
  out.reused.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (inputs.of[i].empty()) continue;
    out.checked.push_back(i);
    out.keys[i] = resultKey(inputs, hashes, i);
    auto found = entries.find(out.keys[i]);
    if (found != entries.end()) out.reused[i] = &found->second;
    else out.dirty.insert(model.entities[i]->decl);
  }
  return out;
}

/// The fresh diagnostics by the entity they lie in; nullopt when one lies
/// outside every declaration that was checked.
std::optional<std::vector<std::vector<Diagnostic>>> byEntity(std::vector<Diagnostic>& fresh,
                                                             const SemanticModel& model,
                                                             const EntityAtLocation& entityAt,
                                                             const llvm::DenseSet<const ast::Decl*>& dirty) {
  std::vector<std::vector<Diagnostic>> out(model.entities.size());
  for (Diagnostic& d : fresh) {
    int64_t owner = d.range.isValid() ? entityAt(d.range.Start.getPointer()) : -1;
    if (owner < 0 || !dirty.contains(model.entities[owner]->decl)) return std::nullopt;
    out[owner].push_back(std::move(d));
  }
  return out;
}

/// `found`, reported into `diags`, and stored when every location lies in `texts`.
std::optional<Entry> reportAndStore(std::vector<Diagnostic>& found, const std::vector<llvm::StringRef>& texts,
                                    DiagnosticEngine& diags) {
  std::optional<Entry> entry(std::in_place);
  for (Diagnostic& d : found) {
    if (entry) {
      if (auto s = store(d, texts)) entry->diagnostics.push_back(std::move(*s));
      else entry.reset();
    }
    diags.absorb(std::move(d));
  }
  return entry;
}

}  // namespace

void IncrementalRuleChecks::run(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags,
                                const RunRuleChecks& runChecks) {
  RuleCheckCache& cache = *options.ruleCache;
  std::lock_guard<std::mutex> lock(cache.mutex_);
  CheckOptions plain = options;
  plain.ruleCache = nullptr;
  cache.counts_ = RuleCheckCounts{};
  if (cache.configuration_ != options.configurationKey) cache.entries_.clear();
  cache.configuration_ = options.configurationKey;
  auto wholeProgram = [&] {
    cache.entries_.clear();
    cache.counts_.wholeProgram = true;
    for (const auto& e : model.entities) cache.counts_.checked += options.checks(e.get());
    runChecks(plain, diags);
  };
  const EntityAtLocation entityAt(model);
  const RuleInputs inputs = ruleInputs(model, options, entityAt);
  if (!inputs.complete || model.structCycle || diags.options().maxErrors) return wholeProgram();

  Plan p = plan(model, inputs, cache.entries_);
  DiagnosticEngine fresh(diags.options());
  CheckOptions some = plain;
  some.onlyDeclarations = &p.dirty;
  if (!p.dirty.empty()) runChecks(some, fresh);
  if (cancelled(options)) return;  // the caller discards this check
  auto found = byEntity(fresh.diagnostics(), model, entityAt, p.dirty);
  if (!found) return wholeProgram();

  // The cache's entries move to `kept`: an exception on the way must not
  // leave emptied entries under live keys.
  auto emptyOnThrow = llvm::make_scope_exit([&] { cache.entries_.clear(); });
  std::unordered_map<uint64_t, Entry> kept;
  for (uint32_t i : p.checked) {
    if (!p.reused[i]) {
      ++cache.counts_.checked;
      std::vector<llvm::StringRef> texts;
      if (!(*found)[i].empty()) texts = setTexts(model, inputs, i);
      if (auto entry = reportAndStore((*found)[i], texts, diags)) kept.emplace(p.keys[i], std::move(*entry));
      continue;
    }
    ++cache.counts_.reused;
    // Two declarations with one key (the same text twice) share an entry.
    auto [at, inserted] = kept.try_emplace(p.keys[i]);
    if (inserted) at->second = std::move(*p.reused[i]);
    if (at->second.diagnostics.empty()) continue;
    const std::vector<llvm::StringRef> texts = setTexts(model, inputs, i);
    for (const StoredDiagnostic& s : at->second.diagnostics) diags.absorb(restore(s, texts));
  }
  emptyOnThrow.release();
  cache.entries_ = std::move(kept);
}

}  // namespace flytec::tc
