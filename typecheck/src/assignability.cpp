// flytec's source assignability (typecheck/assignability.h). The rules follow
// Flyte's typing.go case by case and add flytec's stricter ones; the gtests in
// test/unit/typecheck/ check that whatever this accepts Flyte accepts too.
#include "typecheck/assignability.h"

namespace flytec::tc {

using idl::LiteralType;
using idl::SimpleType;
using Kind = LiteralType::Kind;

bool sameType(const LiteralType& a, const LiteralType& b) { return a == b; }

namespace {

/// Keeps the most specific failure when several candidates fail.
Assign worst(Assign a, Assign b) {
  if (a == Assign::Ok) return b;
  if (b == Assign::Ok) return a;
  return a == Assign::Mismatch ? b : a;
}

}  // namespace

Assign sourceAssign(const LiteralType& from, const LiteralType& to) {
  if (from.isUnset() || to.isUnset()) return Assign::Ok;  // already reported elsewhere
  if (from == to) return Assign::Ok;

  if (to.kind() == Kind::Union) {
    if (from.kind() == Kind::Union) {
      // Variant-wise: every upstream variant must land in some downstream one.
      for (const LiteralType& v : from.variants()) {
        bool found = false;
        for (const LiteralType& w : to.variants()) found |= sourceAssign(v, w) == Assign::Ok;
        if (!found) return Assign::Mismatch;
      }
      return Assign::Ok;
    }
    int matches = 0;
    Assign best = Assign::Mismatch;
    for (const LiteralType& w : to.variants()) {
      Assign a = sourceAssign(from, w);
      if (a == Assign::Ok) ++matches;
      else best = worst(best, a);
    }
    if (matches == 1) return Assign::Ok;
    if (matches > 1) return Assign::AmbiguousUnion;
    return best == Assign::StrToEnum ? Assign::StrToEnum : (best == Assign::IntToFloat ? Assign::IntToFloat : Assign::Mismatch);
  }
  if (from.kind() == Kind::Union) return Assign::Mismatch;

  switch (to.kind()) {
    case Kind::Collection:
    case Kind::Map:
      if (from.kind() != to.kind()) return Assign::Mismatch;
      return sourceAssign(from.elementType(), to.elementType());
    case Kind::Blob:
      // file and dir distinct (stricter than Flyte); formats as Flyte: empty matches any.
      if (from.kind() != Kind::Blob || from.blobDimensionality() != to.blobDimensionality())
        return Assign::Mismatch;
      if (from.format().empty() || to.format().empty() || from.format() == to.format()) return Assign::Ok;
      return Assign::Mismatch;
    case Kind::Enum:
      if (from.isSimple(SimpleType::String)) return Assign::StrToEnum;
      return Assign::Mismatch;  // nominal: equal types were accepted above
    case Kind::Simple:
      if (to.simpleType() == SimpleType::String && from.kind() == Kind::Enum) return Assign::Ok;
      if (to.simpleType() == SimpleType::Float && from.isSimple(SimpleType::Integer)) return Assign::IntToFloat;
      if (to.simpleType() == SimpleType::Struct) return Assign::Mismatch;  // nominal
      if (from.kind() == Kind::Simple && from.simpleType() == to.simpleType()) return Assign::Ok;
      return Assign::Mismatch;
    default:
      return Assign::Mismatch;
  }
}

}  // namespace flytec::tc
