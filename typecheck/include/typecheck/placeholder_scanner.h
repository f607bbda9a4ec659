// Finds the `{{ ... }}` placeholders in a task's command or script text, the
// way Flyte's template engine matches them (flyteplugins
// pluginmachinery/utils/template.go): the keyword after `.` or `$` is matched
// case-insensitively with optional spaces inside the braces, and an input
// name is `[^}\s]+`, taken exactly as written. flytec's own forms
// (spec §6) are `{{.inputs.X}}`, `{{.inputs}}`, `{{.outputs.Y}}` and
// `{{.outputDir}}`; every other `{{...}}` (Flyte's `{{.input}}`,
// `{{.outputPrefix}}`, ..., or unrelated text) is a passthrough.
//
// It only scans text: it does not know the task's interface, report
// diagnostics, or rewrite anything. The checker (rules/placeholders.cpp) and
// lowering (which replaces each occurrence per spec §6's lowering column)
// both use it, so they agree on what a placeholder is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flytec::tc {

/// What a placeholder means (spec §6 placeholder table).
enum class PlaceholderKind {
  Input,        ///< `{{.inputs.X}}`: one input
  Inputs,       ///< `{{.inputs}}`: the JSON file of all inputs
  Output,       ///< `{{.outputs.Y}}`: the path output Y is written to
  OutputDir,    ///< `{{.outputDir}}`: the outputs' directory
  Passthrough,  ///< any other `{{...}}`: kept as written
};

/// One occurrence in the scanned text. Offsets are bytes into that text.
struct Placeholder {
  PlaceholderKind kind = PlaceholderKind::Passthrough;
  size_t begin = 0, end = 0;          ///< the whole `{{ ... }}`, end exclusive
  size_t nameBegin = 0, nameEnd = 0;  ///< Input/Output: the name; else the keyword (may be empty)
  /// Input/Output: the name as written (Flyte looks it up exactly).
  /// Passthrough: the text between the braces, trimmed.
  std::string name;
  /// Passthrough only: the word after `.`/`$` as written (`input`,
  /// `outputPrefix`, `input` of `{{.input.x}}`), empty if there is none.
  std::string head;
  /// Passthrough only: what follows `head.` (`x` of `{{.input.x}}`), if any.
  std::string member;

  /// The canonical spelling: `{{.inputs.x}}`, `{{.inputs}}`, `{{.outputs.y}}`,
  /// `{{.outputDir}}`; for a passthrough, `name` in braces as written.
  std::string canonical() const;
  /// The spelling for messages, without braces (messages never hold `}}`):
  /// `.inputs.x`, `.inputs`, `.outputs.y`, `.outputDir`.
  std::string spelling() const;
};

/// Every placeholder in `text`, in order, non-overlapping. A `{{` that starts
/// no placeholder and no `{{...}}` span is skipped one byte at a time, so
/// `{{{.inputs.x}}}` holds `{{.inputs.x}}` as Flyte's regexp finds it.
std::vector<Placeholder> scanPlaceholders(std::string_view text);

}  // namespace flytec::tc
