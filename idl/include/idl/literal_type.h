// Flyte's type model (flyteidl core.LiteralType) as a plain C++ value.
//
// A LiteralType is immutable and cheap to copy (one shared pointer); children
// (list elements, dict values, union variants, dataset columns) are
// LiteralTypes themselves. It covers every case of core.LiteralType's `type`
// oneof, plus the side fields that pyflyte packages carry and Flyte's
// assignability reads: `metadata` (a struct's JSON schema), `structure`
// (its `tag`), and `annotation`. flytec also records an enum's or struct's
// source name, which has no slot in flyteidl.
//
// This file holds no protobuf (see type_conversion.h) and decides nothing
// about assignability (see assignability.h).
#pragma once

#include <llvm/Support/JSON.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flytec::idl {

/// core.SimpleType; unknown wire values are kept as their number.
enum class SimpleType : int {
  None = 0, Integer = 1, Float = 2, String = 3, Boolean = 4,
  Datetime = 5, Duration = 6, Binary = 7, Error = 8, Struct = 9,
};

/// core.BlobType.BlobDimensionality: Single is flytec `file`, Multipart `dir`.
enum class BlobDimensionality : int { Single = 0, Multipart = 1 };

/// core.SchemaType.SchemaColumn.SchemaColumnType (legacy FlyteSchema).
enum class SchemaColumnType : int {
  Integer = 0, Float = 1, String = 2, Boolean = 3, Datetime = 4, Duration = 5,
};

/// One column of a legacy schema type.
struct SchemaColumn {
  std::string name;
  SchemaColumnType type = SchemaColumnType::Integer;
  bool operator==(const SchemaColumn&) const = default;
};

class LiteralType;
struct DatasetColumn;
struct TypeStructure;

/// A Flyte literal type. Default-constructed, it is a type whose `type` oneof
/// is unset (Kind::Unset), which Flyte treats as a type of its own.
class LiteralType {
public:
  /// Which case of core.LiteralType's `type` oneof is set.
  enum class Kind { Unset, Simple, Schema, Collection, Map, Blob, Enum, StructuredDataset, Union };

  LiteralType();

  // --- Construction ---------------------------------------------------------
  /// A simple type; for Struct prefer structOf().
  static LiteralType simple(SimpleType s);
  static LiteralType none() { return simple(SimpleType::None); }
  static LiteralType integer() { return simple(SimpleType::Integer); }
  static LiteralType floating() { return simple(SimpleType::Float); }
  static LiteralType string() { return simple(SimpleType::String); }
  static LiteralType boolean() { return simple(SimpleType::Boolean); }
  static LiteralType datetime() { return simple(SimpleType::Datetime); }
  static LiteralType duration() { return simple(SimpleType::Duration); }
  /// `file`: a single-part blob with an optional format.
  static LiteralType file(std::string format = "");
  /// `dir`: a multipart blob with an optional format.
  static LiteralType dir(std::string format = "");
  /// A blob with an explicit dimensionality.
  static LiteralType blob(BlobDimensionality dim, std::string format = "");
  /// `list[T]` (core collection_type).
  static LiteralType list(LiteralType element);
  /// `dict[str, T]` (core map_value_type; Flyte map keys are strings).
  static LiteralType dict(LiteralType value);
  /// `union[...]` with the variants in order.
  static LiteralType unionOf(std::vector<LiteralType> variants);
  /// `T?` = union[T, none], the variant order pyflyte writes.
  static LiteralType optional(LiteralType t);
  /// An enum: its flytec name (may be empty) and its values in order.
  static LiteralType enumOf(std::string name, std::vector<std::string> values);
  /// A struct: `simple: STRUCT`, its flytec name, and its JSON schema as the
  /// type's `metadata` (absent when `schema` is nullopt).
  static LiteralType structOf(std::string name, std::optional<llvm::json::Object> schema);
  /// A legacy FlyteSchema type.
  static LiteralType schema(std::vector<SchemaColumn> columns);
  /// A structured dataset (e.g. a dataframe) with optional columns and format.
  static LiteralType structuredDataset(std::vector<DatasetColumn> columns, std::string format = "",
                                       std::string externalSchemaType = "",
                                       std::string externalSchemaBytes = "");

