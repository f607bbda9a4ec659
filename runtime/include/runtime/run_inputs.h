// A run's inputs from the command line (spec §11): `--inputs F.json` (an
// object keyed by input name) and `--input k=v` (later ones win), each value
// parsed by the declared type (literal_parse.h; paths relative to the current
// directory), merged with the launch plan's defaults and fixed inputs.
// Problems are E1001 (bad value), E1002 (missing), E1003 (unknown name); the
// caller exits 2 before anything runs. It does not run anything.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "flyteidl/core/literals.pb.h"
#include "runtime/package_entities.h"

namespace flytec::rt {

/// The complete inputs of a run of `target`, or nullopt after reporting.
/// A scheduled launch plan's kickoff input, when not given, is the current
/// time, as Flyte's scheduler fills it with the time of each kickoff; what
/// was filled so is said in `notes`.
std::optional<flyteidl::core::LiteralMap> parseRunInputs(const RunTarget& target,
                                                         const std::vector<std::string>& assignments,
                                                         const std::optional<std::string>& jsonFile,
                                                         const std::filesystem::path& cwd, DiagnosticEngine& diags,
                                                         const std::string& diagPath,
                                                         std::vector<std::string>* notes = nullptr);

}  // namespace flytec::rt
