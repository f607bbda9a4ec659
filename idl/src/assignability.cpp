// Flyte's assignability (flytepropeller v1.16.5 validators/typing.go),
// re-implemented over flytec::idl::LiteralType. Each "checker" below is chosen
// by the downstream type, as Flyte's getTypeChecker does, and asked whether it
// accepts ("casts from") the upstream type. Struct schemas are compared for
// JSON equality only (see assignability.h). Nothing here reports errors: it
// answers yes or no.
#include "idl/assignability.h"

#include <llvm/Support/Unicode.h>

#include <map>

namespace flytec::idl {

namespace {

using Kind = LiteralType::Kind;

bool castsFrom(const LiteralType& down, const LiteralType& up);

// --- UTF-8 and Go's strings.EqualFold ----------------------------------------

// Decodes one rune like Go's utf8.DecodeRuneInString: an invalid or
// overlong sequence, a surrogate or a value past U+10FFFF yields U+FFFD and
// consumes one byte.
char32_t decodeRune(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (b0 > 0xF4 || len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t r = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    r = (r << 6) | (b & 0x3F);
  }
  const char32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (r < minimum || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return r;
}

// --- Checkers, one per downstream kind ----------------------------------------

// Flyte's isNoneType: only `simple: NONE` (an unset type is not none).
bool isNoneType(const LiteralType& t) { return t.isNone(); }

// JSON equality of two schemas (Flyte's isSameTypeInJSON: jsondiff finds no
// difference). Flyte's isSuperTypeInJSON is not reproduced: see the header.
bool sameSchema(const llvm::json::Object& a, const llvm::json::Object& b) { return a == b; }

// Downstream simple (not NONE), enum or unset: Flyte's trivialChecker.
bool trivialCastsFrom(const LiteralType& down, const LiteralType& up) {
  // An enum may be consumed as a string.
  if (up.kind() == Kind::Enum && down.simpleType() == SimpleType::String &&
      down.kind() == Kind::Simple)
    return true;
  // A string may be consumed as an enum (checked at run time).
  if (down.kind() == Kind::Enum && up.kind() == Kind::Simple && up.simpleType() == SimpleType::String)
    return true;
  // An upstream structure tag must equal the downstream one.
  if (!up.structureTag().empty() && down.structureTag() != up.structureTag())
    return false;
  // Two structs: accepted if either lacks a schema, else the schemas must match.
  if (up.isSimple(SimpleType::Struct) && down.isSimple(SimpleType::Struct)) {
    if (!up.metadata() || !down.metadata())
      return true;
    return sameSchema(*up.metadata(), *down.metadata());
  }
  // Otherwise the `type` oneofs must be identical (metadata, annotation and
  // structure ignored); for these kinds there is nothing nested to compare.
  if (up.kind() != down.kind())
    return false;
  switch (down.kind()) {
  case Kind::Simple: return up.simpleType() == down.simpleType();
  case Kind::Enum: return up.enumValues() == down.enumValues();
  case Kind::Unset: return true;
  default: return false;  // not reached: other kinds have their own checker
  }
}

// Downstream list: an empty upstream list (element none) matches any list;
// otherwise the elements are checked (without unwrapping single unions).
bool collectionCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (up.kind() != Kind::Collection)
    return false;
  if (isNoneType(up.elementType()))
    return true;
  return castsFrom(down.elementType(), up.elementType());
}

// Downstream dict: same rule as lists, on the value types.
bool mapCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (up.kind() != Kind::Map)
    return false;
  if (isNoneType(up.elementType()))
    return true;
  return castsFrom(down.elementType(), up.elementType());
}

// Downstream blob: any blob when either format is empty, else equal formats;
// dimensionality (file vs dir) is not compared.
bool blobCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (up.kind() != Kind::Blob)
    return false;
  if (up.format().empty() || down.format().empty())
    return true;
  return up.format() == down.format();
}

// Column type of a legacy schema against a dataset column's simple type.
bool schemaColumnMatches(SchemaColumnType c, SimpleType s) {
  switch (c) {
  case SchemaColumnType::Integer: return s == SimpleType::Integer;
  case SchemaColumnType::Float: return s == SimpleType::Float;
  case SchemaColumnType::String: return s == SimpleType::String;
  case SchemaColumnType::Boolean: return s == SimpleType::Boolean;
  case SchemaColumnType::Datetime: return s == SimpleType::Datetime;
  case SchemaColumnType::Duration: return s == SimpleType::Duration;
  }
  return false;
}

// Schema to schema: any when either has no columns, else every downstream
// column exists upstream with the same type (last upstream duplicate wins).
bool schemaFromSchema(const LiteralType& up, const LiteralType& down) {
  if (up.schemaColumns().empty() || down.schemaColumns().empty())
    return true;
  std::map<std::string, SchemaColumnType> byName;
  for (const auto& c : up.schemaColumns())
    byName[c.name] = c.type;
  for (const auto& c : down.schemaColumns()) {
    auto it = byName.find(c.name);
    if (it == byName.end() || it->second != c.type)
      return false;
  }
  return true;
}

