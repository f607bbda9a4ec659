// The types Flyte's compiler gives to literal values (validators/utils.go:
// literalTypeForScalar, LiteralTypeForLiteral) and small typing helpers of
// the package checker. Types are built as flyteidl messages exactly as Go
// builds them, then converted with idl::fromProto, so the assignability
// check (idl::flyteCanAssign) sees what Flyte's sees. Nothing here reports.
#include <algorithm>
#include <set>

#include "idl/type_conversion.h"
#include "package/package_check_impl.h"

namespace flytec::tc::pkg {

namespace {

core::LiteralType simple(core::SimpleType s) {
  core::LiteralType t;
  t.set_simple(s);
  return t;
}

std::optional<core::LiteralType> protoTypeOfScalar(const core::Scalar& s) {
  switch (s.value_case()) {
  case core::Scalar::kPrimitive: {
    const core::Primitive& p = s.primitive();
    switch (p.value_case()) {
    case core::Primitive::kInteger: return simple(core::INTEGER);
    case core::Primitive::kFloatValue: return simple(core::FLOAT);
    case core::Primitive::kStringValue: return simple(core::STRING);
    case core::Primitive::kBoolean: return simple(core::BOOLEAN);
    case core::Primitive::kDatetime: return simple(core::DATETIME);
    case core::Primitive::kDuration: return simple(core::DURATION);
    default: return simple(core::NONE);
    }
  }
  case core::Scalar::kBlob: {
    if (!s.blob().has_metadata()) return std::nullopt;
    core::LiteralType t;
    *t.mutable_blob() = s.blob().metadata().type();
    return t;
  }
  case core::Scalar::kBinary:
    return simple(s.binary().tag() == "msgpack" ? core::STRUCT : core::BINARY);
  case core::Scalar::kSchema: {
    core::LiteralType t;
    *t.mutable_schema() = s.schema().type();
    return t;
  }
  case core::Scalar::kStructuredDataset: {
    core::LiteralType t;
    auto* sd = t.mutable_structured_dataset_type();
    if (s.structured_dataset().has_metadata())
      *sd = s.structured_dataset().metadata().structured_dataset_type();
    return t;
  }
  case core::Scalar::kNoneType: return simple(core::NONE);
  case core::Scalar::kError: return simple(core::ERROR);
  case core::Scalar::kGeneric: return simple(core::STRUCT);
  case core::Scalar::kUnion: {
    core::LiteralType t;
    *t.mutable_union_type()->add_variants() = s.union_().type();
    return t;
  }
  default: return std::nullopt;
  }
}

std::optional<core::LiteralType> protoTypeOfLiteral(const core::Literal& l);

// literalTypeForLiterals: distinct element types (by their text form); one
// type as is, several as a union sorted by text, none as NONE.
std::optional<core::LiteralType> protoTypeOfLiterals(const std::vector<const core::Literal*>& literals) {
  std::vector<core::LiteralType> inner;
  std::set<std::string> seen;
  std::optional<core::LiteralType> noneType;
  for (const core::Literal* x : literals) {
    std::optional<core::LiteralType> t = protoTypeOfLiteral(*x);
    core::LiteralType other = t ? *t : core::LiteralType();
    if (x->value_case() == core::Literal::kCollection && x->collection().literals_size() == 0) {
      noneType = other;
      continue;
    }
    if (seen.insert(other.ShortDebugString()).second) inner.push_back(other);
  }
  if (inner.empty() && noneType) inner.push_back(*noneType);
  if (inner.empty()) return simple(core::NONE);
  if (inner.size() == 1) return inner[0];
  std::sort(inner.begin(), inner.end(), [](const core::LiteralType& a, const core::LiteralType& b) {
    return a.ShortDebugString() < b.ShortDebugString();
  });
  core::LiteralType u;
  bool nested = false;
  for (const core::LiteralType& x : inner) {
    if (x.has_collection_type() && x.collection_type().has_union_type()) {
      nested = true;
      for (const auto& v : x.collection_type().union_type().variants()) *u.mutable_union_type()->add_variants() = v;
    } else {
      *u.mutable_union_type()->add_variants() = x;
    }
  }
  if (!nested) return u;
  core::LiteralType c;
  *c.mutable_collection_type() = u;
  return c;
}

std::optional<core::LiteralType> protoTypeOfLiteral(const core::Literal& l) {
  switch (l.value_case()) {
  case core::Literal::kScalar: return protoTypeOfScalar(l.scalar());
  case core::Literal::kCollection: {
    std::vector<const core::Literal*> xs;
    for (const auto& x : l.collection().literals()) xs.push_back(&x);
    core::LiteralType t;
    if (auto e = protoTypeOfLiterals(xs)) *t.mutable_collection_type() = *e;
    return t;
  }
  case core::Literal::kMap: {
    std::vector<const core::Literal*> xs;
    for (const auto& [k, x] : l.map().literals()) xs.push_back(&x);
    core::LiteralType t;
    if (auto e = protoTypeOfLiterals(xs)) *t.mutable_map_value_type() = *e;
    return t;
  }
  case core::Literal::kOffloadedMetadata:
    if (!l.offloaded_metadata().has_inferred_type()) return std::nullopt;
    return l.offloaded_metadata().inferred_type();
  default: return std::nullopt;
  }
}

}  // namespace

std::optional<idl::LiteralType> flyteTypeOfScalar(const core::Scalar& scalar) {
  auto t = protoTypeOfScalar(scalar);
  if (!t) return std::nullopt;
  return idl::fromProto(*t);
}

std::optional<idl::LiteralType> flyteTypeOfLiteral(const core::Literal& literal) {
  auto t = protoTypeOfLiteral(literal);
  if (!t) return std::nullopt;
  // ValidateLiteralType: a nil type anywhere down collections and maps.
  const core::LiteralType* x = &*t;
  while (x->has_collection_type() || x->has_map_value_type())
    x = x->has_collection_type() ? &x->collection_type() : &x->map_value_type();
  // An element whose type Go leaves nil (a blob without metadata) fails
  // ValidateLiteralType.
  if (x != &*t && x->type_case() == core::LiteralType::TYPE_NOT_SET) return std::nullopt;
  return idl::fromProto(*t);
}

std::string typeName(const core::LiteralType& t) { return idl::fromProto(t).str(); }

bool isOptionalType(const core::LiteralType& t) {
  if (!t.has_union_type()) return false;
  for (const auto& v : t.union_type().variants())
    if (v.has_simple() && v.simple() == core::NONE) return true;
  // Go's GetSimple() of a non-simple variant is NONE (0) too.
  for (const auto& v : t.union_type().variants())
    if (!v.has_simple()) return true;
  return false;
}

}  // namespace flytec::tc::pkg
