// LiteralType <-> flyteidl core.LiteralType.
//
// Every field round-trips except two that flyteidl has no slot for or that
// protobuf cannot tell apart:
//  - an enum's or struct's flytec name is not written (toProto); fromProto
//    names a struct after its JSON schema's "title" when there is one, and
//    leaves enums unnamed;
//  - an `annotation {}` without `annotations` reads back as an empty object.
// Nothing here checks types.
#pragma once

#include "idl/literal_type.h"

#include "flyteidl/core/types.pb.h"

namespace flytec::idl {

/// A flyteidl LiteralType as a flytec LiteralType.
LiteralType fromProto(const flyteidl::core::LiteralType& t);

/// A flytec LiteralType as a flyteidl LiteralType.
flyteidl::core::LiteralType toProto(const LiteralType& t);
/// Same, written into *out (cleared first).
void toProto(const LiteralType& t, flyteidl::core::LiteralType* out);

} // namespace flytec::idl
