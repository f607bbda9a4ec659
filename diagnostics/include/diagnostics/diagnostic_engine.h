// Collects diagnostics from every phase. A phase calls `report(diag::err_...,
// range, args...)`: the message is formatted from the catalogue row, never at
// the call site. Warning control (-Wno-CODE, -Werror, -Werror=CODE) and
// --max-errors are applied here, so renderers see the final severities.
#pragma once

#include <fmt/format.h>

#include <set>
#include <string_view>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/diagnostic_reason.h"

namespace llvm { class SourceMgr; }

namespace flytec {

/// What the command line says about warnings and error limits.
struct DiagnosticOptions {
  std::set<DiagCode> disabled;       ///< -Wno-CODE
  std::set<DiagCode> promoted;       ///< -Werror=CODE
  bool allWarningsAreErrors = false; ///< -Werror
  unsigned maxErrors = 0;            ///< 0 = no limit
};

class DiagnosticEngine;

/// Adds notes and fix-its to the diagnostic just reported. A builder for a
/// dropped diagnostic (disabled, or past --max-errors) ignores everything.
class DiagBuilder {
 public:
  static constexpr size_t kDropped = static_cast<size_t>(-1);
  DiagBuilder(DiagnosticEngine* engine, size_t index) : engine_(engine), index_(index) {}
  /// Adds a note at `range` (an empty range: none) worded by the
  /// catalogue's `kind` (`reason::note_declared_here`) with `args`.
  template <unsigned N, typename... Args>
  DiagBuilder& note(llvm::SMRange range, ReasonKind<N> kind, Args&&... args) {
    return addNote(range, reasonText(kind, std::forward<Args>(args)...));
  }
  DiagBuilder& fixit(llvm::SMRange range, std::string replacement, bool certain = true);
  /// Ends the message with "; did you mean `suggestion`?" (the wording is
  /// the catalogue's, not the call site's); nothing when `suggestion` is
  /// empty, so a call site passes its best guess, found or not.
  DiagBuilder& didYouMean(std::string_view suggestion);

 private:
  DiagBuilder& addNote(llvm::SMRange range, std::string message);

  DiagnosticEngine* engine_;
  size_t index_;
};

class DiagnosticEngine {
 public:
  explicit DiagnosticEngine(DiagnosticOptions options = {}) : options_(std::move(options)) {}

  /// Report `kind` (`diag::err_...`) at `range`; `args` fill its message.
  /// A call with another number of arguments than the message takes does
  /// not compile.
  template <unsigned N, typename... Args>
  DiagBuilder report(DiagKind<N> kind, llvm::SMRange range, Args&&... args) {
    static_assert(sizeof...(Args) == N, "this diagnostic's message takes another number of arguments");
    if (limitReached_) return DiagBuilder(this, kDropped);
    return add(kind.code, range, {}, format(kind.message, std::forward<Args>(args)...));
  }
  /// Report `kind` about a path that has no source buffer.
  template <unsigned N, typename... Args>
  DiagBuilder reportAtPath(DiagKind<N> kind, std::string path, Args&&... args) {
    static_assert(sizeof...(Args) == N, "this diagnostic's message takes another number of arguments");
    if (limitReached_) return DiagBuilder(this, kDropped);
    return add(kind.code, {}, std::move(path), format(kind.message, std::forward<Args>(args)...));
  }
  /// The message `kind` reports with `args`, for text shown outside the
  /// diagnostics (a warning printed the moment it happens, reported later).
  template <unsigned N, typename... Args>
  static std::string text(DiagKind<N> kind, Args&&... args) {
    static_assert(sizeof...(Args) == N, "this diagnostic's message takes another number of arguments");
    return format(kind.message, std::forward<Args>(args)...);
  }
  /// Report with a message already formatted from the catalogue elsewhere.
  DiagBuilder add(DiagCode code, llvm::SMRange range, std::string path, std::string message);

  /// Takes a diagnostic another engine with the same warning options
  /// collected (a parser thread's): its severity stands, while the counts and
  /// --max-errors apply here, in call order. Calling this in source order
  /// makes the output independent of which thread finished first.
  void absorb(Diagnostic diag);

  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  std::vector<Diagnostic>& diagnostics() { return diags_; }
  unsigned errorCount() const { return errors_; }
  unsigned warningCount() const { return warnings_; }
  bool hasErrors() const { return errors_ > 0; }
  /// True once --max-errors was reached; later diagnostics are dropped.
  bool limitReached() const { return limitReached_; }
  /// Grows with every report, kept or counted (a caller compares two
  /// readings to learn whether some work reported anything).
  size_t reportTally() const { return diags_.size() + errors_ + warnings_; }
  const DiagnosticOptions& options() const { return options_; }

  /// Drop every diagnostic `drop` returns true for (suppressions, a
  /// baseline) and recount errors and warnings over the rest.
  template <typename Pred>
  void removeIf(Pred drop) {
    std::erase_if(diags_, drop);
    recount();
  }

  /// Sort by (buffer, offset), stable for equal positions, so that output
  /// does not depend on the order or parallelism of the checks. Diagnostics
  /// without a buffer sort by path, after those with one.
  void sortByLocation(const llvm::SourceMgr& sm);

 private:
  friend class DiagBuilder;
  void recount();
  static constexpr size_t kDropped = DiagBuilder::kDropped;
  template <typename... Args>
  static std::string format(DiagMessage message, Args&&... args) {
    return fmt::format(fmt::runtime(messageFormat(message)), std::forward<Args>(args)...);
  }

  DiagnosticOptions options_;
  std::vector<Diagnostic> diags_;
  unsigned errors_ = 0;
  unsigned warnings_ = 0;
  bool limitReached_ = false;
};

}  // namespace flytec
