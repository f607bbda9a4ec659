// Checks before a run starts (Engine::preflight): every task the target can
// reach must be runnable here (E1004), fit the executor (E1005), and every
// node must be of a kind flytec runs and refer to something in the package
// (E1010). Also prints the one note per run that images are not used.
#include <unistd.h>

#include "engine_impl.h"
#include "runtime/dask_bridge.h"
#include "runtime/process.h"
#include "runtime/resource_text.h"

namespace flytec::rt {

using flyteidl::core::Node;
using flyteidl::core::WorkflowTemplate;

std::shared_ptr<TaskConfig> Engine::Impl::taskConfig(const flyteidl::core::TaskTemplate* t, std::string* why) {
  auto it = tasks.find(t);
  if (it != tasks.end()) return it->second;
  std::string reason;
  auto cfg = prepareTask(*t, reason);
  if (!cfg) {
    if (why) *why = reason;
    return nullptr;
  }
  auto p = std::make_shared<TaskConfig>(std::move(*cfg));
  tasks[t] = p;
  return p;
}

bool Engine::Impl::checkTaskNode(const Node& node, const WorkflowTemplate& wf, std::set<std::string>& images) {
  const flyteidl::core::Node& target = node.has_array_node() ? node.array_node().node() : node;
  if (!target.has_task_node()) {
    diags.reportAtPath(diag::err_node_cannot_run, options.diagPath, node.id(), wf.id().name(),
                       "an ArrayNode must map a task");
    return false;
  }
  const std::string& name = target.task_node().reference_id().name();
  const auto* tmpl = program.task(name);
  if (!tmpl) {
    diags.reportAtPath(diag::err_node_cannot_run, options.diagPath, node.id(), wf.id().name(),
                       "task `" + name + "` is not in the package");
    return false;
  }
  bool known = tasks.count(tmpl);
  if (known && !tasks[tmpl]) return false;  // refused (and reported) already
  std::string why;
  auto cfg = taskConfig(tmpl, &why);
  if (!cfg) {
    diags.reportAtPath(diag::err_task_cannot_run_locally, options.diagPath, name, why);
    tasks[tmpl] = nullptr;  // report once
    return false;
  }
  if (!known && cfg->dask && !daskLauncher) {
    std::string reason = "no Dask support was configured";
    if (options.dask && options.dask->available(reason)) daskLauncher = options.dask->clusterLauncher();
    if (!daskLauncher) {
      diags.reportAtPath(diag::err_task_cannot_run_locally, options.diagPath, name, "it is a Dask task and " + reason);
      tasks[tmpl] = nullptr;
      return false;
    }
  }
  if (!known) {
    // The command must exist (relative names are looked up from the run's
    // directory, as the container's working directory would be).
    const std::string& exe = cfg->argv[0];
    if (exe.find("{{") == std::string::npos && exe.find(cfg->inputPrefix) == std::string::npos) {
      std::string path;
      for (const auto& [k, v] : baseEnv)
        if (k == "PATH") path = v;
      for (const auto& [k, v] : cfg->env)
        if (k == "PATH") path = v;
      std::string full = exe.find('/') == std::string::npos ? exe : (options.cwd / exe).string();
      auto found = findExecutable(exe.find('/') == std::string::npos ? exe : full, path);
      if (!found || access(found->c_str(), X_OK) != 0) {
        diags.reportAtPath(diag::err_task_cannot_run_locally, options.diagPath, name,
                           exe.find('/') == std::string::npos
                               ? "its command `" + exe + "` is not found on PATH (" + path + ")"
                               : "its command `" + exe + "` is not an executable file (from " +
                                     options.cwd.string() + ")");
        tasks[tmpl] = nullptr;
        return false;
      }
    }
  }
  if (!cfg->image.empty()) images.insert(cfg->image);
  TaskConfig eff = applyNodeOverrides(*cfg, target.has_metadata() ? &target.metadata() : nullptr,
                                      target.task_node().has_overrides() ? &target.task_node().overrides() : nullptr);
  return fitsHost(name, node, eff, *cfg, known);
}

// One policy for tasks and Dask task clusters larger than the host of a
// local run: scaled to the host with a note (a task runs when nothing else
// does; a cluster gets a share of the CPUs and memory), or, with
// --host-fit=refuse, E1005. A remote executor never scales: a request no
// worker can hold would wait forever.
bool Engine::Impl::fitsHost(const std::string& name, const Node& node, const TaskConfig& eff, TaskConfig& cfg,
                            bool known) {
  const std::optional<HostCapacity> host = executor.host();
  const bool scale = host && !options.refuseOversized;
  const std::string how = " (--host-fit=refuse refuses it instead)";
  if (auto refusal = executor.refuse(eff.requests)) {
    if (!scale) {
      diags.reportAtPath(diag::err_task_exceeds_host, options.diagPath, name, *refusal + " (node `" + node.id() + "`)");
      return false;
    }
    if (options.progress && scaledNotes.insert(name).second)
      options.progress->note("task `" + name + "` " + *refusal + ": it runs when nothing else runs, on what the host has" + how);
  }
  if (cfg.dask && host && !known) {
    if (auto over = daskClusterExceeds(*cfg.dask, *host)) {
      if (!scale) {
        diags.reportAtPath(diag::err_task_exceeds_host, options.diagPath, name, *over + " (node `" + node.id() + "`)");
        return false;
      }
      cfg.dask = scaleDaskCluster(*cfg.dask, *host);
      const int threads = cfg.dask->hostThreads.value_or(declaredThreads(*cfg.dask));
      std::string here = std::to_string(threads) + " thread" + (threads == 1 ? "" : "s");
      if (cfg.dask->hostMemoryLimit) here += " and " + formatBytes(*cfg.dask->hostMemoryLimit);
      if (options.progress)
        options.progress->note("task `" + name + "` " + *over + ": here each worker gets " + here + how);
    }
  }
  return true;
}

bool Engine::Impl::checkWorkflow(const WorkflowTemplate& wf, const flyteidl::admin::WorkflowSpec* scope,
                                 std::set<const void*>& seen, std::set<std::string>& images) {
  if (!seen.insert(&wf).second) return true;
  bool ok = true;
  for (const auto& node : wf.nodes()) {
    if (node.has_task_node() || node.has_array_node()) {
      ok &= checkTaskNode(node, wf, images);
    } else if (node.has_workflow_node()) {
      const auto& wn = node.workflow_node();
      if (wn.has_sub_workflow_ref()) {
        const auto* sub = program.workflow(wn.sub_workflow_ref().name(), scope);
        if (!sub) {
          diags.reportAtPath(diag::err_node_cannot_run, options.diagPath, node.id(), wf.id().name(),
                             "workflow `" + wn.sub_workflow_ref().name() + "` is not in the package");
          ok = false;
          continue;
        }
        ok &= checkWorkflow(*sub, scope, seen, images);
      } else {
        const auto* lp = program.launchPlan(wn.launchplan_ref().name());
        const auto* spec = lp ? program.workflowSpec(lp->spec().workflow_id().name()) : nullptr;
        if (!spec) {
          diags.reportAtPath(diag::err_node_cannot_run, options.diagPath, node.id(), wf.id().name(),
                             "launch plan `" + wn.launchplan_ref().name() + "` or its workflow is not in the package");
          ok = false;
          continue;
        }
        ok &= checkWorkflow(spec->template_(), spec, seen, images);
      }
    } else {
      const char* kind = node.has_branch_node() ? "a branch node" : node.has_gate_node() ? "a gate node" : "an empty node";
      diags.reportAtPath(diag::err_node_cannot_run, options.diagPath, node.id(), wf.id().name(),
                         std::string("it is ") + kind + ", which `flytec run` does not support yet");
      ok = false;
    }
  }
  return ok;
}

bool Engine::preflight(const RunTarget& target) {
  std::set<const void*> seen;
  std::set<std::string> images;
  bool ok = impl_->checkWorkflow(*target.workflow, target.spec, seen, images);
  if (ok && !images.empty() && impl_->options.progress) {
    std::string list;
    for (const auto& i : images) list += (list.empty() ? "" : ", ") + i;
    impl_->options.progress->note("container images are not used by local runs; tasks run as processes on this host (" +
                                  list + ")");
  }
  return ok;
}

}  // namespace flytec::rt
