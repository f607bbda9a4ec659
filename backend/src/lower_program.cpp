// lowerProgram: which entities are lowered, in which order, under which file
// names (spec §10 "Package"). Every task first (declaration order), then each
// workflow after everything it references (sub-workflows, launch plans used
// as nodes, map variants), each workflow directly followed by its default
// launch plan and its declared ones. Identifiers carry --project/--domain/
// --version or stay empty. What each entity lowers to is in the other
// lower_*.cpp files.
#include <fmt/format.h>

#include "lowering.h"

namespace flytec::backend {

using flyteidl::core::ResourceType;

std::string defaultFlytecVersion() {
#ifdef FLYTEC_VERSION
  return FLYTEC_VERSION;
#else
  return "0.0.0";
#endif
}

const ast::Expr* fieldExpr(const ast::Block* block, std::string_view key) {
  if (!block) return nullptr;
  const ast::Field* f = block->find(key);
  return f ? f->value.get() : nullptr;
}

void setDuration(int64_t nanos, google::protobuf::Duration* d) {
  d->set_seconds(nanos / 1'000'000'000);
  d->set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
}

Lowering::Lowering(const tc::SemanticModel& model, const LowerOptions& options, DiagnosticEngine& diags)
    : model_(model), options_(options), diags_(diags),
      version_(options.flytecVersion.empty() ? defaultFlytecVersion() : options.flytecVersion) {}

flyteidl::core::Identifier Lowering::identifier(ResourceType type, const std::string& name) const {
  flyteidl::core::Identifier id;
  id.set_resource_type(type);
  id.set_project(options_.project);
  id.set_domain(options_.domain);
  id.set_name(name);
  id.set_version(options_.version);
  return id;
}

const tc::WorkflowInfo* Lowering::workflowInfo(const tc::Entity& e) const {
  auto* decl = llvm::dyn_cast_or_null<ast::WorkflowDecl>(e.decl);
  if (!decl) return nullptr;
  auto it = model_.workflows.find(decl);
  return it == model_.workflows.end() ? nullptr : it->second.get();
}

const tc::NodeInfo* Lowering::findNode(const tc::WorkflowInfo& wf, std::string_view name) const {
  auto [it, fresh] = nodeIndex_.try_emplace(&wf);
  if (fresh)
    for (const auto& n : wf.nodes)
      if (n->node) it->second.emplace(n->node->name.name, n.get());
  auto found = it->second.find(name);
  return found == it->second.end() ? nullptr : found->second;
}

void Lowering::emitWorkflow(const tc::Entity& wf) {
  if (emitted_.count(&wf) || inProgress_.count(&wf)) return;
  const tc::WorkflowInfo* info = workflowInfo(wf);
  if (!info) return;
  inProgress_.insert(&wf);
  // What the workflow references comes first.
  for (const auto& n : info->nodes) {
    if (!n->target) continue;
    switch (n->kind) {
      case tc::NodeKind::Workflow: emitWorkflow(*n->target); break;
      case tc::NodeKind::LaunchPlan: emitLaunchPlan(*n->target); break;
      case tc::NodeKind::Map: {
        std::string name = mapVariantName(*n->target, *n->map);
        if (emittedVariants_.insert(name).second)
          out_.push_back({name, idl::kTaskSpecEntry, lowerTask(*n->target, &*n->map, name)});
        break;
      }
      default: break;
    }
  }
  out_.push_back({wf.loweredName, idl::kWorkflowSpecEntry, lowerWorkflow(*info)});
  inProgress_.erase(&wf);
  emitted_.insert(&wf);
  out_.push_back({wf.loweredName, idl::kLaunchPlanEntry, defaultLaunchPlan(wf)});
  for (const auto& e : model_.entities) {
    if (e->kind != tc::EntityKind::LaunchPlan || e->target != &wf || emitted_.count(e.get())) continue;
    emitted_.insert(e.get());
    out_.push_back({e->loweredName, idl::kLaunchPlanEntry, declaredLaunchPlan(*e)});
  }
}

void Lowering::emitLaunchPlan(const tc::Entity& lp) {
  if (emitted_.count(&lp) || !lp.target) return;
  // Emitting the workflow emits its launch plans right after it.
  emitWorkflow(*lp.target);
}

std::optional<idl::Package> Lowering::run() {
  for (const auto& e : model_.entities)
    if (e->kind == tc::EntityKind::Task)
      out_.push_back({e->loweredName, idl::kTaskSpecEntry, lowerTask(*e, nullptr, e->loweredName)});
  for (const auto& e : model_.entities) {
    if (e->kind == tc::EntityKind::Workflow) emitWorkflow(*e);
    if (e->kind == tc::EntityKind::LaunchPlan) emitLaunchPlan(*e);
  }

  // One index width for the whole package (at least three digits, as pyflyte).
  size_t width = std::max<size_t>(3, fmt::format("{}", out_.empty() ? 0 : out_.size() - 1).size());
  idl::Package pkg;
  pkg.entries.reserve(out_.size());
  for (size_t i = 0; i < out_.size(); ++i) {
    Pending& p = out_[i];
    std::string file = fmt::format("{:0{}}_{}_{}.pb", i, width, p.name, p.kind);
    std::visit([&](auto& m) { pkg.entries.push_back(idl::PackageEntry::of(std::move(file), std::move(m))); },
               p.spec);
  }
  (void)diags_;
  return pkg;
}

std::optional<idl::Package> lowerProgram(const tc::SemanticModel& model, const LowerOptions& options,
                                         DiagnosticEngine& diags) {
  Lowering lowering(model, options, diags);
  return lowering.run();
}

}  // namespace flytec::backend
