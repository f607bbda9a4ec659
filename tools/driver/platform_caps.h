// Platform caps for `flytec check` (spec §6): `--max-cpu`, `--max-mem`,
// `--max-gpu`, `--max-ephemeral-storage`, else `[platform]` in the nearest
// `flytec.toml` in an input's directory or above. CLI flags win. It only
// reads the values; the resource rules (typecheck/src/rules/resources.cpp)
// compare quantities against them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "typecheck/semantic_model.h"

namespace flytec::driver {

/// The caps given on the command line (unset = not given).
struct PlatformCapFlags {
  std::optional<std::string> cpu, mem, gpu, ephemeralStorage;
};

/// The caps for checking `inputs`: the flags, completed from the first
/// `flytec.toml` found from the first input's directory upwards. A malformed
/// `flytec.toml` is reported on stderr and sets `*ok` to false.
tc::PlatformCaps resolvePlatformCaps(const PlatformCapFlags& flags, const std::vector<std::string>& inputs,
                                     bool* ok);

}  // namespace flytec::driver
