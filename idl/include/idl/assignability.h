// Flyte's own assignability between literal types, as Flyte's compiler decides
// it when a workflow is registered (flytepropeller v1.16.5,
// pkg/compiler/validators/typing.go, AreTypesCastable): enum and str
// interchangeable, union to union, T to a union with exactly one matching
// variant, empty collections and maps match any, structs compared by their
// JSON schema when both have one, blob formats, schema/structured datasets.
//
// It is not flytec's source rule (which is stricter: nominal structs, file and
// dir distinct, E0305 for ambiguous unions); the source checker lives in
// typecheck/. `flytec check PKG` uses this one.
#pragma once

#include "idl/literal_type.h"

#include <string_view>

namespace flytec::idl {

/// True when Flyte accepts a value of type `upstream` (a node output, a
/// workflow input) bound to a slot of type `downstream` (a node input, a
/// workflow output). Mirrors AreTypesCastable(upstream, downstream).
///
/// One known gap: when two struct schemas differ, Flyte asks
/// json-schema-compare whether the upstream schema is a superset; flytec
/// (like flyte-oracle, whose shim does the same) accepts only identical
/// schemas, so such a binding is rejected here.
bool flyteCanAssign(const LiteralType& upstream, const LiteralType& downstream);

/// Go's strings.EqualFold (Unicode simple case folding) on UTF-8 text; Flyte
/// compares dataset formats with it.
bool goEqualFold(std::string_view a, std::string_view b);

} // namespace flytec::idl
