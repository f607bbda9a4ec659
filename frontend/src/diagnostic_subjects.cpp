// See diagnostic_subjects.h. Declarations (and a workflow's nodes) are in
// source order, so the one holding a location is found by binary search: a
// scan per diagnostic made a 1M-line file with thousands of warnings spend
// a third of its time here (quadratic).
#include "frontend/diagnostic_subjects.h"

#include <algorithm>
#include <regex>
#include <unordered_map>

namespace flytec {

namespace {

bool holds(llvm::SMRange r, llvm::SMLoc loc) {
  const char* p = loc.getPointer();
  return r.isValid() && r.Start.getPointer() <= p &&
         (p < r.End.getPointer() || p == r.Start.getPointer());
}

std::string_view kindName(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Task: return "task";
    case ast::DeclKind::Workflow: return "workflow";
    case ast::DeclKind::LaunchPlan: return "launch_plan";
    case ast::DeclKind::Enum: return "enum";
    case ast::DeclKind::Struct: return "struct";
  }
  return "";
}

/// Finds the element of a source-ordered vector whose range holds a
/// location: binary search when the ranges are ordered (checked once per
/// vector), a scan when they are not (a partial tree after a syntax error).
class Holder {
 public:
  template <typename T, typename RangeOf>
  const T* find(const std::vector<T>& items, llvm::SMLoc loc, RangeOf rangeOf) {
    auto start = [&](const T& item) { return rangeOf(item).Start.getPointer(); };
    auto [it, fresh] = ordered_.try_emplace(static_cast<const void*>(&items), false);
    if (fresh)
      it->second = std::is_sorted(items.begin(), items.end(),
                                  [&](const T& a, const T& b) { return start(a) < start(b); });
    if (!it->second) {
      for (const T& item : items)
        if (holds(rangeOf(item), loc)) return &item;
      return nullptr;
    }
    auto after = std::upper_bound(items.begin(), items.end(), loc.getPointer(),
                                  [&](const char* p, const T& item) { return p < start(item); });
    if (after == items.begin()) return nullptr;
    const T& candidate = *std::prev(after);
    return holds(rangeOf(candidate), loc) ? &candidate : nullptr;
  }

 private:
  std::unordered_map<const void*, bool> ordered_;
};

/// The modules by where their declarations lie in memory, so that the
/// module holding a location is found by binary search, not by asking every
/// module (a directory of a thousand files with thousands of warnings).
class ModuleSpans {
 public:
  explicit ModuleSpans(const ModuleGraph& program) {
    for (const auto& module : program.modules) {
      if (!module->ast) continue;
      const char* lo = nullptr;
      const char* hi = nullptr;
      for (const ast::DeclPtr& d : module->ast->decls) {
        if (!d || !d->range.isValid()) continue;
        const char* start = d->range.Start.getPointer();
        const char* end = d->range.End.getPointer();
        if (!lo || start < lo) lo = start;
        if (!hi || end > hi) hi = end;
      }
      if (lo) spans_.push_back({lo, hi, module.get()});
    }
    std::sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
  }

  /// The module whose declarations span `loc`, if any.
  const Module* find(llvm::SMLoc loc) const {
    const char* p = loc.getPointer();
    auto after = std::upper_bound(spans_.begin(), spans_.end(), p, [](const char* q, const Span& s) { return q < s.lo; });
    if (after == spans_.begin()) return nullptr;
    const Span& s = *std::prev(after);
    return p <= s.hi ? s.module : nullptr;
  }

 private:
  struct Span {
    const char* lo;
    const char* hi;
    const Module* module;
  };
  std::vector<Span> spans_;
};

void fromSource(Diagnostic& d, const ModuleSpans& modules, Holder& holder) {
  const Module* module = modules.find(d.range.Start);
  if (!module) return;
  const ast::DeclPtr* decl =
      holder.find(module->ast->decls, d.range.Start, [](const ast::DeclPtr& p) { return p->range; });
  if (!decl) return;
  d.entityKind = kindName((*decl)->kind);
  d.entity = (*decl)->name.name;
  if (const auto* wf = dynamic_cast<const ast::WorkflowDecl*>(decl->get()))
    if (const ast::Node* n = holder.find(wf->nodes, d.range.Start, [](const ast::Node& n) { return n.range; }))
      d.node = n->name.name;
}

void fromMessage(Diagnostic& d) {
  static const std::regex subject("^(task|workflow|launch plan) `([^`]+)`(, node `([^`]+)`)?");
  std::smatch m;
  if (!std::regex_search(d.message, m, subject)) return;
  d.entityKind = m[1] == "launch plan" ? "launch_plan" : m[1].str();
  d.entity = m[2];
  if (m[4].matched) d.node = m[4];
}

}  // namespace

void attachSubjects(std::vector<Diagnostic>& diags, const ModuleGraph& program) {
  Holder holder;
  ModuleSpans modules(program);
  for (Diagnostic& d : diags) {
    if (d.range.isValid())
      fromSource(d, modules, holder);
    else
      fromMessage(d);
  }
}

}  // namespace flytec