  /// Copies with one side field replaced (nullopt removes it).
  LiteralType withMetadata(std::optional<llvm::json::Object> metadata) const;
  LiteralType withAnnotation(std::optional<llvm::json::Object> annotations) const;
  LiteralType withStructure(std::optional<TypeStructure> structure) const;
  LiteralType withName(std::string name) const;

  // --- Inspection -----------------------------------------------------------
  Kind kind() const;
  bool isUnset() const { return kind() == Kind::Unset; }
  bool isSimple(SimpleType s) const { return kind() == Kind::Simple && simpleType() == s; }
  /// True for `simple: NONE` (and only that, as Flyte's isNoneType).
  bool isNone() const { return isSimple(SimpleType::None); }
  /// The simple type; None unless kind() is Simple (as protobuf's getter).
  SimpleType simpleType() const;
  /// Blob dimensionality and format (Blob); the dataset format (StructuredDataset).
  BlobDimensionality blobDimensionality() const;
  const std::string& format() const;
  /// Element type of a list, value type of a dict (Unset for other kinds).
  const LiteralType& elementType() const;
  /// Variants of a union (empty for other kinds).
  const std::vector<LiteralType>& variants() const;
  /// Values of an enum (empty for other kinds).
  const std::vector<std::string>& enumValues() const;
  /// flytec's name of an enum or struct ("" when unknown).
  const std::string& name() const;
  const std::vector<SchemaColumn>& schemaColumns() const;
  const std::vector<DatasetColumn>& datasetColumns() const;
  const std::string& externalSchemaType() const;
  const std::string& externalSchemaBytes() const;
  /// core.LiteralType.metadata (a struct's JSON schema); nullptr when absent.
  const llvm::json::Object* metadata() const;
  /// core.TypeAnnotation.annotations; nullptr when there is no annotation.
  const llvm::json::Object* annotation() const;
  /// core.TypeStructure; nullptr when absent.
  const TypeStructure* structure() const;
  /// structure.tag, or "" (Flyte's GetTagForType).
  const std::string& structureTag() const;

  /// Spelling as flytec writes types: `int`, `list[int]`, `dict[str, int]`,
  /// `union[int, str]`, `int?`, enum and struct by name, `file`, `dir`.
  std::string str() const;

  /// Deep equality over every field, including names and side fields.
  friend bool operator==(const LiteralType& a, const LiteralType& b);

  struct Data;

private:
  explicit LiteralType(std::shared_ptr<const Data> d) : d_(std::move(d)) {}
  std::shared_ptr<const Data> d_;
};

/// One column of a structured dataset.
struct DatasetColumn {
  std::string name;
  LiteralType type;
  bool operator==(const DatasetColumn&) const = default;
};

/// core.TypeStructure: a tag (Flyte compares tags) and, for dataclasses, the
/// type of each field, sorted by field name.
struct TypeStructure {
  std::string tag;
  std::vector<std::pair<std::string, LiteralType>> dataclassType;
  bool operator==(const TypeStructure&) const = default;
};

/// Everything a LiteralType holds (exposed for the .cpp files of this library).
struct LiteralType::Data {
  Kind kind = Kind::Unset;
  SimpleType simple = SimpleType::None;
  BlobDimensionality dim = BlobDimensionality::Single;
  std::string format;
  std::string name;
  std::vector<LiteralType> children;  // list/dict: [element]; union: variants
  std::vector<std::string> enumValues;
  std::vector<SchemaColumn> schemaColumns;
  std::vector<DatasetColumn> datasetColumns;
  std::string externalSchemaType;
  std::string externalSchemaBytes;
  std::optional<llvm::json::Object> metadata;
  std::optional<llvm::json::Object> annotation;
  std::optional<TypeStructure> structure;
};

} // namespace flytec::idl
