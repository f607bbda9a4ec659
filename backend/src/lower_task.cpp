// Task -> admin.TaskSpec (spec §10 "Task", "Dask task"): template id, type
// `raw-container` or `dask`, RuntimeMetadata{OTHER, flytec version,
// "flytec"}, retries/timeout/interruptible/cache, the interface with
// descriptions, the Container with data_config and lowered placeholders, the
// Dask plugin's `custom`, and TaskSpec.description from the doc comment.
// Also the node-level settings shared with workflow nodes (NodeMetadata,
// TaskNodeOverrides from `with`). The map variant (lower_map.cpp) is lowered
// here too, with its list-wrapped interface and per-element placeholders.
#include <google/protobuf/util/json_util.h>

#include <map>

#include "backend/placeholder_lowering.h"
#include "flyteidl/plugins/dask.pb.h"
#include "idl/type_conversion.h"
#include "lowering.h"

namespace flytec::backend {

namespace fp = flyteidl;
using llvm::dyn_cast_or_null;

namespace {

void addVariable(const tc::Variable& v, const idl::LiteralType& type, fp::core::VariableMap* map) {
  fp::core::Variable& out = (*map->mutable_variables())[v.name];
  idl::toProto(type, out.mutable_type());
  out.set_description(v.description());
}

std::string stringValue(const ast::Expr* e) {
  if (auto* s = dyn_cast_or_null<ast::StringExpr>(e)) return std::string(s->value);
  if (auto* i = dyn_cast_or_null<ast::IntExpr>(e)) return std::to_string(i->value);
  if (auto* f = dyn_cast_or_null<ast::FloatExpr>(e)) return std::string(f->text);
  return {};
}

std::optional<fp::core::Resources::ResourceName> resourceName(std::string_view key) {
  using R = fp::core::Resources;
  if (key == "cpu") return R::CPU;
  if (key == "mem" || key == "memory") return R::MEMORY;
  if (key == "gpu") return R::GPU;
  if (key == "ephemeral_storage") return R::EPHEMERAL_STORAGE;
  if (key == "storage") return R::STORAGE;
  return std::nullopt;
}

}  // namespace

void Lowering::fillResourceEntries(const ast::Field* field,
                                   google::protobuf::RepeatedPtrField<fp::core::Resources::ResourceEntry>* out) {
  if (!field) return;
  auto add = [&](std::string_view key, const ast::Expr* value) {
    auto name = resourceName(key);
    std::string v = stringValue(value);
    if (!name || v.empty() || v == "0") return;  // "0" means unset (spec §6)
    auto* entry = out->Add();
    entry->set_name(*name);
    entry->set_value(v);
  };
  if (auto* d = dyn_cast_or_null<ast::DictExpr>(field->value.get()))
    for (const ast::DictEntry& e : d->entries) add(e.key.name, e.value.get());
  if (field->block)
    for (const ast::Field& f : field->block->fields) add(f.key.name, f.value.get());
}

void Lowering::fillResources(const ast::Block* block, fp::core::Resources* r) {
  if (!block) return;
  fillResourceEntries(block->find("requests"), r->mutable_requests());
  fillResourceEntries(block->find("limits"), r->mutable_limits());
}

void Lowering::applyWith(const ast::Block* with, NodeSettings& s) {
  if (!with) return;
  if (auto* r = dyn_cast_or_null<ast::IntExpr>(fieldExpr(with, "retries"))) s.retries = r->value;
  if (auto* t = dyn_cast_or_null<ast::DurationExpr>(fieldExpr(with, "timeout"))) s.timeoutNanos = t->nanos;
  if (auto* b = dyn_cast_or_null<ast::BoolExpr>(fieldExpr(with, "interruptible"))) s.interruptible = b->value;
}

NodeSettings Lowering::taskSettings(const tc::Entity& task) const {
  NodeSettings s;
  if (auto* decl = dyn_cast_or_null<ast::TaskDecl>(task.decl)) applyWith(&decl->body, s);
  return s;
}

void Lowering::fillNodeMetadata(const std::string& name, const NodeSettings& s, fp::core::NodeMetadata* md) {
  md->set_name(name);
  // pyflyte always writes `retries {}`; propeller reads the node's value.
  md->mutable_retries()->set_retries(static_cast<uint32_t>(s.retries.value_or(0)));
  if (s.timeoutNanos) setDuration(*s.timeoutNanos, md->mutable_timeout());
  if (s.interruptible) md->set_interruptible(*s.interruptible);
}

void Lowering::fillOverrides(const ast::Block* with, fp::core::TaskNodeOverrides* o) {
  if (!with) return;
  if (with->find("requests") || with->find("limits")) fillResources(with, o->mutable_resources());
  if (auto* image = dyn_cast_or_null<ast::StringExpr>(fieldExpr(with, "image"))) o->set_container_image(std::string(image->value));
}

namespace {

/// `cache = "v1"`, `cache = {version = ..., serialize = ...}` or a `cache`
/// block as the metadata's discovery settings (nothing without a version).
void fillCache(const ast::Field* cache, fp::core::TaskMetadata& md) {
  if (!cache) return;
  std::string version;
  bool serialize = false;
  if (auto* str = dyn_cast_or_null<ast::StringExpr>(cache->value.get())) version = str->value;
  auto fromEntry = [&](std::string_view key, const ast::Expr* v) {
    if (key == "version") version = stringValue(v);
    if (auto* b = dyn_cast_or_null<ast::BoolExpr>(v); b && key == "serialize") serialize = b->value;
  };
  if (auto* d = dyn_cast_or_null<ast::DictExpr>(cache->value.get()))
    for (const ast::DictEntry& e : d->entries) fromEntry(e.key.name, e.value.get());
  if (cache->block)
    for (const ast::Field& f : cache->block->fields) fromEntry(f.key.name, f.value.get());
  if (!version.empty()) {
    md.set_discoverable(true);
    md.set_discovery_version(version);
    md.set_cache_serializable(serialize);
  }
}

/// The task's interface, list-wrapped for a map variant (`map` set); returns
/// the placeholder context its command is lowered in.
PlaceholderContext fillInterface(const tc::Entity& task, const tc::MapSettings* map,
                                 fp::core::TypedInterface* iface) {
  PlaceholderContext ctx;
  iface->mutable_inputs();
  iface->mutable_outputs();
  for (const tc::Variable& v : task.inputs) {
    bool mapped = map && std::find(map->mappedInputs.begin(), map->mappedInputs.end(), v.name) !=
                             map->mappedInputs.end();
    idl::LiteralType type = mapped ? idl::LiteralType::list(v.type) : v.type;
    addVariable(v, type, iface->mutable_inputs());
    ctx.types.emplace(v.name, type);
    if (mapped) ctx.mapped.insert(v.name);
  }
  // A map variant's outputs are lists of the task's own output types, even
  // when success criteria let elements fail (the map node's value is then
  // list[T?] in flytec): an ArrayNode's interface is its sub-node's
  // (flytepropeller/pkg/compiler/validators/interface.go:156-163), each
  // element's data sidecar uploads the de-listed type, and Flyte's copilot
  // uploader takes blobs and simple types only, never an optional
  // (flytecopilot/data/upload.go:142-162). list[T] binds to list[T?].
  for (const tc::Variable& v : task.outputs) {
    idl::LiteralType type = map ? idl::LiteralType::list(v.type) : v.type;
    addVariable(v, type, iface->mutable_outputs());
  }
  return ctx;
}

/// The container: image, the lowered script or command, env, resources and
/// the data config.
void fillContainer(const ast::Block& body, const PlaceholderContext& ctx, bool dask, fp::core::Container& c) {
  if (auto* image = dyn_cast_or_null<ast::StringExpr>(fieldExpr(&body, "image"))) c.set_image(std::string(image->value));
  std::vector<std::string> argv;
  if (auto* script = dyn_cast_or_null<ast::StringExpr>(fieldExpr(&body, "script"))) {
    argv = {"sh", "-ec", lowerPlaceholders(script->value, ctx)};
  } else if (auto* cmd = dyn_cast_or_null<ast::ListExpr>(fieldExpr(&body, "command"))) {
    for (const ast::ExprPtr& e : cmd->elements) argv.push_back(lowerPlaceholders(stringValue(e.get()), ctx));
  }
  // Flyte's Dask plugin replaces only `args` in the scheduler and worker pods.
  for (std::string& a : argv) (dask ? c.add_args() : c.add_command())->swap(a);
  if (auto* env = dyn_cast_or_null<ast::DictExpr>(fieldExpr(&body, "env"))) {
    for (const ast::DictEntry& e : env->entries) {
      auto* kv = c.add_env();
      kv->set_key(std::string(e.key.name));
      kv->set_value(stringValue(e.value.get()));
    }
  }
  Lowering::fillResources(&body, c.mutable_resources());
  auto* dc = c.mutable_data_config();
  dc->set_enabled(true);
  dc->set_input_path("/var/inputs");
  dc->set_output_path("/var/outputs");
  dc->set_format(fp::core::DataLoadingConfig::JSON);
}

/// The `dask` block as plugins.DaskJob in protobuf JSON, lowerCamelCase like flytekit.
void fillDaskJob(const ast::Block* b, google::protobuf::Struct* custom) {
  fp::plugins::DaskJob job;
  auto group = [](const ast::Block* parent, std::string_view key) -> const ast::Block* {
    const ast::Field* f = parent ? parent->find(key) : nullptr;
    return f ? f->block.get() : nullptr;
  };
  const ast::Block* sched = group(b, "scheduler");
  const ast::Block* workers = group(b, "workers");
  auto* js = job.mutable_scheduler();
  if (auto* img = dyn_cast_or_null<ast::StringExpr>(fieldExpr(sched, "image"))) js->set_image(std::string(img->value));
  Lowering::fillResources(sched, js->mutable_resources());
  auto* jw = job.mutable_workers();
  int64_t count = 1;
  if (auto* n = dyn_cast_or_null<ast::IntExpr>(fieldExpr(workers, "count"))) count = n->value;
  jw->set_number_of_workers(static_cast<uint32_t>(count));
  if (auto* img = dyn_cast_or_null<ast::StringExpr>(fieldExpr(workers, "image"))) jw->set_image(std::string(img->value));
  Lowering::fillResources(workers, jw->mutable_resources());
  std::string json;
  google::protobuf::util::JsonPrintOptions opts;
  opts.always_print_primitive_fields = false;
  (void)google::protobuf::util::MessageToJsonString(job, &json, opts);
  (void)google::protobuf::util::JsonStringToMessage(json, custom);
}

}  // namespace

fp::admin::TaskSpec Lowering::lowerTask(const tc::Entity& task, const tc::MapSettings* map,
                                        const std::string& name) const {
  auto* decl = llvm::cast<ast::TaskDecl>(task.decl);
  const ast::Block& body = decl->body;
  const ast::Field* daskField = body.find("dask");
  bool dask = daskField && daskField->block;

  fp::admin::TaskSpec spec;
  fp::core::TaskTemplate& t = *spec.mutable_template_();
  *t.mutable_id() = identifier(fp::core::TASK, name);
  t.set_type(dask ? "dask" : "raw-container");
  t.set_task_type_version(map ? 1 : 0);
  fillTaskMetadata(task, *t.mutable_metadata());
  PlaceholderContext ctx = fillInterface(task, map, t.mutable_interface());
  fillContainer(body, ctx, dask, *t.mutable_container());
  if (dask) fillDaskJob(daskField->block.get(), t.mutable_custom());
  // The description from the doc comment: first line short, all of it long.
  if (!decl->doc.empty()) setDescription(decl->doc, spec.mutable_description());
  return spec;
}

void Lowering::fillTaskMetadata(const tc::Entity& task, fp::core::TaskMetadata& md) const {
  auto* rt = md.mutable_runtime();
  rt->set_type(fp::core::RuntimeMetadata::OTHER);
  rt->set_version(version_);
  rt->set_flavor("flytec");
  NodeSettings s = taskSettings(task);
  md.mutable_retries()->set_retries(static_cast<uint32_t>(s.retries.value_or(0)));
  if (s.timeoutNanos) setDuration(*s.timeoutNanos, md.mutable_timeout());
  if (s.interruptible) md.set_interruptible(*s.interruptible);
  fillCache(llvm::cast<ast::TaskDecl>(task.decl)->body.find("cache"), md);
}

void setDescription(const std::string& doc, flyteidl::admin::DescriptionEntity* d) {
  d->set_short_description(doc.substr(0, doc.find('\n')));
  d->mutable_long_description()->set_value(doc);
}

}  // namespace flytec::backend
