// Checks before a run starts (Engine::preflight): every task the target can
// reach must be runnable here (E1004), fit the executor (E1005), and every
// node must be of a kind flytec runs and refer to something in the package
// (E1010). Also prints the one note per run that images are not used.
#include <unistd.h>

#include "engine_impl.h"
#include "diagnostics/diagnostic_reason.h"
#include "runtime/dask_bridge.h"
#include "runtime/process.h"
#include "runtime/resource_text.h"

namespace flytec::rt {

using flyteidl::core::Node;
using flyteidl::core::WorkflowTemplate;

namespace {

using Reason = TaskRefusal::Reason;

/// E1004 for `task`, which prepareTask refused.
void reportRefusedTask(DiagnosticEngine& diags, const std::string& path, const std::string& task,
                       const TaskRefusal& why) {
  switch (why.reason) {
    case Reason::CustomNotDaskJob: diags.reportAtPath(diag::err_dask_task_custom_not_dask_job, path, task); return;
    case Reason::NoContainer: diags.reportAtPath(diag::err_task_without_container, path, task, why.value); return;
    case Reason::NoCommand: diags.reportAtPath(diag::err_task_container_without_command, path, task); return;
    case Reason::NeedsFlytekit: diags.reportAtPath(diag::err_task_needs_flytekit, path, task, why.value); return;
    case Reason::NotRawContainer: diags.reportAtPath(diag::err_task_not_raw_container, path, task, why.value); return;
    case Reason::UndeclaredInput:
      diags.reportAtPath(diag::err_task_command_uses_undeclared_input, path, task, why.value);
      return;
  }
}

/// E1005's wording for each way the executor refuses a task's requests.
DiagKind<4> oversizedWording(ResourceRefusal::Kind kind) {
  using Kind = ResourceRefusal::Kind;
  switch (kind) {
    case Kind::CpusOverHost: return diag::err_task_cpus_exceed_host;
    case Kind::MemoryOverHost: return diag::err_task_memory_exceeds_host;
    case Kind::CpusOverDaskWorker: return diag::err_task_cpus_exceed_dask_worker;
    case Kind::MemoryOverDaskWorker: return diag::err_task_memory_exceeds_dask_worker;
  }
  return diag::err_task_cpus_exceed_host;
}

/// E1005 for `task` of `node`, whose requests the executor refuses.
void reportOversized(DiagnosticEngine& diags, const std::string& path, const std::string& task,
                     const std::string& node, const ResourceRefusal& r) {
  diags.reportAtPath(oversizedWording(r.kind), path, task, r.requested, r.available, node);
}

/// E1005 for Dask task `task` of `node`, whose cluster exceeds the host.
void reportOversizedCluster(DiagnosticEngine& diags, const std::string& path, const std::string& task,
                            const std::string& node, const DaskClusterExcess& e) {
  if (e.memoryEach)
    diags.reportAtPath(diag::err_dask_cluster_memory_exceeds_host, path, task, e.workers, e.threads, *e.memoryEach,
                       e.hostCpus, e.hostMemory, node);
  else
    diags.reportAtPath(diag::err_dask_cluster_exceeds_host, path, task, e.workers, e.threads, e.hostCpus,
                       e.hostMemory, node);
}

}  // namespace

std::shared_ptr<TaskConfig> Engine::Impl::taskConfig(const flyteidl::core::TaskTemplate* t, TaskRefusal* why) {
  auto it = tasks.find(t);
  if (it != tasks.end()) return it->second;
  TaskRefusal reason;
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
    diags.reportAtPath(diag::err_array_node_without_task, options.diagPath, node.id(), wf.id().name());
    return false;
  }
  const std::string& name = target.task_node().reference_id().name();
  const auto* tmpl = program.task(name);
  if (!tmpl) {
    diags.reportAtPath(diag::err_node_task_not_in_package, options.diagPath, node.id(), wf.id().name(), name);
    return false;
  }
  bool known = tasks.count(tmpl);
  if (known && !tasks[tmpl]) return false;  // refused (and reported) already
  TaskRefusal why;
  auto cfg = taskConfig(tmpl, &why);
  if (!cfg) {
    reportRefusedTask(diags, options.diagPath, name, why);
    tasks[tmpl] = nullptr;  // report once
    return false;
  }
  if (!known && (!daskLauncherFor(name, *cfg) || !commandFound(name, *cfg))) {
    tasks[tmpl] = nullptr;
    return false;
  }
  if (!cfg->image.empty()) images.insert(cfg->image);
  TaskConfig eff = applyNodeOverrides(*cfg, target.has_metadata() ? &target.metadata() : nullptr,
                                      target.task_node().has_overrides() ? &target.task_node().overrides() : nullptr);
  return fitsHost(name, node, eff, *cfg, known);
}

