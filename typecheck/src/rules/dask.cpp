// §8 Dask blocks: `dask { scheduler { image requests limits } workers { count
// image requests limits } }`. Reports unknown blocks and keys with
// did-you-mean (E0603; Flyte's plugin drops them silently), repeated keys
// (E0324), a worker count below 1 (E0601), and scheduler or worker images
// that differ from the task's (W0602), and outputs, which race on a cluster
// (W0604). Resource values are resources.cpp's.
#include <algorithm>
#include <map>

#include "model_builder.h"
#include "rules/block_entries.h"
#include "rules/field_values.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

/// Names from flytekit's Dask plugin and Kubernetes that mean a key here.
const std::map<std::string, std::string, std::less<>> kAliases = {
    {"worker", "workers"},           {"worker_group", "workers"},   {"replicas", "count"},
    {"number_of_workers", "count"},  {"n_workers", "count"},        {"num_workers", "count"},
    {"numberOfWorkers", "count"},    {"resources", "requests"},     {"limit", "limits"},
    {"request", "requests"}};

void reportUnknown(const Entry& e, const std::vector<Entry>& siblings, const std::string& where,
                   const std::vector<std::string>& keys, DiagnosticEngine& diags) {
  std::string best;
  if (auto it = kAliases.find(e.name()); it != kAliases.end() &&
                                         std::find(keys.begin(), keys.end(), it->second) != keys.end())
    best = it->second;
  else
    best = closestName(e.name(), keys);
  std::string held;
  for (const std::string& k : keys) held += (held.empty() ? "`" : ", `") + k + "`";
  auto d = best.empty() ? diags.report(diag::err_dask_unknown_key_listed, e.key->range, e.name(), where, held)
                        : diags.report(diag::err_dask_unknown_key, e.key->range, e.name(), where).didYouMean(best);
  if (!best.empty() && !findEntry(siblings, best)) d.fixit(e.key->range, best);
}

void checkImageMatches(const Entry& image, const char* group, const ast::StringExpr* taskImage,
                       DiagnosticEngine& diags) {
  const ast::StringExpr* img = checkImage(image, diags);
  if (!img || !taskImage || img->value == taskImage->value) return;
  diags.report(diag::warn_dask_image_differs, img->range, group, img->value, taskImage->value)
      .note(taskImage->range, reason::note_task_image_set_here);
}

void checkGroup(const Entry& group, bool workers, const ast::StringExpr* taskImage, DiagnosticEngine& diags) {
  std::string where = "dask." + group.name();
  std::optional<std::vector<Entry>> entries = nestedEntries(group);
  if (!entries) {
    return reportWrongKind(group, "a block such as `" + group.name() + " { requests = { cpu = \"1\" } }`", diags);
  }
  reportDuplicateKeys(*entries, "`" + where + "`", diags);
  std::vector<std::string> keys = workers ? std::vector<std::string>{"count", "image", "requests", "limits"}
                                          : std::vector<std::string>{"image", "requests", "limits"};
  for (const Entry& e : *entries) {
    const std::string& n = e.name();
    if (n == "image") {
      checkImageMatches(e, workers ? "workers" : "scheduler", taskImage, diags);
    } else if (n == "requests" || n == "limits") {
      continue;  // resources.cpp
    } else if (n == "count" && workers) {
      auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(e.value);
      if (!i) reportWrongKind(e, "an int (the number of workers)", diags);
      else if (i->value < 1) diags.report(diag::err_dask_without_workers, i->range, i->value);
    } else {
      reportUnknown(e, *entries, where, keys, diags);
    }
  }
}

void checkTask(const ast::TaskDecl& task, DiagnosticEngine& diags) {
  std::vector<Entry> fields = entriesOf(task.body);
  const Entry* dask = findEntry(fields, "dask");
  if (!dask) return;
  const Entry* image = findEntry(fields, "image");
  auto* taskImage = image ? llvm::dyn_cast_or_null<ast::StringExpr>(image->value) : nullptr;
  std::optional<std::vector<Entry>> groups = nestedEntries(*dask);
  if (!groups)
    return reportWrongKind(*dask, "a block such as `dask { workers { count = 2 } }`", diags);
  reportDuplicateKeys(*groups, "`dask`", diags);
  for (const Entry& g : *groups) {
    if (g.name() == "scheduler") checkGroup(g, false, taskImage, diags);
    else if (g.name() == "workers") checkGroup(g, true, taskImage, diags);
    else reportUnknown(g, *groups, "dask", {"scheduler", "workers"}, diags);
  }
}

}  // namespace

/// W0604. Flyte's Dask plugin builds the scheduler, worker and job-runner pods
/// from deep copies of the task's pod, copilot sidecars included
/// (flyteplugins/go/tasks/plugins/k8s/dask/dask.go:74-99, 115-119, 180-187,
/// 258-266 at v1.16.5); the uploader is a native sidecar, added only for a
/// task with outputs (flytek8s/copilot.go:245-275), that uploads when its pod
/// stops (copilot's signal watcher) and writes an error document at the
/// output prefix when outputs are missing (flytecopilot/cmd/sidecar.go:
/// 115-124); propeller reads that document before the outputs
/// (flytepropeller/pkg/controller/nodes/task/handler.go:851-866). The
/// document is recoverable (flytecopilot/cmd/root.go:47-61), so a task with
/// `retries` runs again when it loses the race: no warning then.
void checkOutputsRace(const Entity& task, const ast::TaskDecl& decl, DiagnosticEngine& diags) {
  if (task.outputs.empty()) return;
  std::vector<Entry> fields = entriesOf(decl.body);  // findEntry points into it
  const Entry* dask = findEntry(fields, "dask");
  const Entry* retries = findEntry(fields, "retries");
  auto* count = retries ? llvm::dyn_cast_or_null<ast::IntExpr>(retries->value) : nullptr;
  if (dask && !(count && count->value >= 1)) diags.report(diag::warn_dask_outputs_without_retries, dask->key->range, task.name);
}

void checkDask(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& e : model.entities) {
    auto* task = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl);
    if (!task || !options.checks(e.get())) continue;
    checkTask(*task, diags);
    if (e->kind == EntityKind::Task) checkOutputsRace(*e, *task, diags);
  }
}

}  // namespace flytec::tc