// Dataset to schema: downstream schema columns must exist upstream with a
// matching simple type.
bool schemaFromDataset(const LiteralType& up, const LiteralType& down) {
  if (up.datasetColumns().empty() || down.schemaColumns().empty())
    return true;
  std::map<std::string, SimpleType> byName;
  for (const auto& c : up.datasetColumns())
    byName[c.name] = c.type.simpleType();
  for (const auto& c : down.schemaColumns()) {
    auto it = byName.find(c.name);
    if (it == byName.end() || !schemaColumnMatches(c.type, it->second))
      return false;
  }
  return true;
}

// Schema to dataset: downstream dataset columns must exist upstream with a
// matching column type.
bool datasetFromSchema(const LiteralType& up, const LiteralType& down) {
  if (up.schemaColumns().empty() || down.datasetColumns().empty())
    return true;
  std::map<std::string, SchemaColumnType> byName;
  for (const auto& c : up.schemaColumns())
    byName[c.name] = c.type;
  for (const auto& c : down.datasetColumns()) {
    auto it = byName.find(c.name);
    if (it == byName.end() || !schemaColumnMatches(it->second, c.type.simpleType()))
      return false;
  }
  return true;
}

// Dataset to dataset: formats equal ignoring case when both are given; then
// any when either has no columns, else each downstream column is checked.
bool datasetFromDataset(const LiteralType& up, const LiteralType& down) {
  if (!up.format().empty() && !down.format().empty() && !goEqualFold(up.format(), down.format()))
    return false;
  if (up.datasetColumns().empty() || down.datasetColumns().empty())
    return true;
  std::map<std::string, const LiteralType*> byName;
  for (const auto& c : up.datasetColumns())
    byName[c.name] = &c.type;
  for (const auto& c : down.datasetColumns()) {
    auto it = byName.find(c.name);
    if (it == byName.end() || !castsFrom(c.type, *it->second))
      return false;
  }
  return true;
}

// Downstream legacy schema: from a schema, or from a parquet (or
// format-less) dataset.
bool schemaCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (up.kind() == Kind::Schema)
    return schemaFromSchema(up, down);
  if (up.kind() != Kind::StructuredDataset)
    return false;
  if (!up.format().empty() && !goEqualFold(up.format(), "parquet"))
    return false;
  return schemaFromDataset(up, down);
}

// Downstream structured dataset: none is accepted (datasets are nullable);
// from a schema only when the downstream format is parquet or empty.
bool datasetCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (isNoneType(up))
    return true;
  if (up.kind() == Kind::Schema) {
    if (!down.format().empty() && !goEqualFold(down.format(), "parquet"))
      return false;
    return datasetFromSchema(up, down);
  }
  if (up.kind() != Kind::StructuredDataset)
    return false;
  return datasetFromDataset(up, down);
}

bool areTypesCastable(const LiteralType& up, const LiteralType& down);

// Downstream union: an upstream union needs every variant accepted by some
// downstream variant; any other type must match exactly one variant.
bool unionCastsFrom(const LiteralType& down, const LiteralType& up) {
  if (up.kind() == Kind::Union) {
    for (const auto& u : up.variants()) {
      bool found = false;
      for (const auto& d : down.variants())
        if (areTypesCastable(u, d)) {
          found = true;
          break;
        }
      if (!found)
        return false;
    }
    return true;
  }
  int matches = 0;
  for (const auto& d : down.variants())
    if (areTypesCastable(up, d) && ++matches > 1)
      return false;  // ambiguous
  return matches == 1;
}

// Flyte's getTypeChecker(down).CastsFrom(up).
bool castsFrom(const LiteralType& down, const LiteralType& up) {
  switch (down.kind()) {
  case Kind::Collection: return collectionCastsFrom(down, up);
  case Kind::Map: return mapCastsFrom(down, up);
  case Kind::Blob: return blobCastsFrom(down, up);
  case Kind::Schema: return schemaCastsFrom(down, up);
  case Kind::Union: return unionCastsFrom(down, up);
  case Kind::StructuredDataset: return datasetCastsFrom(down, up);
  case Kind::Simple:
  case Kind::Enum:
  case Kind::Unset:
    // Downstream none accepts only none.
    if (isNoneType(down))
      return isNoneType(up);
    return trivialCastsFrom(down, up);
  }
  return false;
}

// Flyte's AreTypesCastable: a single-variant upstream union is first tried
// as its variant, then as itself.
bool areTypesCastable(const LiteralType& up, const LiteralType& down) {
  if (up.kind() == Kind::Union && up.variants().size() == 1 && castsFrom(down, up.variants()[0]))
    return true;
  return castsFrom(down, up);
}

} // namespace

bool flyteCanAssign(const LiteralType& upstream, const LiteralType& downstream) {
  return areTypesCastable(upstream, downstream);
}

bool goEqualFold(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const char32_t ra = decodeRune(a, i);
    const char32_t rb = decodeRune(b, j);
    if (ra == rb)
      continue;
    if (llvm::sys::unicode::foldCharSimple(static_cast<int>(ra)) !=
        llvm::sys::unicode::foldCharSimple(static_cast<int>(rb)))
      return false;
  }
  return i == a.size() && j == b.size();
}

} // namespace flytec::idl