bool Engine::Impl::daskLauncherFor(const std::string& name, const TaskConfig& cfg) {
  if (!cfg.dask || daskLauncher) return true;
  DaskProblem reason;
  if (options.dask && options.dask->available(reason)) {
    daskLauncher = options.dask->clusterLauncher();
    return true;
  }
  if (options.dask)
    reportDaskTaskProblem(diags, options.diagPath, name, reason);
  else
    diags.reportAtPath(diag::err_dask_task_without_dask_support, options.diagPath, name);
  return false;
}

bool Engine::Impl::commandFound(const std::string& name, const TaskConfig& cfg) {
  // Relative names are looked up from the run's directory, as the
  // container's working directory would be.
  const std::string& exe = cfg.argv[0];
  if (exe.find("{{") != std::string::npos || exe.find(cfg.inputPrefix) != std::string::npos) return true;
  std::string path;
  for (const auto& [k, v] : baseEnv)
    if (k == "PATH") path = v;
  for (const auto& [k, v] : cfg.env)
    if (k == "PATH") path = v;
  const bool bare = exe.find('/') == std::string::npos;
  auto found = findExecutable(bare ? exe : (options.cwd / exe).string(), path);
  if (found && access(found->c_str(), X_OK) == 0) return true;
  if (bare)
    diags.reportAtPath(diag::err_task_command_not_on_path, options.diagPath, name, exe, path);
  else
    diags.reportAtPath(diag::err_task_command_not_executable, options.diagPath, name, exe, options.cwd.string());
  return false;
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
  if (auto refusal = executor.refuse(eff.requests)) {
    if (!scale) {
      reportOversized(diags, options.diagPath, name, node.id(), *refusal);
      return false;
    }
    if (options.progress && scaledNotes.insert(name).second)
      options.progress->note(reasonText(reason::note_task_scaled_to_host, name, describe(*refusal)));
  }
  if (cfg.dask && host && !known) {
    if (auto over = daskClusterExceeds(*cfg.dask, *host)) {
      if (!scale) {
        reportOversizedCluster(diags, options.diagPath, name, node.id(), *over);
        return false;
      }
      cfg.dask = scaleDaskCluster(*cfg.dask, *host);
      const int threads = cfg.dask->hostThreads.value_or(declaredThreads(*cfg.dask));
      std::string here = std::to_string(threads) + " thread" + (threads == 1 ? "" : "s");
      if (options.progress)
        options.progress->note(
            cfg.dask->hostMemoryLimit
                ? reasonText(reason::note_dask_cluster_scaled_with_memory, name, describe(*over), here,
                             formatBytes(*cfg.dask->hostMemoryLimit))
                : reasonText(reason::note_dask_cluster_scaled, name, describe(*over), here));
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
          diags.reportAtPath(diag::err_node_workflow_not_in_package, options.diagPath, node.id(), wf.id().name(),
                             wn.sub_workflow_ref().name());
          ok = false;
          continue;
        }
        ok &= checkWorkflow(*sub, scope, seen, images);
      } else {
        const auto* lp = program.launchPlan(wn.launchplan_ref().name());
        const auto* spec = lp ? program.workflowSpec(lp->spec().workflow_id().name()) : nullptr;
        if (!spec) {
          diags.reportAtPath(diag::err_node_launch_plan_not_in_package, options.diagPath, node.id(), wf.id().name(),
                             wn.launchplan_ref().name());
          ok = false;
          continue;
        }
        ok &= checkWorkflow(spec->template_(), spec, seen, images);
      }
    } else {
      auto unsupported = node.has_branch_node() ? diag::err_branch_node_unsupported
                         : node.has_gate_node() ? diag::err_gate_node_unsupported
                                                : diag::err_empty_node_unsupported;
      diags.reportAtPath(unsupported, options.diagPath, node.id(), wf.id().name());
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
