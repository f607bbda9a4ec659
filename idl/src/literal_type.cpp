// LiteralType construction, accessors, equality and flytec's spelling of types.
// Assignability is in assignability.cpp, protobuf conversion in
// type_conversion.cpp.
#include "idl/literal_type.h"

#include <fmt/format.h>

#include <array>

namespace flytec::idl {

namespace {

using Data = LiteralType::Data;

/// A copy of `d` that is never freed, held by a shared_ptr that owns nothing
/// (the aliasing constructor with an empty owner): copying it touches no
/// reference count. The shared types below are copied on every thread that
/// builds or checks types (item parsers, workflow bodies, rule checks); with
/// one count per type, copies on two threads contend for its cache line.
std::shared_ptr<const Data> immortal(const Data& d) {
  return std::shared_ptr<const Data>(std::shared_ptr<const Data>(), new Data(d));
}

const std::shared_ptr<const Data>& unsetData() {
  static const std::shared_ptr<const Data> d = immortal(Data());
  return d;
}

const LiteralType& unsetType() {
  static const LiteralType t;
  return t;
}

template <typename T> const T& emptyOf() {
  static const T v{};
  return v;
}

const char* simpleName(SimpleType s) {
  switch (s) {
  case SimpleType::None: return "none";
  case SimpleType::Integer: return "int";
  case SimpleType::Float: return "float";
  case SimpleType::String: return "str";
  case SimpleType::Boolean: return "bool";
  case SimpleType::Datetime: return "datetime";
  case SimpleType::Duration: return "duration";
  case SimpleType::Binary: return "binary";
  case SimpleType::Error: return "error";
  case SimpleType::Struct: return "struct";
  }
  return nullptr;
}

const char* columnName(SchemaColumnType t) {
  switch (t) {
  case SchemaColumnType::Integer: return "int";
  case SchemaColumnType::Float: return "float";
  case SchemaColumnType::String: return "str";
  case SchemaColumnType::Boolean: return "bool";
  case SchemaColumnType::Datetime: return "datetime";
  case SchemaColumnType::Duration: return "duration";
  }
  return nullptr;
}

} // namespace

LiteralType::LiteralType() : d_(unsetData()) {}

// Types are immutable values, so the common ones are shared rather than
// allocated per use: a Data is large and a big file makes the same few types
// tens of thousands of times. Simple types, and list/dict/optional of
// a simple type, come from tables built once (thread-safe statics; the parser
// and LSP threads build types concurrently). Equality is unchanged: it
// compares contents and only short-cuts on the same Data.
namespace {

constexpr int kInternedSimples = static_cast<int>(SimpleType::Struct) + 1;

// The interned wrapper of simple type `s`, or null when `s` is out of range
// (an unknown wire value is kept as its number and allocated per use).
const std::shared_ptr<const Data>* internedSimple(SimpleType s) {
  static const auto table = [] {
    std::array<std::shared_ptr<const Data>, kInternedSimples> t;
    for (int i = 0; i < kInternedSimples; ++i) {
      Data d;
      d.kind = LiteralType::Kind::Simple;
      d.simple = static_cast<SimpleType>(i);
      t[i] = immortal(d);
    }
    return t;
  }();
  int i = static_cast<int>(s);
  return i >= 0 && i < kInternedSimples ? &table[i] : nullptr;
}

// The simple type `t` holds, when it is exactly an interned one (no name,
// metadata or other side field), so wrappers of it can be interned too.
std::optional<SimpleType> plainSimple(const std::shared_ptr<const Data>& t) {
  if (t->kind != LiteralType::Kind::Simple)
    return std::nullopt;
  const std::shared_ptr<const Data>* interned = internedSimple(t->simple);
  if (interned && *interned == t)
    return t->simple;
  return std::nullopt;
}

} // namespace

LiteralType LiteralType::simple(SimpleType s) {
  if (const std::shared_ptr<const Data>* interned = internedSimple(s))
    return LiteralType(*interned);
  auto d = std::make_shared<Data>();
  d->kind = Kind::Simple;
  d->simple = s;
  return LiteralType(std::move(d));
}

LiteralType LiteralType::blob(BlobDimensionality dim, std::string format) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::Blob;
  d->dim = dim;
  d->format = std::move(format);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::file(std::string format) {
  return blob(BlobDimensionality::Single, std::move(format));
}

LiteralType LiteralType::dir(std::string format) {
  return blob(BlobDimensionality::Multipart, std::move(format));
}

namespace {

// `kind` (Collection or Map) of the single child `child`, newly allocated.
std::shared_ptr<const Data> wrapperOf(LiteralType::Kind kind, LiteralType child) {
  auto d = std::make_shared<Data>();
  d->kind = kind;
  d->children.push_back(std::move(child));
  return d;
}

} // namespace

// list[T] and dict[str, T] of a plain simple T are shared like T itself.
LiteralType LiteralType::list(LiteralType element) {
  if (std::optional<SimpleType> s = plainSimple(element.d_)) {
    static const auto table = [] {
      std::array<std::shared_ptr<const Data>, kInternedSimples> t;
      for (int i = 0; i < kInternedSimples; ++i)
        t[i] = immortal(*wrapperOf(Kind::Collection, simple(static_cast<SimpleType>(i))));
      return t;
    }();
    return LiteralType(table[static_cast<int>(*s)]);
  }
  return LiteralType(wrapperOf(Kind::Collection, std::move(element)));
}

LiteralType LiteralType::dict(LiteralType value) {
  if (std::optional<SimpleType> s = plainSimple(value.d_)) {
    static const auto table = [] {
      std::array<std::shared_ptr<const Data>, kInternedSimples> t;
      for (int i = 0; i < kInternedSimples; ++i)
        t[i] = immortal(*wrapperOf(Kind::Map, simple(static_cast<SimpleType>(i))));
      return t;
    }();
    return LiteralType(table[static_cast<int>(*s)]);
  }
  return LiteralType(wrapperOf(Kind::Map, std::move(value)));
}

LiteralType LiteralType::unionOf(std::vector<LiteralType> variants) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::Union;
  d->children = std::move(variants);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::optional(LiteralType t) {
  // T? of a plain simple T is shared like T itself.
  if (std::optional<SimpleType> s = plainSimple(t.d_)) {
    static const auto table = [] {
      std::array<LiteralType, kInternedSimples> t;
      for (int i = 0; i < kInternedSimples; ++i)
        t[i] = LiteralType(immortal(*unionOf({simple(static_cast<SimpleType>(i)), none()}).d_));
      return t;
    }();
    return table[static_cast<int>(*s)];
  }
  return unionOf({std::move(t), none()});
}

LiteralType LiteralType::enumOf(std::string name, std::vector<std::string> values) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::Enum;
  d->name = std::move(name);
  d->enumValues = std::move(values);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::structOf(std::string name, std::optional<llvm::json::Object> schema) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::Simple;
  d->simple = SimpleType::Struct;
  d->name = std::move(name);
  d->metadata = std::move(schema);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::schema(std::vector<SchemaColumn> columns) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::Schema;
  d->schemaColumns = std::move(columns);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::structuredDataset(std::vector<DatasetColumn> columns, std::string format,
                                           std::string externalSchemaType,
                                           std::string externalSchemaBytes) {
  auto d = std::make_shared<Data>();
  d->kind = Kind::StructuredDataset;
  d->datasetColumns = std::move(columns);
  d->format = std::move(format);
  d->externalSchemaType = std::move(externalSchemaType);
  d->externalSchemaBytes = std::move(externalSchemaBytes);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::withMetadata(std::optional<llvm::json::Object> metadata) const {
  auto d = std::make_shared<Data>(*d_);
  d->metadata = std::move(metadata);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::withAnnotation(std::optional<llvm::json::Object> annotations) const {
  auto d = std::make_shared<Data>(*d_);
  d->annotation = std::move(annotations);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::withStructure(std::optional<TypeStructure> structure) const {
  auto d = std::make_shared<Data>(*d_);
  d->structure = std::move(structure);
  return LiteralType(std::move(d));
}

LiteralType LiteralType::withName(std::string name) const {
  auto d = std::make_shared<Data>(*d_);
  d->name = std::move(name);
  return LiteralType(std::move(d));
}

LiteralType::Kind LiteralType::kind() const { return d_->kind; }

SimpleType LiteralType::simpleType() const {
  return d_->kind == Kind::Simple ? d_->simple : SimpleType::None;
}

BlobDimensionality LiteralType::blobDimensionality() const { return d_->dim; }
const std::string& LiteralType::format() const { return d_->format; }

const LiteralType& LiteralType::elementType() const {
  if ((d_->kind == Kind::Collection || d_->kind == Kind::Map) && !d_->children.empty())
    return d_->children.front();
  return unsetType();
}

const std::vector<LiteralType>& LiteralType::variants() const {
  return d_->kind == Kind::Union ? d_->children : emptyOf<std::vector<LiteralType>>();
}

const std::vector<std::string>& LiteralType::enumValues() const { return d_->enumValues; }
const std::string& LiteralType::name() const { return d_->name; }
const std::vector<SchemaColumn>& LiteralType::schemaColumns() const { return d_->schemaColumns; }
const std::vector<DatasetColumn>& LiteralType::datasetColumns() const { return d_->datasetColumns; }
const std::string& LiteralType::externalSchemaType() const { return d_->externalSchemaType; }
const std::string& LiteralType::externalSchemaBytes() const { return d_->externalSchemaBytes; }

const llvm::json::Object* LiteralType::metadata() const {
  return d_->metadata ? &*d_->metadata : nullptr;
}

const llvm::json::Object* LiteralType::annotation() const {
  return d_->annotation ? &*d_->annotation : nullptr;
}

const TypeStructure* LiteralType::structure() const {
  return d_->structure ? &*d_->structure : nullptr;
}

const std::string& LiteralType::structureTag() const {
  return d_->structure ? d_->structure->tag : emptyOf<std::string>();
}

bool operator==(const LiteralType& a, const LiteralType& b) {
  if (a.d_ == b.d_)
    return true;
  const Data& x = *a.d_;
  const Data& y = *b.d_;
  return x.kind == y.kind && x.simple == y.simple && x.dim == y.dim && x.format == y.format &&
         x.name == y.name && x.children == y.children && x.enumValues == y.enumValues &&
         x.schemaColumns == y.schemaColumns && x.datasetColumns == y.datasetColumns &&
         x.externalSchemaType == y.externalSchemaType &&
         x.externalSchemaBytes == y.externalSchemaBytes && x.metadata == y.metadata &&
         x.annotation == y.annotation && x.structure == y.structure;
}

std::string LiteralType::str() const {
  const Data& d = *d_;
  switch (d.kind) {
  case Kind::Unset:
    return "<unset>";
  case Kind::Simple: {
    if (d.simple == SimpleType::Struct && !d.name.empty())
      return d.name;
    if (const char* n = simpleName(d.simple))
      return n;
    return fmt::format("simple({})", static_cast<int>(d.simple));
  }
  case Kind::Blob: {
    std::string base = d.dim == BlobDimensionality::Single      ? "file"
                       : d.dim == BlobDimensionality::Multipart ? "dir"
                                                                : fmt::format("blob({})", static_cast<int>(d.dim));
    return d.format.empty() ? base : fmt::format("{}({})", base, d.format);
  }
  case Kind::Collection:
    return fmt::format("list[{}]", elementType().str());
  case Kind::Map:
    return fmt::format("dict[str, {}]", elementType().str());
  case Kind::Union: {
    // union[T, none] and union[none, T] read as T?.
    if (d.children.size() == 2 && d.children[1].isNone() && !d.children[0].isNone())
      return d.children[0].str() + "?";
    if (d.children.size() == 2 && d.children[0].isNone() && !d.children[1].isNone())
      return d.children[1].str() + "?";
    std::string out = "union[";
    for (size_t i = 0; i < d.children.size(); ++i)
      out += (i ? ", " : "") + d.children[i].str();
    return out + "]";
  }
  case Kind::Enum: {
    if (!d.name.empty())
      return d.name;
    std::string out = "enum{";
    for (size_t i = 0; i < d.enumValues.size(); ++i)
      out += (i ? ", " : "") + d.enumValues[i];
    return out + "}";
  }
  case Kind::Schema: {
    if (d.schemaColumns.empty())
      return "schema";
    std::string out = "schema{";
    for (size_t i = 0; i < d.schemaColumns.size(); ++i) {
      const char* t = columnName(d.schemaColumns[i].type);
      out += fmt::format("{}{}: {}", i ? ", " : "", d.schemaColumns[i].name,
                         t ? std::string(t) : fmt::format("column({})", static_cast<int>(d.schemaColumns[i].type)));
    }
    return out + "}";
  }
  case Kind::StructuredDataset: {
    std::string out = "structured_dataset";
    if (!d.format.empty())
      out += fmt::format("({})", d.format);
    if (!d.datasetColumns.empty()) {
      out += "{";
      for (size_t i = 0; i < d.datasetColumns.size(); ++i)
        out += fmt::format("{}{}: {}", i ? ", " : "", d.datasetColumns[i].name,
                           d.datasetColumns[i].type.str());
      out += "}";
    }
    return out;
  }
  }
  return "<unknown>";
}

} // namespace flytec::idl
