// §6 task fields: the fields a task body may hold, their kinds and ranges,
// `image` required (E0320), exactly one of `command`/`script` (E0313),
// unknown fields with did-you-mean (E0321), repeated fields (E0324), and
// outputs a Flyte cluster cannot pass on (W0310). `with` overrides are
// checked by with_overrides.cpp, called from here. Resources
// (resources.cpp), Dask blocks (dask.cpp) and placeholders
// (placeholders.cpp) are their own checks; this file only knows their names.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "model_builder.h"
#include "typecheck/language_keys.h"
#include "rules/block_entries.h"
#include "rules/field_values.h"
#include "rules/with_overrides.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

const std::vector<std::string> kTaskFields = keyNames(taskFieldKeys());

/// Names users bring from flytekit, Kubernetes or other tools.
const std::map<std::string, std::string, std::less<>> kTaskFieldAliases = {
    {"args", "command"},          {"argv", "command"},        {"cmd", "command"},
    {"container_image", "image"}, {"container", "image"},     {"environment", "env"},
    {"max_retries", "retries"},   {"cache_version", "cache"}, {"resources", "requests"},
    {"shell", "script"},          {"interruptable", "interruptible"}};

/// E0321 for the unknown field `f` of a task: with the field it likely
/// meant and a fix-it (certain, for --fixit, for a close misspelling of a
/// field not yet set, never for an alias from another tool), else with what
/// a task holds.
void reportUnknownTaskField(const Entry& f, const std::string& where, const std::vector<std::string>& present,
                            DiagnosticEngine& diags) {
  const std::string& name = f.name();
  if (name == "cpu" || name == "mem" || name == "memory" || name == "gpu" || name == "ephemeral_storage") {
    diags.report(diag::err_resource_as_task_field, f.key->range, name, where, name, name);
    return;
  }
  std::string best;
  bool alias = false;
  if (auto it = kTaskFieldAliases.find(name); it != kTaskFieldAliases.end()) best = it->second, alias = true;
  else best = closestName(name, kTaskFields);
  if (best.empty()) {
    diags.report(diag::err_unknown_task_field, f.key->range, name, where);
    return;
  }
  // Renaming onto a field that is already set would only trade one error for another.
  auto has = [&](const char* k) { return std::find(present.begin(), present.end(), k) != present.end(); };
  bool taken = has(best.c_str()) || ((best == "command" || best == "script") && (has("command") || has("script")));
  diags.report(diag::err_unknown_field, f.key->range, name, where)
      .didYouMean(best)
      .fixit(f.key->range, best, /*certain=*/!alias && !taken);
}

void checkCommand(const Entry& e, DiagnosticEngine& diags) {
  if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value)) {
    diags.report(diag::err_command_is_string, s->range).fixit(e.key->range, "script", /*certain=*/false);
    return;
  }
  auto* list = llvm::dyn_cast_or_null<ast::ListExpr>(e.value);
  if (!list) return reportWrongKind(e, "a list of strings (argv, no shell)", diags);
  if (list->elements.empty()) {
    diags.report(diag::err_field_invalid_value, list->range, "command", "a non-empty list", "[]");
    return;
  }
  for (const ast::ExprPtr& el : list->elements) {
    if (llvm::isa<ast::StringExpr>(el.get())) continue;
    std::string text(el->range.Start.getPointer(), el->range.End.getPointer());
    auto d = diags.report(diag::err_command_element_not_string, el->range, describeExpr(el.get()));
    if (llvm::isa<ast::IntExpr, ast::FloatExpr, ast::BoolExpr, ast::DurationExpr>(el.get()))
      d.fixit(el->range, "\"" + text + "\"");
  }
}

void checkScript(const Entry& e, DiagnosticEngine& diags) {
  if (llvm::isa_and_nonnull<ast::StringExpr>(e.value)) return;
  if (llvm::isa_and_nonnull<ast::ListExpr>(e.value))
    diags.report(diag::err_script_is_list, e.valueRange());
  else
    reportWrongKind(e, "a string (run as `sh -ec SCRIPT`)", diags);
}

void checkCache(const Entry& e, DiagnosticEngine& diags) {
  const std::string expected = "a version string or `{ version = \"v1\", serialize = true }`";
  if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(e.value)) {
    if (s->value.empty()) diags.report(diag::err_field_invalid_value, s->range, "cache", "a non-empty version", "\"\"");
    return;
  }
  auto entries = nestedEntries(e);
  if (!entries) {
    if (llvm::isa_and_nonnull<ast::BoolExpr>(e.value))
      diags.report(diag::err_cache_is_bool, e.valueRange());
    else
      reportWrongKind(e, expected, diags);
    return;
  }
  reportDuplicateKeys(*entries, "`cache`", diags);
  const Entry* version = nullptr;
  for (const Entry& c : *entries) {
    if (c.name() == "version") {
      if (!version) version = &c;
      if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(c.value)) {
        if (s->value.empty()) diags.report(diag::err_field_invalid_value, s->range, "version", "a non-empty string", "\"\"");
      } else {
        reportWrongKind(c, "a string", diags);
      }
    } else if (c.name() == "serialize") {
      if (!llvm::isa_and_nonnull<ast::BoolExpr>(c.value)) reportWrongKind(c, "a bool", diags);
    } else {
      std::string best = closestName(c.name(), {"version", "serialize"});
      if (best.empty())
        diags.report(diag::err_unknown_cache_field, c.key->range, c.name());
      else
        diags.report(diag::err_unknown_field, c.key->range, c.name(), "`cache`").didYouMean(best).fixit(c.key->range, best);
    }
  }
  if (!version) diags.report(diag::err_cache_without_version, e.valueRange(), describeValue(e));
}

