// The inputs directory of one execution, as Flyte's data sidecar lays it out
// under /var/inputs (spec §6): a scalar is a text file in its file form (no
// trailing newline), a file or dir is a copy of the file or directory (a
// reflink where the file system offers one: file_io.h; never a hard link,
// so a task that writes to its input changes nothing else), a struct is a JSON file, a list or
// dict is a directory of entries named `0`, `1`, ... or by key, plus
// `inputs.json` (Go JSON of every input, files as their local paths) and
// `inputs.pb` (the core.LiteralMap). Only what the command can reference is
// written (placeholder_substitution.h finds it), so each element of a map
// costs O(1). It does not substitute commands or read outputs.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "flyteidl/core/literals.pb.h"
#include "runtime/file_io.h"
#include "runtime/placeholder_substitution.h"

namespace flytec::rt {

/// What to write for one execution.
struct LayoutRequest {
  InputReferences refs;
  /// For a map element: its index, and which inputs are the mapped lists (a
  /// `/var/inputs/X/${FLYTE_K8S_ARRAY_INDEX}` reference then gets only the
  /// element's entry).
  std::optional<size_t> elementIndex;
  std::set<std::string> mappedInputs;
  /// Stops copying input files when set (SIGINT, SIGTERM). May be null.
  const StopFlag* stop = nullptr;
};

/// Writes the layout `req` asks for of `inputs` into `dir` (created).
/// Returns false with `error` set on an I/O problem or a missing file input.
bool writeInputLayout(const std::filesystem::path& dir, const flyteidl::core::LiteralMap& inputs,
                      const LayoutRequest& req, std::string& error);

/// Writes one value at `path` in the sidecar's form. When `localized` is not
/// null it receives a copy of `value` whose blob uris are the written paths.
bool writeLiteral(const std::filesystem::path& path, const flyteidl::core::Literal& value,
                  flyteidl::core::Literal* localized, std::string& error, const StopFlag* stop = nullptr);

/// Writes `data` to `path` through a temporary file and a rename.
bool writeFileAtomically(const std::filesystem::path& path, const std::string& data, std::string& error);

}  // namespace flytec::rt
