// Example values for messages about inputs: when `--input NAME=VALUE` does
// not parse, the error shows a value of the declared type in the form
// `--input` takes (text for scalars, paths for files, JSON for the rest).
#pragma once

#include <string>

#include "flyteidl/core/types.pb.h"

namespace flytec::rt {

/// A value of `type` as `--input` takes it: `3`, `hello`, `[1, 2]`,
/// `{"a": 1}`, `{"name": "a", "size": 1}` (a struct's fields when its type
/// lists them).
std::string exampleInput(const flyteidl::core::LiteralType& type);

/// The same value as it is written inside JSON (`"hello"`, not `hello`).
std::string exampleJson(const flyteidl::core::LiteralType& type);

}  // namespace flytec::rt
