// Lowering of flytec's placeholders in a task's argv (spec §6, "lowered to"):
// `{{.outputs.Y}}` -> /var/outputs/Y, `{{.outputDir}}` -> /var/outputs,
// `{{.inputs}}` -> /var/inputs/inputs.json, a path-typed `{{.inputs.X}}`
// (file, dir, struct, list, dict) -> /var/inputs/X, or in a map variant for a
// mapped input whose element is path-typed /var/inputs/X/${FLYTE_K8S_ARRAY_INDEX}.
// Scalar `{{.inputs.X}}` and every other `{{...}}` text stay as written (Flyte
// substitutes them). Spelling variants Flyte accepts (spaces, case, `$`) are
// recognised as Flyte's regular expressions do.
//
// Occurrences come from typecheck's scanner (typecheck/placeholder_scanner.h),
// the same one the placeholder rule uses, so checking and lowering agree on
// what a placeholder is. It reports nothing; typecheck's rule does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "idl/literal_type.h"

namespace flytec::backend {

/// What the rewriter needs to know about the task: its inputs' types and,
/// in a map variant, which inputs are mapped (their paths become per element).
struct PlaceholderContext {
  std::map<std::string, idl::LiteralType, std::less<>> types;
  std::set<std::string, std::less<>> mapped;

  /// The declared type of input `name`, or nullptr if there is none.
  const idl::LiteralType* inputType(std::string_view name) const {
    auto it = types.find(name);
    return it == types.end() ? nullptr : &it->second;
  }
  bool isMapped(std::string_view name) const { return mapped.count(name) > 0; }
};

/// True for a type whose `{{.inputs.X}}` is a path under /var/inputs.
bool isPathType(const idl::LiteralType& t);

/// `text` with every flytec placeholder lowered.
std::string lowerPlaceholders(std::string_view text, const PlaceholderContext& ctx);

/// True if `text` still holds one of flytec's own placeholders, given the
/// task's inputs (for tests: nothing of that sort may survive lowering).
bool hasFlytecPlaceholder(std::string_view text, const PlaceholderContext& ctx);

}  // namespace flytec::backend
