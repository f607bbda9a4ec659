// Values (spec §10 "Defaults", §5 literals): literal expressions as Flyte
// literals, argument expressions as binding data. Integer literals in float
// positions become floats; enum values are their member's name as a string;
// `file`/`dir` paths are blobs; struct values are `scalar.generic` JSON
// objects whose numbers follow the struct's JSON schema (with field defaults
// filled in and omitted optional fields null); node outputs and workflow
// inputs are promises (empty node_id for a workflow input) with `attr_path`
// for indexing and field access. Nothing is checked here.
#include <llvm/Support/JSON.h>

#include "idl/duration.h"
#include "idl/go_format.h"
#include "idl/struct_json.h"
#include "lowering.h"

namespace flytec::backend {

namespace fp = flyteidl;
using idl::LiteralType;
using K = idl::LiteralType::Kind;
using llvm::dyn_cast;

namespace {

bool isNoneType(const LiteralType& t) { return t.isNone(); }

/// Does a literal of expression kind `e` fit variant `v` (for choosing a union variant)?
bool exprFits(const ast::Expr* e, const LiteralType& v) {
  switch (e->kind) {
    case ast::ExprKind::Int: return v.isSimple(idl::SimpleType::Integer) || v.isSimple(idl::SimpleType::Float);
    case ast::ExprKind::Float: return v.isSimple(idl::SimpleType::Float);
    case ast::ExprKind::Bool: return v.isSimple(idl::SimpleType::Boolean);
    case ast::ExprKind::Duration: return v.isSimple(idl::SimpleType::Duration);
    case ast::ExprKind::String:
      return v.isSimple(idl::SimpleType::String) || v.isSimple(idl::SimpleType::Datetime) ||
             v.kind() == K::Enum || v.kind() == K::Blob;
    case ast::ExprKind::Member: return v.kind() == K::Enum || v.isSimple(idl::SimpleType::String);
    case ast::ExprKind::List: return v.kind() == K::Collection;
    case ast::ExprKind::Dict: return v.kind() == K::Map || v.isSimple(idl::SimpleType::Struct);
    default: return false;
  }
}

/// The union variant a literal expression takes (exact int first for ints).
const LiteralType* pickVariant(const ast::Expr* e, const LiteralType& u) {
  if (e->kind == ast::ExprKind::Int)
    for (const LiteralType& v : u.variants())
      if (v.isSimple(idl::SimpleType::Integer)) return &v;
  for (const LiteralType& v : u.variants())
    if (!isNoneType(v) && exprFits(e, v)) return &v;
  for (const LiteralType& v : u.variants())
    if (!isNoneType(v)) return &v;
  return nullptr;
}

// ---- struct values as JSON, driven by the struct's JSON schema

const llvm::json::Object* resolveRef(const llvm::json::Object* s, const llvm::json::Object* root) {
  for (int guard = 0; s && guard < 16; ++guard) {
    auto ref = s->getString("$ref");
    if (!ref || !root) return s;
    llvm::StringRef r = *ref;
    const llvm::json::Object* next = nullptr;
    for (llvm::StringRef prefix : {"#/definitions/", "#/$defs/"})
      if (r.startswith(prefix))
        if (auto* defs = root->getObject(prefix.drop_front(2).drop_back(1)))
          next = defs->getObject(r.drop_front(prefix.size()));
    if (!next) return s;
    s = next;
  }
  return s;
}

bool schemaIsNumber(const llvm::json::Object* s) {
  if (!s) return false;
  if (auto t = s->getString("type")) return *t == "number";
  if (auto* any = s->getArray("anyOf"))
    for (const llvm::json::Value& v : *any)
      if (auto* o = v.getAsObject(); o && o->getString("type") == llvm::StringRef("number")) return true;
  return false;
}

const llvm::json::Object* propertySchema(const llvm::json::Object* s, llvm::StringRef name) {
  if (!s) return nullptr;
  auto* props = s->getObject("properties");
  return props ? props->getObject(name) : nullptr;
}

}  // namespace

namespace {
struct JsonBuilder {
  const tc::SemanticModel& model;
  const llvm::json::Object* root;

  const ast::StructDecl* structDecl(const LiteralType& t) const {
    for (const auto& e : model.entities)
      if (e->kind == tc::EntityKind::Struct && (e->type == t || (!t.name().empty() && (e->name == t.name() ||
                                                                                       e->loweredName == t.name()))))
        return llvm::dyn_cast_or_null<ast::StructDecl>(e->decl);
    return nullptr;
  }

