// Checking a struct value against its type's JSON schema. A flytec struct
// type is `simple: STRUCT` with a JSON schema as metadata (properties,
// required, additionalProperties: false; field types as integer, number,
// string, boolean, null, array/items, object/additionalProperties, enum,
// anyOf, nested struct schemas), as pydantic and mashumaro write them. The
// value of a struct input or output must match it: field types, required
// fields present, no unknown field. Keywords it does not know ($ref, ...)
// accept anything, so a schema from another tool is never stricter here
// than there. It does not convert values (literal_parse.h).
#pragma once

#include <llvm/Support/JSON.h>

#include <optional>
#include <string>

namespace flytec::rt {

/// Why `value` does not match `schema` ("field `a`: expected an integer,
/// found `"x"`", "missing field `b`", "unknown field `c`"); nullopt when
/// it matches.
std::optional<std::string> schemaMismatch(const llvm::json::Value& value, const llvm::json::Object& schema);

}  // namespace flytec::rt
