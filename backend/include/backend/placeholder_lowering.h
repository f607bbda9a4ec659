// Lowering of flytec's placeholders in a task's argv (spec §6, "lowered to"):
// `{{.outputs.Y}}` -> /var/outputs/Y, `{{.outputDir}}` -> /var/outputs,
// `{{.inputs}}` -> /var/inputs/inputs.json, a path-typed `{{.inputs.X}}`
// (file, dir, struct, list, dict) -> /var/inputs/X, or in a map variant for a
// mapped input whose element is path-typed /var/inputs/X/${FLYTE_K8S_ARRAY_INDEX}.
// Scalar `{{.inputs.X}}` and every other `{{...}}` text stay as written (Flyte
// substitutes them). Spelling variants Flyte accepts (spaces, case, `$`) are
// recognised as Flyte's regular expressions do.
//
// A small scanner of its own: it does not report anything (typecheck's
// placeholder rule does), and it is not shared with typecheck/.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "idl/literal_type.h"

namespace flytec::backend {

/// What the rewriter needs to know about the task.
class PlaceholderContext {
 public:
  virtual ~PlaceholderContext() = default;
  /// The declared type of input `name`, or nullptr if there is none.
  virtual const idl::LiteralType* inputType(std::string_view name) const = 0;
  /// True if `name` is mapped (map variant): paths become per element.
  virtual bool isMapped(std::string_view name) const = 0;
};

/// True for a type whose `{{.inputs.X}}` is a path under /var/inputs.
bool isPathType(const idl::LiteralType& t);

/// `text` with every flytec placeholder lowered.
std::string lowerPlaceholders(std::string_view text, const PlaceholderContext& ctx);

/// True if `text` still holds one of flytec's own placeholders, given the
/// task's inputs (for tests: nothing of that sort may survive lowering).
bool hasFlytecPlaceholder(std::string_view text, const PlaceholderContext& ctx);

}  // namespace flytec::backend
