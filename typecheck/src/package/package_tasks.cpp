// Checks of one TaskSpec entry: what flyteadmin's ValidateTask and Flyte's
// CompileTask reject (identifier, type, metadata, runtime version, interface,
// container image and command, resources: errors), the cluster warnings of
// raw containers (`data_config` enabled: W0310, E0412, E0317), and what only a
// source check would flag: Dask `custom` configs and legacy map-task
// (`container_array`) success criteria (W0910). k8s-pod tasks get only the
// template checks (their pod spec is not inspected).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "package/package_check_impl.h"

namespace flytec::tc::pkg {

namespace {

namespace pb = google::protobuf;

// The source rule W0310 names these output types (spec §6 "Outputs").
bool clusterCannotPass(const core::LiteralType& t) {
  if (t.has_collection_type() || t.has_map_value_type() || t.has_enum_type() || t.has_union_type()) return true;
  return t.has_blob() && t.blob().dimensionality() == core::BlobType::MULTIPART;
}

/// The first `file`/`dir` field (dotted path; `dir` sets *isDir) inside a
/// struct reachable from `t` through structure.dataclass_type (the source
/// rule E0317, typecheck/src/rules/cluster_data.cpp); "" when there is none.
std::string structBlobField(const core::LiteralType& t, bool inStruct, bool* isDir, int depth = 0) {
  if (depth > 64) return "";
  if (t.has_blob()) {
    *isDir = t.blob().dimensionality() == core::BlobType::MULTIPART;
    return inStruct ? "." : "";
  }
  if (t.has_collection_type()) return structBlobField(t.collection_type(), inStruct, isDir, depth + 1);
  if (t.has_map_value_type()) return structBlobField(t.map_value_type(), inStruct, isDir, depth + 1);
  if (t.has_union_type())
    for (const auto& v : t.union_type().variants())
      if (auto f = structBlobField(v, inStruct, isDir, depth + 1); !f.empty()) return f;
  if (t.has_structure()) {
    std::map<std::string, const core::LiteralType*> sorted;
    for (const auto& [k, v] : t.structure().dataclass_type()) sorted[k] = &v;
    for (const auto& [k, v] : sorted)
      if (auto f = structBlobField(*v, true, isDir, depth + 1); !f.empty()) return f == "." ? k : k + "." + f;
  }
  return "";
}

void checkStructFiles(const std::string& where, const std::string& name, const core::TypedInterface& iface,
                      DiagnosticEngine& diags) {
  auto check = [&](const core::VariableMap& vars, bool input) {
    std::map<std::string, const core::Variable*> sorted;
    for (const auto& [k, v] : vars.variables()) sorted[k] = &v;
    for (const auto& [k, v] : sorted) {
      bool isDir = false;
      std::string f = structBlobField(v->type(), false, &isDir);
      if (f.empty()) continue;
      diags.reportAtPath(input ? diag::err_package_struct_input_field_not_json
                               : diag::err_package_struct_output_field_not_json,
                         where, k, name, typeName(v->type()), f, isDir ? "dir" : "file");
    }
  };
  check(iface.inputs(), true);
  check(iface.outputs(), false);
}

const pb::Value* field(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? nullptr : &it->second;
}

void checkDask(const PackageIndex& index, const std::string& where, const std::string& owner,
               const core::TaskTemplate& t, DiagnosticEngine& diags) {
  const pb::Struct& custom = t.custom();
  for (const auto& [key, value] : custom.fields())
    if (key != "scheduler" && key != "workers")
      diags.reportAtPath(diag::warn_package_unknown_dask_key, where, owner, key);
  auto group = [&](const std::string& name, std::initializer_list<std::string> keys) -> const pb::Struct* {
    const pb::Value* v = field(custom, name);
    if (!v || !v->has_struct_value()) return nullptr;
    for (const auto& [key, value] : v->struct_value().fields())
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        diags.reportAtPath(diag::warn_package_unknown_dask_group_key, where, owner, key, name);
    return &v->struct_value();
  };
  auto resources = [&](const pb::Struct* g, const std::string& name) {
    if (!g) return;
    const pb::Value* r = field(*g, "resources");
    if (!r) return;
    std::string json;
    core::Resources parsed;
    if (!pb::util::MessageToJsonString(*r, &json).ok() || !pb::util::JsonStringToMessage(json, &parsed).ok()) {
      diags.reportAtPath(diag::warn_package_dask_resources_undecodable, where, owner, name);
      return;
    }
    checkResources(index, where, fmt::format("{} (Dask {})", owner, name), parsed, false, diags);
  };
  const pb::Struct* scheduler = group("scheduler", {"image", "resources"});
  const pb::Struct* workers =
      group("workers", {"numberOfWorkers", "number_of_workers", "image", "resources"});
  double count = 0;
  if (workers) {
    const pb::Value* n = field(*workers, "numberOfWorkers");
    if (!n) n = field(*workers, "number_of_workers");
    if (n && n->has_number_value()) count = n->number_value();
    if (n && n->has_string_value()) count = std::atof(n->string_value().c_str());
  }
  if (count < 1)
    diags.reportAtPath(diag::warn_package_dask_without_workers, where, owner, static_cast<long long>(count));
  resources(scheduler, "scheduler");
  resources(workers, "workers");
}

void checkLegacyMap(const std::string& where, const std::string& owner, const core::TaskTemplate& t,
                    DiagnosticEngine& diags) {
  if (const pb::Value* r = field(t.custom(), "minSuccessRatio"); r && r->has_number_value()) {
    double ratio = r->number_value();
    if (!(ratio > 0 && ratio <= 1))
      diags.reportAtPath(diag::warn_package_success_ratio_out_of_range, where, owner, ratio);
  }
  if (const pb::Value* m = field(t.custom(), "minSuccesses"); m && m->has_number_value() && m->number_value() < 0)
    diags.reportAtPath(diag::warn_package_min_successes_negative, where, owner, m->number_value());
}

}  // namespace

void checkTask(const PackageIndex& index, const idl::PackageEntry& entry, DiagnosticEngine& diags) {
  const std::string where = index.locate(entry);
  const admin::TaskSpec& spec = *entry.task();
  if (!spec.has_template_()) {
    diags.reportAtPath(diag::err_package_task_spec_without_template, where);
    return;
  }
  const core::TaskTemplate& t = spec.template_();
  const std::string name = t.id().name();
  const std::string owner = fmt::format("task `{}`", name);
  auto reject = [&](DiagKind<1> what) { diags.reportAtPath(what, where, owner); };

  if (name.empty()) reject(diag::err_package_task_without_name);
  if (t.type().empty()) reject(diag::err_package_invalid_task_template);
  if (!t.has_metadata()) reject(diag::err_package_task_without_metadata);
  else if (t.metadata().has_runtime() && t.metadata().runtime().version().empty())
    reject(diag::err_package_task_runtime_version_empty);
  if (!t.has_interface()) reject(diag::err_package_task_without_interface);

  if (t.has_container()) {
    const core::Container& c = t.container();
    if (c.image().empty()) reject(diag::err_package_container_without_image);
    const bool hasIo = t.has_interface() && (t.interface().inputs().variables_size() > 0 ||
                                              t.interface().outputs().variables_size() > 0);
    if (hasIo && c.command_size() == 0 && c.args_size() == 0)
      reject(diag::err_package_container_without_command);
    if (c.has_resources()) checkResources(index, where, owner, c.resources(), true, diags);

    // Cluster warnings concern raw containers only: Flyte's data sidecar
    // moves their inputs and outputs (flytekit tasks do their own I/O).
    if (c.has_data_config() && c.data_config().enabled() && t.has_interface()) {
      const bool mapVariant = index.mapVariants.count(idKey(t.id())) > 0;
      std::string optionalOutputs;
      for (const auto& [out, var] : t.interface().outputs().variables()) {
        const core::LiteralType* ty = &var.type();
        if (mapVariant && ty->has_collection_type()) {
          ty = &ty->collection_type();
          if (isOptionalType(*ty) && ty->union_type().variants_size() == 2) {
            optionalOutputs += (optionalOutputs.empty() ? "" : ", ") + out;
            continue;
          }
        }
        if (clusterCannotPass(*ty)) diags.reportAtPath(diag::warn_output_not_passable_on_cluster, where, out, name, typeName(*ty));
      }
      if (!mapVariant) checkStructFiles(where, name, t.interface(), diags);
      if (!optionalOutputs.empty())
        diags.reportAtPath(diag::err_map_optional_element_outputs, where, optionalOutputs, name);
    }
  }
  if (t.type() == "dask") checkDask(index, where, owner, t, diags);
  if (t.type() == "container_array") checkLegacyMap(where, owner, t, diags);
}

}  // namespace flytec::tc::pkg
