// Warning control and error limits; see diagnostic_engine.h.
#include "diagnostics/diagnostic_engine.h"

#include <algorithm>

#include "diagnostics/buffer_locator.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {


DiagBuilder DiagnosticEngine::add(DiagCode code, llvm::SMRange range, std::string path,
                                  std::string message) {
  const DiagInfo& info = diagInfo(code);
  Severity severity = info.severity;
  if (severity == Severity::Warning) {
    if (options_.disabled.count(code)) return DiagBuilder(this, kDropped);
    if (options_.allWarningsAreErrors || options_.promoted.count(code)) severity = Severity::Error;
  }
  if (limitReached_) return DiagBuilder(this, kDropped);
  if (severity == Severity::Error) {
    if (options_.maxErrors && errors_ >= options_.maxErrors) {
      limitReached_ = true;
      return DiagBuilder(this, kDropped);
    }
    ++errors_;
  } else {
    ++warnings_;
  }
  diags_.push_back(Diagnostic{code, severity, range, std::move(path), std::move(message), {}, {}, {}, {}, {}});
  return DiagBuilder(this, diags_.size() - 1);
}

void DiagnosticEngine::absorb(Diagnostic diag) {
  if (limitReached_) return;
  if (diag.severity == Severity::Error) {
    if (options_.maxErrors && errors_ >= options_.maxErrors) {
      limitReached_ = true;
      return;
    }
    ++errors_;
  } else {
    ++warnings_;
  }
  diags_.push_back(std::move(diag));
}

DiagBuilder& DiagBuilder::addNote(llvm::SMRange range, std::string message) {
  if (index_ != kDropped)
    engine_->diags_[index_].notes.push_back(DiagNote{range, {}, std::move(message)});
  return *this;
}

DiagBuilder& DiagBuilder::fixit(llvm::SMRange range, std::string replacement, bool certain) {
  if (index_ != kDropped)
    engine_->diags_[index_].fixits.push_back(FixIt{range, std::move(replacement), certain});
  return *this;
}

DiagBuilder& DiagBuilder::didYouMean(std::string_view suggestion) {
  if (index_ != kDropped && !suggestion.empty())
    engine_->diags_[index_].message += fmt::format("; did you mean `{}`?", suggestion);
  return *this;
}

void DiagnosticEngine::recount() {
  errors_ = warnings_ = 0;
  for (const Diagnostic& d : diags_) (d.isError() ? errors_ : warnings_)++;
}

void DiagnosticEngine::sortByLocation(const llvm::SourceMgr& sm) {
  // Each diagnostic's key is computed once, not per comparison.
  const BufferLocator where(sm);
  auto key = [&](const Diagnostic& d) {
    if (!d.range.isValid()) return std::make_pair(~0u, size_t(0));
    unsigned id = where.find(d.range.Start);
    if (!id) return std::make_pair(0u, size_t(0));
    return std::make_pair(id, size_t(d.range.Start.getPointer() - sm.getMemoryBuffer(id)->getBufferStart()));
  };
  std::vector<std::pair<std::pair<unsigned, size_t>, size_t>> order;  // key, index
  order.reserve(diags_.size());
  for (size_t i = 0; i < diags_.size(); ++i) order.push_back({key(diags_[i]), i});
  std::stable_sort(order.begin(), order.end(), [this](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return diags_[a.second].path < diags_[b.second].path;
  });
  std::vector<Diagnostic> sorted;
  sorted.reserve(diags_.size());
  for (const auto& entry : order) sorted.push_back(std::move(diags_[entry.second]));
  diags_ = std::move(sorted);
}

}  // namespace flytec