  llvm::json::Value value(const ast::Expr* e, const llvm::json::Object* schema) const {
    schema = resolveRef(schema, root);
    switch (e->kind) {
      case ast::ExprKind::Int: {
        int64_t v = dyn_cast<ast::IntExpr>(e)->value;
        if (schemaIsNumber(schema)) return static_cast<double>(v);
        return v;
      }
      case ast::ExprKind::Float: return dyn_cast<ast::FloatExpr>(e)->value;
      case ast::ExprKind::String: return std::string(dyn_cast<ast::StringExpr>(e)->value);
      case ast::ExprKind::Bool: return dyn_cast<ast::BoolExpr>(e)->value;
      case ast::ExprKind::None: return nullptr;
      case ast::ExprKind::Duration: return idl::formatGoDuration(dyn_cast<ast::DurationExpr>(e)->nanos);
      case ast::ExprKind::Member: return std::string(dyn_cast<ast::MemberExpr>(e)->member.name);  // Enum.member
      case ast::ExprKind::List: {
        llvm::json::Array a;
        const llvm::json::Object* items = schema ? schema->getObject("items") : nullptr;
        for (const ast::ExprPtr& x : dyn_cast<ast::ListExpr>(e)->elements) a.push_back(value(x.get(), items));
        return a;
      }
      case ast::ExprKind::Dict: {
        llvm::json::Object o;
        const llvm::json::Object* additional = schema ? schema->getObject("additionalProperties") : nullptr;
        for (const ast::DictEntry& d : dyn_cast<ast::DictExpr>(e)->entries) {
          const llvm::json::Object* ps = propertySchema(schema, d.key.name);
          o[std::string(d.key.name)] = value(d.value.get(), ps ? ps : additional);
        }
        return o;
      }
      default: return nullptr;
    }
  }

  /// A struct literal: given fields, then defaults, then null for the rest.
  llvm::json::Object structObject(const ast::DictExpr* d, const LiteralType& t) const {
    llvm::json::Value v = value(d, root);
    llvm::json::Object o = std::move(*v.getAsObject());
    if (const ast::StructDecl* decl = structDecl(t)) {
      for (const ast::Param& p : decl->fields) {
        if (o.find(p.name.name) != o.end()) continue;
        o[std::string(p.name.name)] = p.defaultValue ? value(p.defaultValue.get(), propertySchema(root, p.name.name))
                                        : llvm::json::Value(nullptr);
      }
    }
    return o;
  }
};
}  // namespace

fp::core::Literal Lowering::noneLiteral() {
  fp::core::Literal l;
  l.mutable_scalar()->mutable_none_type();
  return l;
}

fp::core::Literal Lowering::literal(const ast::Expr* e, const LiteralType& t) const {
  if (e->kind == ast::ExprKind::None) return noneLiteral();
  if (t.kind() == K::Union) {
    const LiteralType* v = pickVariant(e, t);
    return v ? literal(e, *v) : noneLiteral();
  }
  fp::core::Literal l;
  auto prim = [&] { return l.mutable_scalar()->mutable_primitive(); };
  switch (t.kind()) {
    case K::Simple:
      switch (t.simpleType()) {
        case idl::SimpleType::Integer:
          if (auto* i = dyn_cast<ast::IntExpr>(e)) prim()->set_integer(i->value);
          break;
        case idl::SimpleType::Float:
          if (auto* i = dyn_cast<ast::IntExpr>(e)) prim()->set_float_value(static_cast<double>(i->value));
          if (auto* f = dyn_cast<ast::FloatExpr>(e)) prim()->set_float_value(f->value);
          break;
        case idl::SimpleType::String:
          if (auto* s = dyn_cast<ast::StringExpr>(e)) prim()->set_string_value(std::string(s->value));
          if (auto* m = dyn_cast<ast::MemberExpr>(e)) prim()->set_string_value(std::string(m->member.name));
          break;
        case idl::SimpleType::Boolean:
          if (auto* b = dyn_cast<ast::BoolExpr>(e)) prim()->set_boolean(b->value);
          break;
        case idl::SimpleType::Datetime:
          if (auto* s = dyn_cast<ast::StringExpr>(e))
            if (auto ts = idl::parseRfc3339(s->value)) {
              prim()->mutable_datetime()->set_seconds(ts.value->seconds);
              prim()->mutable_datetime()->set_nanos(ts.value->nanos);
            }
          break;
        case idl::SimpleType::Duration:
          if (auto* d = dyn_cast<ast::DurationExpr>(e)) setDuration(d->nanos, prim()->mutable_duration());
          break;
        case idl::SimpleType::Struct:
          if (auto* d = dyn_cast<ast::DictExpr>(e)) {
            JsonBuilder jb{model_, t.metadata()};
            *l.mutable_scalar()->mutable_generic() = idl::jsonToProtoStruct(jb.structObject(d, t));
          }
          break;
        default:
          return noneLiteral();
      }
      break;
    case K::Enum:
      if (auto* s = dyn_cast<ast::StringExpr>(e)) prim()->set_string_value(std::string(s->value));
      if (auto* m = dyn_cast<ast::MemberExpr>(e)) prim()->set_string_value(std::string(m->member.name));
      break;
    case K::Blob:
      if (auto* s = dyn_cast<ast::StringExpr>(e)) {
        auto* blob = l.mutable_scalar()->mutable_blob();
        auto* bt = blob->mutable_metadata()->mutable_type();
        bt->set_format(t.format());
        bt->set_dimensionality(t.blobDimensionality() == idl::BlobDimensionality::Multipart
                                   ? fp::core::BlobType::MULTIPART
                                   : fp::core::BlobType::SINGLE);
        blob->set_uri(std::string(s->value));
      }
      break;
    case K::Collection: {
      auto* c = l.mutable_collection();
      if (auto* list = dyn_cast<ast::ListExpr>(e))
        for (const ast::ExprPtr& x : list->elements) *c->add_literals() = literal(x.get(), t.elementType());
      break;
    }
    case K::Map: {
      auto* m = l.mutable_map()->mutable_literals();
      if (auto* d = dyn_cast<ast::DictExpr>(e))
        for (const ast::DictEntry& x : d->entries) (*m)[x.key.name] = literal(x.value.get(), t.elementType());
      break;
    }
    default:
      return noneLiteral();
  }
  return l;
}

namespace {

fp::core::BindingData fromLiteral(const fp::core::Literal& l) {
  fp::core::BindingData b;
  if (l.has_scalar()) {
    *b.mutable_scalar() = l.scalar();
  } else if (l.has_collection()) {
    auto* c = b.mutable_collection();
    for (const auto& x : l.collection().literals()) *c->add_bindings() = fromLiteral(x);
  } else if (l.has_map()) {
    auto* m = b.mutable_map()->mutable_bindings();
    for (const auto& [k, v] : l.map().literals()) (*m)[k] = fromLiteral(v);
  }
  return b;
}

/// A node output or workflow input, with attr_path for what follows it.
bool promiseOf(const Lowering& l, const ast::Expr* e, const tc::WorkflowInfo& wf, fp::core::OutputReference* out) {
  std::vector<const ast::Expr*> steps;  // outermost first
  while (e && (e->kind == ast::ExprKind::Member || e->kind == ast::ExprKind::Index)) {
    steps.push_back(e);
    e = e->kind == ast::ExprKind::Member ? dyn_cast<ast::MemberExpr>(e)->base.get()
                                         : dyn_cast<ast::IndexExpr>(e)->base.get();
  }
  auto* root = llvm::dyn_cast_or_null<ast::NameExpr>(e);
  if (!root) return false;
  std::reverse(steps.begin(), steps.end());
  size_t next = 0;
  if (const tc::NodeInfo* n = l.findNode(wf, root->name)) {
    out->set_node_id(std::string(root->name));
    std::string var = n->outputs.empty() ? "o0" : n->outputs.front().name;
    if (!steps.empty())
      if (auto* m = dyn_cast<ast::MemberExpr>(steps[0]))
        for (const tc::Variable& v : n->outputs)
          if (v.name == m->member.name) { var = v.name; next = 1; }
    out->set_var(var);
  } else {
    bool isInput = false;
    for (const tc::Variable& v : wf.entity->inputs) isInput |= v.name == root->name;
    if (!isInput) return false;
    out->set_var(std::string(root->name));
  }
  for (; next < steps.size(); ++next) {
    auto* attr = out->add_attr_path();
    if (auto* m = dyn_cast<ast::MemberExpr>(steps[next])) {
      attr->set_string_value(std::string(m->member.name));
    } else {
      const ast::Expr* idx = dyn_cast<ast::IndexExpr>(steps[next])->index.get();
      if (auto* i = llvm::dyn_cast_or_null<ast::IntExpr>(idx)) attr->set_int_value(static_cast<int32_t>(i->value));
      if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(idx)) attr->set_string_value(std::string(s->value));
    }
  }
  return true;
}

}  // namespace

