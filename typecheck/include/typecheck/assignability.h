// flytec's source assignability (spec §5): Flyte's rules (idl/assignability.h)
// made stricter where flytec can know better at compile time — structs are
// nominal, `file` and `dir` are distinct, `int` node outputs do not flow into
// `float` (Flyte does not convert), and a value bound to a union must match
// exactly one variant. It compares types only; literals (an integer literal
// for a float, a string naming an enum member, an RFC 3339 datetime string)
// are checked against types by the type checker, not here.
#pragma once

#include "idl/literal_type.h"

namespace flytec::tc {

/// The verdict for binding a value of one type to a slot of another.
enum class Assign {
  Ok,              ///< assignable
  StrToEnum,       ///< `str` into an enum: allowed with W0307 (Flyte checks at run time)
  IntToFloat,      ///< `int` into `float`: E0301 with a note that Flyte does not convert
  AmbiguousUnion,  ///< more than one union variant matches: E0305
  Mismatch,        ///< E0301
};

/// Can a value of type `from` (a node output, a workflow parameter) fill a
/// slot of type `to` (a node input, a workflow output)?
Assign sourceAssign(const idl::LiteralType& from, const idl::LiteralType& to);

/// Nominal type identity as the source checker sees it (structs and enums by
/// name and shape, blobs by dimensionality).
bool sameType(const idl::LiteralType& a, const idl::LiteralType& b);

}  // namespace flytec::tc
