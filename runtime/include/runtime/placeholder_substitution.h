// What Flyte's container plugin does to a lowered command before it runs, and
// what the runtime must know about it: `{{.inputs.x}}` placeholders (Flyte's
// template syntax, with its spacing, case and `$` variants) replaced by the
// values' inline text, the `/var/inputs` and `/var/outputs` prefixes replaced
// by an execution's own directories, and which parts of the inputs directory
// a command can reference at all (so that only those are laid out). Other
// `{{...}}` text passes through unchanged, as in Flyte. It does not write
// files (input_layout.h does).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "flyteidl/core/literals.pb.h"

namespace flytec::rt {

/// How a command refers to one input under the inputs directory.
struct InputReference {
  bool whole = false;    ///< `/var/inputs/X` (the whole value)
  bool element = false;  ///< `/var/inputs/X/${FLYTE_K8S_ARRAY_INDEX}` (a map element's entry)
};

/// Everything a command can reach under the inputs directory.
struct InputReferences {
  bool everything = false;  ///< a literal `/var/inputs` (or an unknown name below it)
  bool json = false;        ///< `/var/inputs/inputs.json`
  bool pb = false;          ///< `/var/inputs/inputs.pb`
  std::map<std::string, InputReference> inputs;
};

/// Scans `argv` for references below `inputPrefix` ("/var/inputs"), knowing
/// the task's input names.
InputReferences scanInputReferences(const std::vector<std::string>& argv, const std::string& inputPrefix,
                                    const std::set<std::string>& inputNames);

/// Replaces every occurrence of the path `prefix` in `s` (at a path boundary:
/// `/var/inputs`, `/var/inputs/x`, not `/var/inputsx`) with `replacement`.
std::string replacePathPrefix(const std::string& s, const std::string& prefix,
                              const std::string& replacement);

/// Whether some element of `argv` contains the path `prefix` at a path
/// boundary (as replacePathPrefix would replace it). A command that does not
/// can never find that directory: nothing else tells it the path.
bool mentionsPathPrefix(const std::vector<std::string>& argv, const std::string& prefix);

/// Looks an input up by name; nullptr when there is none.
using InputLookup = std::function<const flyteidl::core::Literal*(const std::string& name)>;

/// Replaces each `{{.inputs.NAME}}` (also `{{ .Inputs.NAME }}`,
/// `{{$inputs.NAME}}`) in `s` with the inline text of the input's value.
/// Returns false with `error` set when a named input does not exist or has
/// no inline form.
bool substituteInputPlaceholders(std::string& s, const InputLookup& lookup, std::string& error);

/// The names used in `{{.inputs.NAME}}` placeholders of `s`.
std::vector<std::string> inputPlaceholderNames(const std::string& s);

}  // namespace flytec::rt
