// Decoding one package entry as flytectl does (flytectl/cmd/register/
// register_util.go, UnMarshalContents): try the message the `_1/_2/_3` suffix
// names first, then the others in the order TaskSpec, WorkflowSpec,
// LaunchPlan; the first that parses wins. Protobuf's parse errors (e.g. a
// proto3 string that is not UTF-8) are silenced, not logged. Before each
// attempt the memory the decoded message would take is estimated from the
// wire bytes (decode_budget.h) and the attempt is skipped when it does not
// fit the budget left (E0905). Finding and reading entries is
// package_reader.cpp.
#include "idl/package_reader.h"

#include "idl/decode_budget.h"

#include <fmt/format.h>
#include <google/protobuf/stubs/logging.h>

#include <climits>

namespace flytec::idl {

namespace {

using Reason = PackageProblem::Reason;

const char* kindName(int kind) {
  switch (kind) {
  case kTaskSpecEntry: return "TaskSpec";
  case kWorkflowSpecEntry: return "WorkflowSpec";
  case kLaunchPlanEntry: return "LaunchPlan";
  }
  return "?";
}

const google::protobuf::Descriptor& descriptorOf(int kind) {
  switch (kind) {
  case kTaskSpecEntry: return *flyteidl::admin::TaskSpec::descriptor();
  case kWorkflowSpecEntry: return *flyteidl::admin::WorkflowSpec::descriptor();
  default: return *flyteidl::admin::LaunchPlan::descriptor();
  }
}

std::string mebibytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

bool tryDecode(int kind, const std::string& fileName, std::string_view bytes, PackageEntry& out) {
  const int size = static_cast<int>(bytes.size());
  switch (kind) {
  case kTaskSpecEntry: {
    flyteidl::admin::TaskSpec m;
    if (!m.ParseFromArray(bytes.data(), size))
      return false;
    out = PackageEntry::of(fileName, std::move(m));
    return true;
  }
  case kWorkflowSpecEntry: {
    flyteidl::admin::WorkflowSpec m;
    if (!m.ParseFromArray(bytes.data(), size))
      return false;
    out = PackageEntry::of(fileName, std::move(m));
    return true;
  }
  case kLaunchPlanEntry: {
    flyteidl::admin::LaunchPlan m;
    if (!m.ParseFromArray(bytes.data(), size))
      return false;
    out = PackageEntry::of(fileName, std::move(m));
    return true;
  }
  }
  return false;
}

} // namespace

int entryKindFromFileName(std::string_view name) {
  // flytectl's `^.*_([1-3])\.pb$`: `.` does not match a newline.
  if (name.find('\n') != std::string_view::npos || name.size() < 5)
    return 0;
  if (name.substr(name.size() - 3) != ".pb" || name[name.size() - 5] != '_')
    return 0;
  const char d = name[name.size() - 4];
  return d >= '1' && d <= '3' ? d - '0' : 0;
}

bool decodePackageEntry(const std::string& fileName, std::string_view bytes, PackageEntry& out,
                        std::vector<PackageProblem>& problems) {
  std::uint64_t cost = 0;
  return decodePackageEntry(fileName, bytes, out, problems, PackageReadLimits{}.maxDecodedBytes, cost);
}

bool decodePackageEntry(const std::string& fileName, std::string_view bytes, PackageEntry& out,
                        std::vector<PackageProblem>& problems, std::uint64_t budget, std::uint64_t& cost) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    problems.push_back(packageProblem<Reason::EntryTooLargeToDecode>(fileName, bytes.size()));
    return false;
  }
  const int announced = entryKindFromFileName(fileName);
  int order[3] = {kTaskSpecEntry, kWorkflowSpecEntry, kLaunchPlanEntry};
  if (announced != 0) {
    // The announced kind first, the others keep their relative order.
    int k = 0;
    order[k++] = announced;
    for (int kind : {kTaskSpecEntry, kWorkflowSpecEntry, kLaunchPlanEntry})
      if (kind != announced)
        order[k++] = kind;
  }
  google::protobuf::LogSilencer silence;
  for (int kind : order) {
    cost = estimateDecodedBytes(descriptorOf(kind), bytes, budget);
    if (cost > budget) {
      // The walk stopped at the budget: the whole entry would take more.
      problems.push_back(packageProblem<Reason::DecodingBudgetExceeded>(fileName, bytes.size(), kindName(kind),
                                                                         mebibytes(budget)));
      return false;
    }
    if (!tryDecode(kind, fileName, bytes, out))
      continue;
    if (announced != 0 && kind != announced)
      problems.push_back(
          packageProblem<Reason::SuffixMismatch>(fileName, announced, kindName(announced), kindName(kind)));
    return true;
  }
  problems.push_back(packageProblem<Reason::Undecodable>(fileName, bytes.size()));
  return false;
}

std::string_view PackageProblem::code() const {
  switch (reason) {
#define PACKAGE_PROBLEM(code, reason, diag, nvalues) \
  case Reason::reason: return #code;
#include "idl/package_problems.def"
#undef PACKAGE_PROBLEM
  }
  return "E0906";
}

bool PackageReadResult::hasErrors() const {
  for (const auto& p : problems)
    if (p.isError())
      return true;
  return false;
}

bool PackageReadResult::unreadable() const {
  for (const auto& p : problems)
    if (p.code() == "E0905" || p.code() == "E0906")
      return true;
  return false;
}

} // namespace flytec::idl
