// The package checker's entry points: read the package (idl/package_reader.h),
// turn reading problems into W0901/E0902-E0906, index every entity by
// identifier, and run the task, workflow and launch plan checks in
// registration order. The checks themselves live beside this file
// (package_tasks.cpp, package_workflows.cpp, package_launch_plans.cpp); the
// Flyte typing helpers they share are in package_types.cpp.
#include "typecheck/package_check.h"

#include <filesystem>
#include <type_traits>
#include <utility>

#include "idl/package_reader.h"
#include "package/package_check_impl.h"

namespace flytec::tc {

namespace pkg {

std::string idKey(const core::Identifier& id) {
  // Project, domain and version are empty in a pyflyte package and filled in
  // by flytectl at registration, identically for every entity: empty matches
  // empty, as it will on the server.
  return id.project() + "\x1f" + id.domain() + "\x1f" + id.name() + "\x1f" + id.version();
}

std::string PackageIndex::locate(const idl::PackageEntry& entry) const {
  if (entry.fileName == path) return idl::printableName(path);
  return idl::printableName(path + (isDirectory ? "/" : ":") + entry.fileName);
}

const core::TaskTemplate* PackageIndex::task(const core::Identifier& id) const {
  auto it = tasks.find(idKey(id));
  return it == tasks.end() ? nullptr : &it->second->task()->template_();
}

const admin::WorkflowSpec* PackageIndex::workflow(const core::Identifier& id) const {
  auto it = workflows.find(idKey(id));
  return it == workflows.end() ? nullptr : it->second->workflow();
}

const admin::LaunchPlan* PackageIndex::launchPlan(const core::Identifier& id) const {
  auto it = launchPlans.find(idKey(id));
  return it == launchPlans.end() ? nullptr : it->second->launchPlan();
}

}  // namespace pkg

namespace {

/// Reports `kind` with the problem's values as its arguments.
template <unsigned N>
void reportWithValues(DiagKind<N> kind, const std::string& where, const std::vector<std::string>& values,
                      DiagnosticEngine& diags) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    diags.reportAtPath(kind, where, values[I]...);
  }(std::make_index_sequence<N>{});
}

/// A reading problem as the diagnostic of its row in package_problems.def.
void reportProblem(const idl::PackageProblem& p, const std::string& where, DiagnosticEngine& diags) {
  using Reason = idl::PackageProblem::Reason;
  switch (p.reason) {
#define PACKAGE_PROBLEM(code, reason, diag_name, nvalues)                                     \
  case Reason::reason:                                                                         \
    static_assert(std::remove_cvref_t<decltype(diag::diag_name)>::kArgs == nvalues,            \
                  "package_problems.def: " #reason " carries another number of values than " \
                  #diag_name " takes");                                                        \
    return reportWithValues(diag::diag_name, where, p.values, diags);
#include "idl/package_problems.def"
#undef PACKAGE_PROBLEM
  }
}

}  // namespace

bool checkPackageContents(const idl::Package& package, const std::string& path, bool isDirectory,
                          DiagnosticEngine& diags, const PlatformCaps& caps, const ClusterProfile* profile) {
  const unsigned errorsBefore = diags.errorCount();
  pkg::PackageIndex index;
  index.profile = profile;
  index.path = path;
  index.isDirectory = isDirectory;
  index.caps = caps;
  // flytectl registers in file-name order and the server keeps the first
  // registration of an identifier; the index keeps the first one too.
  for (const idl::PackageEntry& e : package.entries) {
    if (const auto* t = e.task()) index.tasks.emplace(pkg::idKey(t->template_().id()), &e);
    if (const auto* w = e.workflow()) index.workflows.emplace(pkg::idKey(w->template_().id()), &e);
    if (const auto* l = e.launchPlan()) index.launchPlans.emplace(pkg::idKey(l->id()), &e);
  }
  for (const idl::PackageEntry& e : package.entries)
    if (const auto* w = e.workflow()) {
      pkg::collectMapVariants(w->template_(), index.mapVariants);
      for (const auto& sub : w->sub_workflows()) pkg::collectMapVariants(sub, index.mapVariants);
    }
  for (const idl::PackageEntry& e : package.entries) {
    if (e.task()) pkg::checkTask(index, e, diags);
    if (e.workflow()) pkg::checkWorkflow(index, e, diags);
    if (e.launchPlan()) pkg::checkLaunchPlan(index, e, diags);
    pkg::checkProfile(index, e, diags);
  }
  return diags.errorCount() == errorsBefore;
}

void reportPackageProblems(const idl::PackageReadResult& read, const std::string& path, DiagnosticEngine& diags) {
  std::error_code ec;
  const bool isDirectory = std::filesystem::is_directory(path, ec);
  for (const idl::PackageProblem& p : read.problems) {
    std::string where = p.entry == path ? path : path + (isDirectory ? "/" : ":") + p.entry;
    reportProblem(p, idl::printableName(where), diags);
  }
}

bool checkPackage(const std::string& path, DiagnosticEngine& diags, const PlatformCaps& caps, bool* unreadable,
                  const ClusterProfile* profile) {
  const unsigned errorsBefore = diags.errorCount();
  std::error_code ec;
  const bool isDirectory = std::filesystem::is_directory(path, ec);
  idl::PackageReadResult read = idl::readPackage(path);
  reportPackageProblems(read, path, diags);
  if (unreadable) *unreadable = read.unreadable();
  checkPackageContents(read.package, path, isDirectory, diags, caps, profile);
  return diags.errorCount() == errorsBefore;
}

}  // namespace flytec::tc
