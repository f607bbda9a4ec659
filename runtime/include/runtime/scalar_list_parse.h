// A fast path for the commonest large value: a JSON list of integers,
// floats or booleans (`list[int]` and friends). Each element is built in
// place in the collection, with no JSON tree in between: through llvm::json
// a large list costs many times its size in memory (a tree of every value,
// the copies of its growing array, then the literals). Anything else in the
// text (a string, null, a nested value, a malformed number) leaves the
// value to the general parser (literal_parse.h), which gives the reasons.
#pragma once

#include <string>
#include <string_view>

#include "flyteidl/core/literals.pb.h"
#include "flyteidl/core/types.pb.h"

namespace flytec::rt {

/// What parseScalarList did.
enum class FastParse { NotApplicable, Parsed, Invalid };

/// Parses `text` as a list of `type` (list[int], list[float], list[bool]).
/// Parsed: `out` holds it. Invalid: an integer outside int64 (`error`
/// names the element). NotApplicable: use the general parser.
FastParse parseScalarList(std::string_view text, const flyteidl::core::LiteralType& type,
                          flyteidl::core::Literal& out, std::string& error);

}  // namespace flytec::rt