void checkEnv(const Entry& e, DiagnosticEngine& diags) {
  auto* dict = llvm::dyn_cast_or_null<ast::DictExpr>(e.value);
  if (!dict) return reportWrongKind(e, "a dict of strings such as `{ LANG = \"C.UTF-8\" }`", diags);
  std::vector<Entry> entries = entriesOf(*dict);
  reportDuplicateKeys(entries, "`env`", diags);
  for (const Entry& v : entries) {
    if (llvm::isa_and_nonnull<ast::StringExpr>(v.value)) continue;
    const ast::Expr* x = v.value;
    auto d = diags.report(diag::err_field_wrong_kind, v.valueRange(), "env." + v.name(), "a string", describeValue(v));
    // Quoting a number or bool literal keeps exactly what was written.
    if (llvm::isa_and_nonnull<ast::IntExpr, ast::FloatExpr, ast::BoolExpr>(x))
      d.fixit(x->range, "\"" + std::string(x->range.Start.getPointer(), x->range.End.getPointer()) + "\"");
  }
}

/// The W0310 variant for an output of type `t`, if a cluster cannot pass it on.
std::optional<DiagKind<3>> cannotPassOn(const idl::LiteralType& t) {
  using K = idl::LiteralType::Kind;
  switch (t.kind()) {
    case K::Collection: case K::Map: return diag::warn_collection_output_not_passable;
    case K::Enum: return diag::warn_enum_output_not_passable;
    case K::Union: return diag::warn_union_output_not_passable;
    case K::Blob:
      if (t.blobDimensionality() == idl::BlobDimensionality::Multipart) return diag::warn_dir_output_not_passable;
      return std::nullopt;
    default: return std::nullopt;
  }
}

void checkOutputs(const Entity& task, DiagnosticEngine& diags) {
  for (const Variable& out : task.outputs) {
    if (!out.param || out.type.isUnset()) continue;
    if (std::optional<DiagKind<3>> kind = cannotPassOn(out.type))
      diags.report(*kind, out.param->type.range, out.name, task.name, out.type.str());
  }
}

void checkTask(const Entity& task, DiagnosticEngine& diags) {
  auto* decl = llvm::dyn_cast_or_null<ast::TaskDecl>(task.decl);
  if (!decl) return;
  std::vector<Entry> fields = entriesOf(decl->body);
  std::string where = "task `" + task.name + "`";
  reportDuplicateKeys(fields, where, diags);
  std::vector<std::string> present;
  for (const Entry& f : fields) present.push_back(f.name());

  const Entry *image = nullptr, *command = nullptr, *script = nullptr;
  for (const Entry& f : fields) {
    const std::string& n = f.name();
    if (n == "image") {
      if (!image) image = &f;
      checkImage(f, diags);
    } else if (n == "command") {
      if (!command) command = &f;
      checkCommand(f, diags);
    } else if (n == "script") {
      if (!script) script = &f;
      checkScript(f, diags);
    } else if (n == "retries") {
      checkRetries(f, diags);
    } else if (n == "timeout") {
      checkTimeout(f, diags);
    } else if (n == "interruptible") {
      checkInterruptible(f, diags);
    } else if (n == "cache") {
      checkCache(f, diags);
    } else if (n == "env") {
      checkEnv(f, diags);
    } else if (n == "requests" || n == "limits" || n == "dask") {
      // resources.cpp and dask.cpp
    } else {
      reportUnknownTaskField(f, where, present, diags);
    }
  }
  if (!image) diags.report(diag::err_task_without_image, decl->name.range, task.name);
  if (command && script) {
    const Entry* second = command->range.Start.getPointer() > script->range.Start.getPointer() ? command : script;
    const Entry* first = second == command ? script : command;
    diags.report(diag::err_command_or_script, second->key->range, task.name, "both")
        .note(first->key->range, reason::note_set_here, first->name());
  } else if (!command && !script) {
    diags.report(diag::err_command_or_script, decl->name.range, task.name, "neither");
  }
  checkOutputs(task, diags);
}

}  // namespace

void checkTaskFields(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  for (const auto& e : model.entities)
    if (e->kind == EntityKind::Task && options.checks(e.get())) checkTask(*e, diags);
  checkWithOverrides(model, options, diags);
}

}  // namespace flytec::tc