fp::core::BindingData Lowering::binding(const ast::Expr* e, const LiteralType& t, const tc::WorkflowInfo& wf) const {
  fp::core::BindingData b;
  if (promiseOf(*this, e, wf, b.mutable_promise())) return b;
  b.clear_promise();
  const LiteralType* type = &t;
  if (t.kind() == K::Union && e->kind != ast::ExprKind::None)
    if (const LiteralType* v = pickVariant(e, t)) type = v;
  if (auto* list = dyn_cast<ast::ListExpr>(e); list && type->kind() == K::Collection) {
    auto* c = b.mutable_collection();
    for (const ast::ExprPtr& x : list->elements) *c->add_bindings() = binding(x.get(), type->elementType(), wf);
    return b;
  }
  if (auto* dict = dyn_cast<ast::DictExpr>(e); dict && type->kind() == K::Map) {
    auto* m = b.mutable_map()->mutable_bindings();
    for (const ast::DictEntry& x : dict->entries) (*m)[x.key.name] = binding(x.value.get(), type->elementType(), wf);
    return b;
  }
  return fromLiteral(literal(e, *type));
}

fp::core::BindingData Lowering::argBinding(const tc::NodeArg& arg, const tc::WorkflowInfo& wf) const {
  LiteralType type = arg.input ? arg.input->type : LiteralType();
  if (arg.mapped) type = LiteralType::list(type);
  if (arg.value) return binding(arg.value, type, wf);
  if (arg.input && arg.input->defaultValue) return fromLiteral(literal(arg.input->defaultValue, type));
  return fromLiteral(noneLiteral());  // an omitted optional (spec §4)
}

}  // namespace flytec::backend
