// map -> the map variant task and an ArrayNode (spec §10 "Map").
//
// The variant's name is `{prefix.}map_{task}_{h}-arraynode`, where prefix is
// the task's lowered prefix (spec §4) and h the first 16 hex digits of the
// SHA-256 of these bytes (UTF-8, each line ending in "\n", in this order):
//
//   bound_inputs=<the sorted bound-input names joined by ",">
//   concurrency=<decimal, or empty when omitted>
//   min_successes=<decimal, or empty when omitted>
//   min_success_ratio=<shortest round-trip decimal as Go's %v writes it, or empty>
//
// so two maps of one task share a variant exactly when their bound inputs and
// settings agree (the variant's interface and container depend on nothing else).
// The variant TaskSpec itself is built by lowerTask (lower_task.cpp); here is
// the ArrayNode: the outer node with the source name, NodeMetadata{name} and
// the bindings; the sub-node with the variant's name, the task's metadata
// with `with` over it, the same bindings and the overrides; parallelism,
// success criteria and bound_inputs.
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include "idl/go_format.h"
#include "lowering.h"

namespace flytec::backend {

namespace fp = flyteidl;

std::string Lowering::mapVariantName(const tc::Entity& task, const tc::MapSettings& map) {
  std::vector<std::string> bound = map.boundInputs;
  std::sort(bound.begin(), bound.end());
  std::string bytes = "bound_inputs=" + llvm::join(bound, ",") + "\n";
  bytes += "concurrency=" + (map.concurrency ? std::to_string(*map.concurrency) : "") + "\n";
  bytes += "min_successes=" + (map.minSuccesses ? std::to_string(*map.minSuccesses) : "") + "\n";
  bytes += "min_success_ratio=" + (map.minSuccessRatio ? idl::formatFloatInline(*map.minSuccessRatio) : "") + "\n";
  llvm::SHA256 sha;
  sha.update(bytes);
  std::string hex = llvm::toHex(sha.final(), /*LowerCase=*/true).substr(0, 16);

  std::string prefix;
  const std::string& lowered = task.loweredName;
  if (lowered.size() > task.name.size() + 1 && llvm::StringRef(lowered).endswith("." + task.name))
    prefix = lowered.substr(0, lowered.size() - task.name.size());  // keeps the dot
  return prefix + "map_" + task.name + "_" + hex + "-arraynode";
}

void Lowering::lowerMapNode(const tc::NodeInfo& n, const tc::WorkflowInfo& wf, fp::core::Node* out) const {
  const ast::Node& src = *n.node;
  const tc::MapSettings& map = *n.map;
  std::string variant = mapVariantName(*n.target, map);

  out->mutable_metadata()->set_name(std::string(src.name.name));
  for (const tc::NodeArg& a : n.args) {
    fp::core::Binding* b = out->add_inputs();
    b->set_var(a.name());
    *b->mutable_binding() = argBinding(a, wf);
  }

  fp::core::ArrayNode* an = out->mutable_array_node();
  fp::core::Node* sub = an->mutable_node();
  sub->set_id(variant);
  NodeSettings s = taskSettings(*n.target);
  applyWith(src.with.get(), s);
  fillNodeMetadata(std::string(src.name.name), s, sub->mutable_metadata());
  *sub->mutable_inputs() = out->inputs();
  auto* tn = sub->mutable_task_node();
  *tn->mutable_reference_id() = identifier(fp::core::TASK, variant);
  fillOverrides(src.with.get(), tn->mutable_overrides());

  if (map.concurrency) an->set_parallelism(static_cast<uint32_t>(*map.concurrency));
  if (map.minSuccessRatio) an->set_min_success_ratio(static_cast<float>(*map.minSuccessRatio));
  if (map.minSuccesses) an->set_min_successes(static_cast<uint32_t>(*map.minSuccesses));
  std::vector<std::string> bound = map.boundInputs;
  std::sort(bound.begin(), bound.end());
  for (const std::string& b : bound) an->add_bound_inputs(b);
}

}  // namespace flytec::backend
