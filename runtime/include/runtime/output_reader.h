// Reading a finished execution's outputs directory by the rules of spec §6:
// scalars and structs are text of at most 1 KiB with spaces, tabs and
// newlines trimmed at the ends; lists, dicts and unions are JSON; an enum is
// its member's name; a file is the file itself and a dir the directory; an
// optional output whose file is missing is `none`; `_ERROR` in the directory
// means the task failed with that message. It does not decide retries.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "flyteidl/core/interface.pb.h"
#include "flyteidl/core/literals.pb.h"

namespace flytec::rt {

/// The cap on a scalar or struct output file (Flyte's data sidecar reads at
/// most this much).
inline constexpr size_t kMaxScalarOutputBytes = 1024;

/// Why the task failed, if it wrote `dir/_ERROR`: the catalogue's reason
/// with the file's message (trimmed), or saying it is empty or unreadable.
std::optional<std::string> errorFileFailure(const std::filesystem::path& dir);

/// Reads every output `outputs` declares from `dir` into `result`. On a
/// problem (missing file, bad value, too large) returns false with `error`
/// naming the output.
bool readOutputs(const std::filesystem::path& dir, const flyteidl::core::VariableMap& outputs,
                 flyteidl::core::LiteralMap& result, std::string& error);

/// Trims spaces, tabs and newlines at both ends.
std::string trimOutputText(std::string s);

}  // namespace flytec::rt
