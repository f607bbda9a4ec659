// Top-level names (spec §4): one Entity per declaration of every loaded file,
// its lowered Flyte name (the file's `package` prefix; without one, bare in a
// root file and `stem.NAME` in an imported file), one scope per module, and
// lookup of `NAME` / `import.NAME` with did-you-mean. Reports duplicate
// declarations in a file (E0208), lowered-name collisions (E0204) and unknown
// names (E0201). Imports are not transitive: a module sees its own
// declarations and, qualified, those of the files it imports itself.
// Interfaces and types are resolved later (type_resolution.cpp).
#include <llvm/ADT/StringRef.h>

#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "model_builder.h"
#include "support/closest_name.h"

namespace flytec::tc {

std::string joinPath(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ".") + p;
  return s;
}

std::string closestName(std::string_view name, const std::vector<std::string>& candidates) {
  unsigned limit = std::min<unsigned>(3, std::max<unsigned>(1, unsigned(name.size()) / 3));
  std::vector<std::string> others;  // the name itself is no suggestion
  for (const std::string& c : candidates)
    if (c != name) others.push_back(c);
  return support::closestName(name, others, [limit](llvm::StringRef) { return limit; });
}

bool flattenName(const ast::Expr& e, std::vector<std::string>& parts) {
  if (auto* n = llvm::dyn_cast<ast::NameExpr>(&e)) {
    parts.emplace_back(n->name);
    return true;
  }
  if (auto* m = llvm::dyn_cast<ast::MemberExpr>(&e)) {
    if (!m->base || !flattenName(*m->base, parts)) return false;
    parts.emplace_back(m->member.name);
    return true;
  }
  return false;
}

namespace {

EntityKind kindOf(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Enum: return EntityKind::Enum;
    case ast::DeclKind::Struct: return EntityKind::Struct;
    case ast::DeclKind::Task: return EntityKind::Task;
    case ast::DeclKind::Workflow: return EntityKind::Workflow;
    case ast::DeclKind::LaunchPlan: return EntityKind::LaunchPlan;
  }
  return EntityKind::Task;
}


}  // namespace

void ModelBuilder::declareEntities() {
  // Imported modules come before the files importing them in load order only
  // sometimes; entities are listed imports-first so that lowering can emit
  // dependencies before their users.
  std::vector<const Module*> order;
  std::set<const Module*> seen;
  std::function<void(const Module*)> visit = [&](const Module* m) {
    if (!m || !seen.insert(m).second) return;
    for (const ResolvedImport& imp : m->imports) visit(imp.target);
    order.push_back(m);
  };
  for (const auto& m : program_.modules) visit(m.get());
  size_t declarations = 0;
  for (const Module* m : order) declarations += m->ast ? m->ast->decls.size() : 0;
  model_.entities.reserve(declarations);
  model_.byDecl_.reserve(declarations);

  for (const Module* m : order) {
    auto& scope = model_.scopes_[m];
    if (!m->ast) continue;
    std::string prefix;
    if (m->ast->package) {
      std::vector<std::string> parts;
      for (const ast::Ident& p : *m->ast->package) parts.emplace_back(p.name);
      prefix = joinPath(parts) + ".";
    } else if (!m->isRoot) {
      prefix = m->stem + ".";
    }
    for (const ast::DeclPtr& d : m->ast->decls) {
      if (!d || d->name.name.empty()) continue;
      auto e = std::make_unique<Entity>();
      e->kind = kindOf(d->kind);
      e->decl = d.get();
      e->module = m;
      e->name = d->name.name;
      e->loweredName = prefix + std::string(d->name.name);
      auto [it, inserted] = scope.emplace(e->name, e.get());
      if (!inserted) {
        diags_->report(diag::err_redeclaration, d->name.range, e->name, entityKindName(it->second->kind))
            .note(it->second->decl->name.range, reason::note_first_declared_here, e->name);
        // The duplicate still gets checked on its own, but names resolve to the first.
      }
      model_.byDecl_[d.get()] = e.get();
      model_.entities.push_back(std::move(e));
    }
  }
}

namespace {

/// For each module, the roots whose package it is part of (the root and what
/// it imports, transitively): each root file compiles to a package of its own.
std::map<const Module*, std::set<const Module*>> packagesOf(const ModuleGraph& program) {
  std::map<const Module*, std::set<const Module*>> in;
  for (const Module* root : program.roots) {
    std::vector<const Module*> todo{root};
    while (!todo.empty()) {
      const Module* m = todo.back();
      todo.pop_back();
      if (!in[m].insert(root).second) continue;
      for (const ResolvedImport& i : m->imports)
        if (i.target) todo.push_back(i.target);
    }
  }
  return in;
}

bool sharePackage(const std::set<const Module*>& a, const std::set<const Module*>& b) {
  for (const Module* r : a)
    if (b.count(r)) return true;
  return false;
}

llvm::StringRef declText(const ast::Decl& d) {
  const char* start = d.range.Start.getPointer();
  const char* end = d.range.End.getPointer();
  return start && end && end >= start ? llvm::StringRef(start, end - start) : llvm::StringRef();
}

/// A path for messages, the same form for every file: relative to the
/// current directory when inside it, else as is.
std::string shownPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (ec) return path;
  std::filesystem::path rel = std::filesystem::path(path).lexically_relative(cwd);
  return rel.empty() || *rel.begin() == ".." ? path : rel.string();
}

}  // namespace

