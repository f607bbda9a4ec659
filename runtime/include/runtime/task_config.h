// What the runtime needs to know about one task, worked out once before the
// run starts: whether it can run here at all (raw-container tasks with a
// command; not pyflyte-execute, not other plugin types), its argv, which
// parts of the inputs directory its command can reference, env, requests,
// retries, timeout and cache settings, and how a node's metadata and
// overrides change them. It does not run anything.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "flyteidl/core/tasks.pb.h"
#include "flyteidl/core/workflow.pb.h"
#include "runtime/dask_bridge.h"
#include "runtime/executor.h"
#include "runtime/placeholder_substitution.h"

namespace flytec::rt {

/// One task, prepared for execution.
struct TaskConfig {
  const flyteidl::core::TaskTemplate* tmpl = nullptr;
  std::string name;
  std::vector<std::string> argv;          ///< container command + args
  std::string inputPrefix = "/var/inputs";
  std::string outputPrefix = "/var/outputs";
  InputReferences refs;                   ///< what argv can reach under inputPrefix
  /// Whether argv names inputPrefix / outputPrefix at all. An attempt gets
  /// its `inputs/` or `outputs/` directory only then: a command that does
  /// not name it cannot reach it, and each directory is an inode to create
  /// per map element (docs/runtime.md, "Work directories").
  bool usesInputsDir = true, usesOutputsDir = true;
  std::vector<std::pair<std::string, std::string>> env;  ///< container env
  std::string image;
  ResourceRequest requests;
  int retries = 0;
  std::optional<std::chrono::milliseconds> timeout;
  bool cacheable = false;
  std::string cacheVersion;
  /// A Dask task (`task_type: dask`): the cluster it gets for its length.
  std::optional<DaskClusterSpec> dask;
};

/// Why flytec cannot run a task locally (E1004 words it).
struct TaskRefusal {
  enum class Reason {
    CustomNotDaskJob,  ///< a Dask task whose `custom` is not a DaskJob
    NoContainer,       ///< `value`: the task type
    NoCommand,         ///< the container would run the image's entrypoint
    NeedsFlytekit,     ///< `value`: the `pyflyte-...` command it runs
    NotRawContainer,   ///< `value`: the task type
    UndeclaredInput,   ///< `value`: the input its command names
  };
  Reason reason = Reason::NoContainer;
  std::string value;
};

/// Prepares `tmpl`, or returns nullopt with `why` saying why flytec cannot
/// run it locally.
std::optional<TaskConfig> prepareTask(const flyteidl::core::TaskTemplate& tmpl, TaskRefusal& why);

/// Requests from a core.Resources (`requests`, else `limits`, as Kubernetes
/// defaults a request to its limit). Unparsable quantities are ignored.
ResourceRequest requestsOf(const flyteidl::core::Resources& resources);

/// The config a node runs with: its NodeMetadata's retries, timeout and
/// cache settings and its TaskNode overrides replace the task's.
TaskConfig applyNodeOverrides(const TaskConfig& task, const flyteidl::core::NodeMetadata* metadata,
                              const flyteidl::core::TaskNodeOverrides* overrides);

}  // namespace flytec::rt
