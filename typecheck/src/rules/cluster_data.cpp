// What Flyte's data sidecar (flytecopilot) cannot carry, checked on the
// source: a struct with a `file`/`dir` field as a task input or output
// (E0317), and a task's `dir` output passed to a `dir` input (E0316). Both
// work under `flytec run`, which hands tasks host paths, and can never work
// on a cluster. The package checker applies the same rules to a package
// (typecheck/src/package/package_tasks.cpp, package_workflows.cpp).
//
// Decisions: a struct's fields are found through the type's
// structure.dataclass_type (every struct flytec declares has it), nested
// structs, lists, dicts and unions included; the first file/dir field found
// is named, once per input or output. A `dir` flow is a read of a task
// node's `dir` output (`a.d`, or a bare `a` with one output) anywhere in the
// value bound to an input whose type holds a `dir`; reads through a
// sub-workflow's outputs are not followed.
#include "rules/graph_uses.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

using K = idl::LiteralType::Kind;

bool isDir(const idl::LiteralType& t) {
  return t.kind() == K::Blob && t.blobDimensionality() == idl::BlobDimensionality::Multipart;
}

bool holdsDir(const idl::LiteralType& t) {
  if (isDir(t)) return true;
  if (t.kind() == K::Collection || t.kind() == K::Map) return holdsDir(t.elementType());
  if (t.kind() == K::Union)
    for (const auto& v : t.variants())
      if (holdsDir(v)) return true;
  return false;
}

/// The first `file`/`dir` field (dotted path) inside a struct reachable from
/// `t`, walking nested structs, lists, dicts and unions; `depth` bounds the
/// walk (types nest at most as deep as the source's nesting limit).
std::optional<std::pair<std::string, bool>> blobField(const idl::LiteralType& t, bool inStruct, int depth = 0) {
  if (depth > 64) return std::nullopt;
  switch (t.kind()) {
    case K::Blob:
      if (inStruct) return std::make_pair(std::string(), isDir(t));
      return std::nullopt;
    case K::Collection:
    case K::Map: return blobField(t.elementType(), inStruct, depth + 1);
    case K::Union:
      for (const auto& v : t.variants())
        if (auto f = blobField(v, inStruct, depth + 1)) return f;
      return std::nullopt;
    case K::Simple:
      if (const idl::TypeStructure* s = t.structure())
        for (const auto& [name, field] : s->dataclassType)
          if (auto f = blobField(field, true, depth + 1))
            return std::make_pair(f->first.empty() ? name : name + "." + f->first, f->second);
      return std::nullopt;
    default: return std::nullopt;
  }
}

void checkStructFiles(const Entity& task, DiagnosticEngine& diags) {
  auto check = [&](const Variable& v, bool input) {
    if (!v.param || v.type.isUnset()) return;
    auto f = blobField(v.type, false);
    if (!f) return;
    // flytecopilot/data/download.go:290-307 (handleGeneric) and
    // coreutils/literals.go:384-393 (MakeLiteralForSimpleType, STRUCT) at
    // flyteorg/flyte v1.16.5: a struct is JSON in and JSON out.
    diags.report(input ? diag::err_struct_input_field_not_json : diag::err_struct_output_field_not_json,
                 v.param->type.range, v.name, task.name, v.type.str(), f->first, f->second ? "dir" : "file");
  };
  for (const Variable& v : task.inputs) check(v, true);
  for (const Variable& v : task.outputs) check(v, false);
}

/// The task-node output a read names, if it is a `dir`.
const Variable* dirOutputRead(const WorkflowInfo& info, const NameRead& r, const NodeInfo** from) {
  const NodeInfo* n = info.findNode(r.name->name);
  if (!n || n->kind != NodeKind::Task || !n->target) return nullptr;
  const Variable* out = nullptr;
  if (r.member) {
    for (const Variable& o : n->outputs)
      if (o.name == r.member->name) out = &o;
  } else if (n->outputs.size() == 1) {
    out = &n->outputs.front();
  }
  if (!out || !isDir(out->type)) return nullptr;
  *from = n;
  return out;
}

void checkDirFlows(const WorkflowInfo& info, DiagnosticEngine& diags) {
  for (const auto& node : info.nodes) {
    if (!node || !node->target || node->kind == NodeKind::Invalid) continue;
    for (const NodeArg& arg : node->args) {
      if (!arg.value || !holdsDir(arg.input->type)) continue;
      forEachNameRead(arg.value, [&](const NameRead& r) {
        const NodeInfo* from = nullptr;
        const Variable* out = dirOutputRead(info, r, &from);
        if (!out) return;
        // flytecopilot/data/upload.go:59-110 (handleBlobType) at flyteorg/flyte
        // v1.16.5 uploads a directory's files but returns
        // MakeLiteralForBlob(toPath, false, ""): a single-part blob.
        diags.report(diag::err_dir_output_to_dir_input, arg.value->range, out->name, from->target->name, arg.name(),
                     node->target->name);
      });
    }
  }
}

}  // namespace

void checkClusterData(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& e : model.entities)
    if (e->kind == EntityKind::Task && options.checks(e.get())) checkStructFiles(*e, diags);
  for (const auto& [decl, info] : model.workflows)
    if (info && (!info->entity || options.checks(info->entity))) checkDirFlows(*info, diags);
}

}  // namespace flytec::tc