void ModelBuilder::checkLoweredNames() {
  // Tasks have their own Flyte namespace; a workflow's default launch plan
  // takes the workflow's name, so workflows and launch plans share one.
  // Keys view Entity::loweredName (entities never move); hashed, since the
  // order of the names is never read.
  using Namespace = std::unordered_map<std::string_view, const Entity*>;
  Namespace tasks, workflowsAndPlans;
  std::map<const Module*, std::set<const Module*>> packages;  // computed at the first collision
  for (const auto& e : model_.entities) {
    Namespace* ns = nullptr;
    if (e->kind == EntityKind::Task) ns = &tasks;
    else if (e->kind == EntityKind::Workflow || e->kind == EntityKind::LaunchPlan) ns = &workflowsAndPlans;
    if (!ns) continue;
    auto [it, inserted] = ns->emplace(e->loweredName, e.get());
    if (inserted) continue;
    const Entity* first = it->second;
    // Same module and same name is already E0208.
    if (first->module == e->module && first->name == e->name) continue;
    if (packages.empty()) packages = packagesOf(program_);
    const bool samePackage = sharePackage(packages[first->module], packages[e->module]);
    // Files that compile to separate packages (roots of a directory check
    // that import neither each other nor a common file) collide only when
    // registered together with one version, and only if the two
    // declarations differ: flyteadmin answers a second, identical entity
    // with AlreadyExists, which flytectl takes as registered
    // (flytectl/cmd/register/register_util.go:656-657), and a different one
    // with "different structure already exists" (flyteadmin/pkg/errors/errors.go:131).
    if (!samePackage && declText(*first->decl) == declText(*e->decl)) continue;
    diags_->report(diag::err_flyte_name_collision, e->decl->name.range, e->name, shownPath(e->module->path),
                  e->loweredName, first->name, shownPath(first->module->path))
        .note(first->decl->name.range,
              samePackage ? reason::note_declared_here : reason::note_declared_here_separate_packages, first->name);
  }
}

const Entity* ModelBuilder::resolveEntity(const Module& module, const std::vector<std::string>& path,
                                          llvm::SMRange range, bool report) {
  if (path.empty()) return nullptr;
  const Module* where = &module;
  std::string local = path.back();
  if (path.size() == 2) {
    where = nullptr;
    for (const ResolvedImport& imp : module.imports)
      if (imp.name == path[0]) where = imp.target;
    if (!where) {
      // An unknown qualifier: either an import that does not exist, or a
      // missing import (already reported at the import line when it failed).
      bool known = false;
      for (const ResolvedImport& imp : module.imports) known |= imp.name == path[0];
      if (report && !known) {
        std::vector<std::string> names;
        for (const ResolvedImport& imp : module.imports) names.push_back(imp.name);
        std::string best = closestName(path[0], names);
        auto b = diags_->report(diag::err_unknown_name, range, joinPath(path)).didYouMean(best.empty() ? "" : best + "." + local);
        for (const ResolvedImport& imp : module.imports)
          if (imp.name == best && imp.decl) b.note(imp.decl->range, reason::note_imported_here, best);
      }
      return nullptr;
    }
  } else if (path.size() != 1) {
    if (report) diags_->report(diag::err_unknown_name, range, joinPath(path));
    return nullptr;
  }
  // Looked up, never inserted: workflow bodies resolve names on several
  // threads (ModelBuilder::buildBodiesInParallel).
  static const std::map<std::string_view, const Entity*> kNoEntities;
  auto found = model_.scopes_.find(where);
  const auto& scope = found == model_.scopes_.end() ? kNoEntities : found->second;
  auto it = scope.find(local);
  if (it != scope.end()) return it->second;
  if (!report) return nullptr;
  std::vector<std::string> names;
  for (const auto& [n, _] : scope) names.emplace_back(n);
  std::string best = closestName(local, names);
  std::string shown = best.empty() ? "" : (path.size() == 2 ? path[0] + "." + best : best);
  auto b = diags_->report(diag::err_unknown_name, range, joinPath(path)).didYouMean(shown);
  if (!best.empty()) b.note(scope.find(best)->second->decl->name.range, reason::note_declared_here, best);
  return nullptr;
}

}  // namespace flytec::tc
