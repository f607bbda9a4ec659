// An in-memory Flyte package: the ordered entries of a `pyflyte package` /
// `flytec compile` archive, each one decoded admin message.
//
// It holds data only: reading is package_reader.h, writing an archive is the
// backend's package writer, checking is typecheck's package checker.
#pragma once

#include "flyteidl/admin/launch_plan.pb.h"
#include "flyteidl/admin/task.pb.h"
#include "flyteidl/admin/workflow.pb.h"

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace flytec::idl {

/// PackageEntry::kind values, the `_1/_2/_3` file-name suffixes.
inline constexpr int kTaskSpecEntry = 1;
inline constexpr int kWorkflowSpecEntry = 2;
inline constexpr int kLaunchPlanEntry = 3;

/// One package entry, e.g. `004_hello.say_hello_1.pb`.
struct PackageEntry {
  /// The entry's path inside the archive or directory, e.g. `004_x_1.pb`.
  std::string fileName;
  /// 1 TaskSpec, 2 WorkflowSpec, 3 LaunchPlan: the message actually decoded
  /// (which the file-name suffix only hints at).
  int kind = kTaskSpecEntry;
  /// The decoded message; its alternative index is kind - 1.
  std::variant<flyteidl::admin::TaskSpec, flyteidl::admin::WorkflowSpec, flyteidl::admin::LaunchPlan>
      spec;

  /// The message if the entry is of that kind, else nullptr.
  const flyteidl::admin::TaskSpec* task() const { return std::get_if<0>(&spec); }
  const flyteidl::admin::WorkflowSpec* workflow() const { return std::get_if<1>(&spec); }
  const flyteidl::admin::LaunchPlan* launchPlan() const { return std::get_if<2>(&spec); }

  /// Builds an entry, setting kind from the message type.
  static PackageEntry of(std::string fileName, flyteidl::admin::TaskSpec m) {
    return {std::move(fileName), kTaskSpecEntry, std::move(m)};
  }
  static PackageEntry of(std::string fileName, flyteidl::admin::WorkflowSpec m) {
    return {std::move(fileName), kWorkflowSpecEntry, std::move(m)};
  }
  static PackageEntry of(std::string fileName, flyteidl::admin::LaunchPlan m) {
    return {std::move(fileName), kLaunchPlanEntry, std::move(m)};
  }
};

/// A package: entries in registration order (file-name order, as flytectl
/// registers them).
struct Package {
  std::vector<PackageEntry> entries;
};

/// The kind a file name's suffix announces (`..._1.pb` -> 1, as flytectl's
/// `^.*_([1-3])\.pb$`), or 0 when it announces none.
int entryKindFromFileName(std::string_view fileName);

} // namespace flytec::idl
