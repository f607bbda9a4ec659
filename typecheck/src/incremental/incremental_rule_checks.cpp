// See incremental_rule_checks.h.
#include "incremental_rule_checks.h"

#include <optional>

#include "llvm/ADT/DenseSet.h"
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
  if (!inputs.complete || diags.options().maxErrors) return wholeProgram();

  // Which results can be reused; the others' declarations are checked.
  const size_t n = model.entities.size();
  // Hashed once each, and only when some set holds them (an editor's
  // imports hold thousands of declarations the document never reaches).
  std::vector<uint64_t> hashes(n), keys(n);
  std::vector<bool> hashed(n);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t member : inputs.of[i])
      if (!hashed[member]) {
        hashes[member] = declarationHash(*model.entities[member]);
        hashed[member] = true;
      }
  std::vector<Entry*> reused(n, nullptr);
  llvm::DenseSet<const ast::Decl*> dirty;
  std::vector<uint32_t> checked;
  for (uint32_t i = 0; i < n; ++i) {
    if (inputs.of[i].empty()) continue;
    checked.push_back(i);
    keys[i] = resultKey(inputs, hashes, i);
    auto found = cache.entries_.find(keys[i]);
    if (found != cache.entries_.end()) reused[i] = &found->second;
    else dirty.insert(model.entities[i]->decl);
  }
  DiagnosticEngine fresh(diags.options());
  CheckOptions some = plain;
  some.onlyDeclarations = &dirty;
  if (!dirty.empty()) runChecks(some, fresh);
  if (cancelled(options)) return;  // the caller discards this check

  // Each fresh diagnostic belongs to the checked declaration it lies in.
  std::vector<std::vector<Diagnostic>> found(n);
  for (Diagnostic& d : fresh.diagnostics()) {
    int64_t owner = d.range.isValid() ? entityAt(d.range.Start.getPointer()) : -1;
    if (owner < 0 || !dirty.contains(model.entities[owner]->decl)) return wholeProgram();
    found[owner].push_back(std::move(d));
  }

  std::unordered_map<uint64_t, Entry> kept;
  for (uint32_t i : checked) {
    if (reused[i]) {
      // Two declarations with one key (the same text twice) share an entry.
      auto [at, inserted] = kept.try_emplace(keys[i]);
      if (inserted) at->second = std::move(*reused[i]);
      if (!at->second.diagnostics.empty()) {
        const std::vector<llvm::StringRef> texts = setTexts(model, inputs, i);
        for (const StoredDiagnostic& s : at->second.diagnostics) diags.absorb(restore(s, texts));
      }
      ++cache.counts_.reused;
      continue;
    }
    ++cache.counts_.checked;
    const std::vector<llvm::StringRef> texts = found[i].empty() ? std::vector<llvm::StringRef>() : setTexts(model, inputs, i);
    Entry entry;
    bool storable = true;
    for (Diagnostic& d : found[i]) {
      if (storable) {
        if (auto s = store(d, texts)) entry.diagnostics.push_back(std::move(*s));
        else storable = false;
      }
      diags.absorb(std::move(d));
    }
    if (storable) kept.emplace(keys[i], std::move(entry));
  }
  cache.entries_ = std::move(kept);
}

}  // namespace flytec::tc
