// Types (spec §5): a written TypeRef becomes an idl::LiteralType — builtins,
// `list[T]`, `dict[str, T]` (E0304 for other keys), `union[...]`, `T?`, and
// enums and structs by (possibly qualified) name. Structs are `simple:
// STRUCT` named by their declared name with a JSON schema as metadata, built
// here from their fields. Then every entity's interface (inputs, outputs,
// struct fields, enum values, a launch plan's workflow) is filled.
// Defaults are checked in values.cpp; nothing here looks at workflow bodies.
#include <llvm/Support/JSON.h>

#include <algorithm>

#include "model_builder.h"

namespace flytec::tc {

namespace {

const std::map<std::string, idl::LiteralType (*)(), std::less<>>& builtins() {
  static const std::map<std::string, idl::LiteralType (*)(), std::less<>> m = {
      {"int", &idl::LiteralType::integer},   {"float", &idl::LiteralType::floating},
      {"str", &idl::LiteralType::string},    {"bool", &idl::LiteralType::boolean},
      {"datetime", &idl::LiteralType::datetime}, {"duration", &idl::LiteralType::duration},
      {"none", &idl::LiteralType::none},
      {"file", [] { return idl::LiteralType::file(); }},
      {"dir", [] { return idl::LiteralType::dir(); }},
  };
  return m;
}

/// A JSON schema for one field type, as pydantic/mashumaro write them.
llvm::json::Value schemaOf(const idl::LiteralType& t) {
  using K = idl::LiteralType::Kind;
  switch (t.kind()) {
    case K::Simple:
      switch (t.simpleType()) {
        case idl::SimpleType::Integer: return llvm::json::Object{{"type", "integer"}};
        case idl::SimpleType::Float: return llvm::json::Object{{"type", "number"}};
        case idl::SimpleType::String: return llvm::json::Object{{"type", "string"}};
        case idl::SimpleType::Boolean: return llvm::json::Object{{"type", "boolean"}};
        case idl::SimpleType::Datetime: return llvm::json::Object{{"type", "string"}, {"format", "date-time"}};
        case idl::SimpleType::Duration: return llvm::json::Object{{"type", "string"}, {"format", "duration"}};
        case idl::SimpleType::None: return llvm::json::Object{{"type", "null"}};
        case idl::SimpleType::Struct:
          if (t.metadata()) return llvm::json::Object(*t.metadata());
          return llvm::json::Object{{"type", "object"}};
        default: return llvm::json::Object{};
      }
    case K::Collection: return llvm::json::Object{{"type", "array"}, {"items", schemaOf(t.elementType())}};
    case K::Map:
      return llvm::json::Object{{"type", "object"}, {"additionalProperties", schemaOf(t.elementType())}};
    case K::Blob:
      return llvm::json::Object{{"type", "string"}, {"format", t.blobDimensionality() == idl::BlobDimensionality::Single ? "file" : "dir"}};
    case K::Enum: {
      llvm::json::Array values;
      for (const std::string& v : t.enumValues()) values.push_back(v);
      return llvm::json::Object{{"type", "string"}, {"enum", std::move(values)}, {"title", t.name()}};
    }
    case K::Union: {
      llvm::json::Array any;
      for (const idl::LiteralType& v : t.variants()) any.push_back(schemaOf(v));
      return llvm::json::Object{{"anyOf", std::move(any)}};
    }
    default: return llvm::json::Object{};
  }
}

}  // namespace

idl::LiteralType ModelBuilder::resolveType(const Module& module, const ast::TypeRef& ref) {
  auto wrap = [&](idl::LiteralType t) { return ref.optional ? idl::LiteralType::optional(std::move(t)) : t; };
  std::vector<std::string> path;
  for (const ast::Ident& p : ref.path) path.emplace_back(p.name);
  std::string name = joinPath(path);
  auto argCount = [&](size_t n) {
    if (ref.args.size() == n) return true;
    diags_->report(diag::err_type_argument_count, ref.range, name, name, n == 1 ? "T" : "str, T", ref.spelling());
    return false;
  };
  if (name == "list") {
    if (!argCount(1)) return {};
    return wrap(idl::LiteralType::list(resolveType(module, ref.args[0])));
  }
  if (name == "dict") {
    if (!argCount(2)) return {};
    const ast::TypeRef& key = ref.args[0];
    if (!(key.path.size() == 1 && key.path[0].name == "str" && key.args.empty() && !key.optional))
      diags_->report(diag::err_dict_key_not_str, key.range, key.spelling()).fixit(key.range, "str", true);
    return wrap(idl::LiteralType::dict(resolveType(module, ref.args[1])));
  }
  if (name == "union") {
    std::vector<idl::LiteralType> variants;
    for (const ast::TypeRef& a : ref.args) variants.push_back(resolveType(module, a));
    return wrap(idl::LiteralType::unionOf(std::move(variants)));
  }
  if (path.size() == 1) {
    auto it = builtins().find(name);
    if (it != builtins().end()) {
      if (!ref.args.empty()) diags_->report(diag::err_type_takes_no_arguments, ref.range, name, ref.spelling());
      return wrap(it->second());
    }
  }
  const Entity* e = model_.lookup(module, name);
  noteEntity(module, ref.path, e);
  if (!e || (e->kind != EntityKind::Struct && e->kind != EntityKind::Enum)) {
    if (e) {
      diags_->report(diag::err_entity_as_type, ref.range, entityKindName(e->kind), name);
      return {};
    }
    // Did-you-mean over builtins, then declared types.
    std::vector<std::string> candidates = {"int", "float", "str", "bool", "datetime", "duration", "file", "dir", "none", "list", "dict", "union"};
    if (path.size() == 1) {
      if (auto scope = model_.scopes_.find(&module); scope != model_.scopes_.end())
        for (const auto& [n, ent] : scope->second)
          if (ent->kind == EntityKind::Struct || ent->kind == EntityKind::Enum) candidates.emplace_back(n);
      diags_->report(diag::err_unknown_name, ref.range, name).didYouMean(closestName(name, candidates));
    } else {
      resolveEntity(module, path, ref.range, true);
    }
    return {};
  }
  Entity& target = const_cast<Entity&>(*e);
  if (target.kind == EntityKind::Struct) resolveStruct(target);
  return wrap(target.type);
}

void ModelBuilder::resolveStruct(Entity& e) {
  auto* decl = llvm::cast<ast::StructDecl>(e.decl);
  if (structDone_[decl]) return;
  if (!resolving_.insert(&e).second) {
    // A struct that contains itself: Flyte cannot express it; the inner use
    // gets a schema-less struct type so that checking can go on.
    diags_->report(diag::err_struct_contains_itself, decl->name.range, e.name);
    model_.structCycle = true;
    e.type = idl::LiteralType::structOf(e.name, std::nullopt);
    return;
  }
  llvm::json::Object props;
  llvm::json::Array required;
  e.inputs.clear();
  for (const ast::Param& f : decl->fields) {
    Variable v;
    v.name = f.name.name;
    v.type = resolveType(*e.module, f.type);
    v.param = &f;
    v.defaultValue = f.defaultValue.get();
    v.optional = f.type.optional;
    props[v.name] = schemaOf(v.type);
    if (!v.defaultValue && !v.optional) required.push_back(v.name);
    e.inputs.push_back(std::move(v));
  }
  llvm::json::Object schema{{"title", e.name}, {"type", "object"}, {"properties", std::move(props)},
                            {"required", std::move(required)}, {"additionalProperties", false}};
  // Each field's type also goes into structure.dataclass_type (tag "", as
  // flytekit writes a dataclass): Flyte's compiler walks into a struct for
  // an attribute access (`r.o0.samples`) only through it (flyteorg/flyte
  // v1.16.5 flytepropeller/pkg/compiler/validators/bindings.go:148-158), and
  // without it rejects the binding ("MismatchingTypes ... STRUCT").
  idl::TypeStructure structure;
  for (const Variable& v : e.inputs) structure.dataclassType.emplace_back(v.name, v.type);
  std::sort(structure.dataclassType.begin(), structure.dataclassType.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  e.type = idl::LiteralType::structOf(e.name, std::move(schema)).withStructure(std::move(structure));
  resolving_.erase(&e);
  structDone_[decl] = true;
  structsByTypeName_[e.name] = &e;
}

const Entity* ModelBuilder::structEntity(const idl::LiteralType& t) const {
  if (!t.isSimple(idl::SimpleType::Struct)) return nullptr;
  // Nominal: find the entity whose type is exactly this one.
  for (const auto& e : model_.entities)
    if (e->kind == EntityKind::Struct && e->type == t) return e.get();
  return nullptr;
}

void ModelBuilder::resolveEntityInterface(Entity& e) {
  auto params = [&](const std::vector<ast::Param>& ps, std::vector<Variable>& out) {
    out.reserve(out.size() + ps.size());
    for (const ast::Param& p : ps) {
      Variable v;
      v.name = p.name.name;
      v.type = resolveType(*e.module, p.type);
      v.param = &p;
      v.defaultValue = p.defaultValue.get();
      v.optional = p.type.optional;
      out.push_back(std::move(v));
    }
  };
  if (auto* t = llvm::dyn_cast<ast::TaskDecl>(e.decl)) {
    params(t->params, e.inputs);
    if (t->outputs) params(t->outputs->params, e.outputs);
  } else if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(e.decl)) {
    params(w->params, e.inputs);
    if (w->outputs) params(w->outputs->params, e.outputs);
  }
}

void ModelBuilder::resolveInterfaces() {
  for (const auto& e : model_.entities) {
    if (auto* en = llvm::dyn_cast<ast::EnumDecl>(e->decl)) {
      std::vector<std::string> values;
      std::set<std::string> seen;
      for (const ast::Ident& m : en->members) {
        if (!seen.emplace(m.name).second)
          diags_->report(diag::err_redeclaration, m.range, e->name + "." + std::string(m.name), "enum member");
        values.emplace_back(m.name);
      }
      e->type = idl::LiteralType::enumOf(e->name, std::move(values));
    }
  }
  for (const auto& e : model_.entities)
    if (e->kind == EntityKind::Struct) resolveStruct(*e);
  for (const auto& e : model_.entities)
    if (e->kind == EntityKind::Task || e->kind == EntityKind::Workflow) resolveEntityInterface(*e);
  // Launch plans take their workflow's interface.
  for (const auto& e : model_.entities) {
    auto* lp = llvm::dyn_cast<ast::LaunchPlanDecl>(e->decl);
    if (!lp) continue;
    std::vector<std::string> path;
    for (const ast::Ident& p : lp->target) path.emplace_back(p.name);
    const Entity* target = resolveEntity(*e->module, path, lp->targetRange, true);
    noteEntity(*e->module, lp->target, target);
    if (target && target->kind != EntityKind::Workflow) {
      diags_->report(diag::err_launch_plan_target_not_workflow, lp->targetRange, e->name, joinPath(path),
                    entityKindName(target->kind));
      target = nullptr;
    }
    e->target = target;
    if (target) {
      e->inputs = target->inputs;
      e->outputs = target->outputs;
    }
  }
}

}  // namespace flytec::tc
