// LiteralType <-> flyteidl core.LiteralType (see type_conversion.h for the two
// fields that do not round-trip). Recursion follows the message nesting, which
// protobuf's parser already bounds for decoded input.
#include "idl/type_conversion.h"

#include "idl/struct_json.h"

#include <algorithm>

namespace flytec::idl {

namespace pb = flyteidl::core;

namespace {

std::optional<llvm::json::Object> annotationFromProto(const pb::LiteralType& t) {
  if (!t.has_annotation())
    return std::nullopt;
  return jsonFromProto(t.annotation().annotations());
}

std::optional<TypeStructure> structureFromProto(const pb::LiteralType& t) {
  if (!t.has_structure())
    return std::nullopt;
  TypeStructure s;
  s.tag = t.structure().tag();
  for (const auto& [k, v] : t.structure().dataclass_type())
    s.dataclassType.emplace_back(k, fromProto(v));
  std::sort(s.dataclassType.begin(), s.dataclassType.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return s;
}

// A struct's name as its JSON schema states it ("title"), or "".
std::string titleOf(const std::optional<llvm::json::Object>& schema) {
  if (!schema)
    return "";
  if (auto title = schema->getString("title"))
    return title->str();
  return "";
}

} // namespace

LiteralType fromProto(const pb::LiteralType& t) {
  LiteralType out;
  switch (t.type_case()) {
  case pb::LiteralType::TYPE_NOT_SET:
    break;
  case pb::LiteralType::kSimple:
    out = LiteralType::simple(static_cast<SimpleType>(t.simple()));
    break;
  case pb::LiteralType::kSchema: {
    std::vector<SchemaColumn> cols;
    for (const auto& c : t.schema().columns())
      cols.push_back({c.name(), static_cast<SchemaColumnType>(c.type())});
    out = LiteralType::schema(std::move(cols));
    break;
  }
  case pb::LiteralType::kCollectionType:
    out = LiteralType::list(fromProto(t.collection_type()));
    break;
  case pb::LiteralType::kMapValueType:
    out = LiteralType::dict(fromProto(t.map_value_type()));
    break;
  case pb::LiteralType::kBlob:
    out = LiteralType::blob(static_cast<BlobDimensionality>(t.blob().dimensionality()),
                            t.blob().format());
    break;
  case pb::LiteralType::kEnumType:
    out = LiteralType::enumOf("", {t.enum_type().values().begin(), t.enum_type().values().end()});
    break;
  case pb::LiteralType::kStructuredDatasetType: {
    const auto& sd = t.structured_dataset_type();
    std::vector<DatasetColumn> cols;
    for (const auto& c : sd.columns())
      cols.push_back({c.name(), fromProto(c.literal_type())});
    out = LiteralType::structuredDataset(std::move(cols), sd.format(), sd.external_schema_type(),
                                         sd.external_schema_bytes());
    break;
  }
  case pb::LiteralType::kUnionType: {
    std::vector<LiteralType> variants;
    for (const auto& v : t.union_type().variants())
      variants.push_back(fromProto(v));
    out = LiteralType::unionOf(std::move(variants));
    break;
  }
  }
  if (t.has_metadata())
    out = out.withMetadata(jsonFromProto(t.metadata()));
  if (t.has_annotation())
    out = out.withAnnotation(annotationFromProto(t));
  if (t.has_structure())
    out = out.withStructure(structureFromProto(t));
  if (out.isSimple(SimpleType::Struct)) {
    std::optional<llvm::json::Object> schema;
    if (out.metadata())
      schema = *out.metadata();
    if (std::string title = titleOf(schema); !title.empty())
      out = out.withName(std::move(title));
  }
  return out;
}

void toProto(const LiteralType& t, pb::LiteralType* out) {
  out->Clear();
  using Kind = LiteralType::Kind;
  switch (t.kind()) {
  case Kind::Unset:
    break;
  case Kind::Simple:
    out->set_simple(static_cast<pb::SimpleType>(t.simpleType()));
    break;
  case Kind::Schema: {
    auto* s = out->mutable_schema();
    for (const auto& c : t.schemaColumns()) {
      auto* col = s->add_columns();
      col->set_name(c.name);
      col->set_type(static_cast<pb::SchemaType_SchemaColumn_SchemaColumnType>(c.type));
    }
    break;
  }
  case Kind::Collection:
    toProto(t.elementType(), out->mutable_collection_type());
    break;
  case Kind::Map:
    toProto(t.elementType(), out->mutable_map_value_type());
    break;
  case Kind::Blob: {
    auto* b = out->mutable_blob();
    b->set_format(t.format());
    b->set_dimensionality(static_cast<pb::BlobType_BlobDimensionality>(t.blobDimensionality()));
    break;
  }
  case Kind::Enum: {
    auto* e = out->mutable_enum_type();
    for (const auto& v : t.enumValues())
      e->add_values(v);
    break;
  }
  case Kind::StructuredDataset: {
    auto* sd = out->mutable_structured_dataset_type();
    for (const auto& c : t.datasetColumns()) {
      auto* col = sd->add_columns();
      col->set_name(c.name);
      toProto(c.type, col->mutable_literal_type());
    }
    sd->set_format(t.format());
    sd->set_external_schema_type(t.externalSchemaType());
    sd->set_external_schema_bytes(t.externalSchemaBytes());
    break;
  }
  case Kind::Union: {
    auto* u = out->mutable_union_type();
    for (const auto& v : t.variants())
      toProto(v, u->add_variants());
    break;
  }
  }
  if (const auto* m = t.metadata())
    *out->mutable_metadata() = jsonToProtoStruct(*m);
  if (const auto* a = t.annotation())
    *out->mutable_annotation()->mutable_annotations() = jsonToProtoStruct(*a);
  if (const auto* s = t.structure()) {
    auto* ps = out->mutable_structure();
    ps->set_tag(s->tag);
    for (const auto& [k, v] : s->dataclassType)
      toProto(v, &(*ps->mutable_dataclass_type())[k]);
  }
}

pb::LiteralType toProto(const LiteralType& t) {
  pb::LiteralType out;
  toProto(t, &out);
  return out;
}

} // namespace flytec::idl
