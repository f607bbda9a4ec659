// The rule checks' results, kept from one check of a document to the next:
// an editor re-checks after every keystroke, and most declarations did not
// change. `analyze` with CheckOptions::ruleCache runs the rule checks
// (rules.h) only on the declarations whose results it cannot reuse and takes
// the others' diagnostics from here, moved to where their declarations now
// are. The semantic model itself is still built whole.
//
// What a declaration's rule checks may read is its own text and, through
// the names the checker resolved (SemanticModel::names), the declarations it
// uses, the ones that use it (a map reads the task it maps, and the task's
// placeholders are checked against the maps over it), and everything those
// use, transitively (rule_inputs.h). A declaration's results are reused when
// all of these have the same text, file, doc comment and Flyte name, in the
// same order, as when they were stored, under the same configuration
// (CheckOptions::configurationKey). Locations are stored as offsets into
// those declarations, so a declaration that moved gets its diagnostics at
// its new place; one whose diagnostics point anywhere else (a flytec.toml
// row, a line between declarations) is checked every time.
//
// Structs in a cycle (an error) make every check a whole-program one: the
// types inside the cycle depend on which of its structs the checker reached
// first, which no name records.
//
// The diagnostics are those of a check of every declaration, in an order of
// declarations rather than of rules: the caller sorts them (the language
// server sorts by location).
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "diagnostics/diagnostic.h"

namespace flytec::tc {

/// What the last check did with the cache.
struct RuleCheckCounts {
  unsigned checked = 0;  ///< declarations whose rule checks ran
  unsigned reused = 0;   ///< declarations whose diagnostics came from the cache
  /// The cache could not be used this time (a dependency set above the
  /// bound, a rule diagnostic outside the declaration it checked): every
  /// declaration was checked and nothing was kept.
  bool wholeProgram = false;
};

class RuleCheckCache {
 public:
  /// What the last check through this cache did (tests, the server's log).
  RuleCheckCounts lastCounts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
  }

  /// A location as an offset into the N-th declaration its results depend on.
  struct StoredRange {
    uint32_t declaration = 0, begin = 0, end = 0;
    bool valid = false;
  };
  /// A diagnostic with its ranges cleared and kept here instead.
  struct StoredDiagnostic {
    Diagnostic diagnostic;
    StoredRange range;
    std::vector<StoredRange> notes, fixits;
  };
  struct Entry {
    std::vector<StoredDiagnostic> diagnostics;
  };

 private:
  friend class IncrementalRuleChecks;
  mutable std::mutex mutex_;  ///< held for a whole check
  uint64_t configuration_ = 0;
  /// By the hash of everything a declaration's checks read (rule_inputs.h).
  std::unordered_map<uint64_t, Entry> entries_;
  RuleCheckCounts counts_;
};

}  // namespace flytec::tc
