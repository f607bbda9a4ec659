// A diagnostic is data: code, severity, range, message, notes, fix-its. The
// text, JSON, SARIF and LSP renderers all read this one object; nothing here
// prints. Locations are llvm::SMRange into buffers of an llvm::SourceMgr;
// diagnostics about things without a buffer (package entries, command-line
// paths) carry `path` instead and an invalid range.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic_catalogue.h"
#include "llvm/Support/SMLoc.h"

namespace flytec {

/// A secondary location: "declared here", "ratio set here".
struct DiagNote {
  llvm::SMRange range;
  std::string path;  ///< used when `range` is invalid
  std::string message;
};

/// Replace `range` with `replacement`. Only certain fix-its are applied by
/// `--fixit`; every fix-it is shown and offered as an LSP quick fix.
struct FixIt {
  llvm::SMRange range;
  std::string replacement;
  bool certain = true;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  llvm::SMRange range;
  std::string path;  ///< used when `range` is invalid (e.g. "pkg.tgz:3_wf_2.pb")
  std::string message;
  std::vector<DiagNote> notes;
  std::vector<FixIt> fixits;
  /// What the diagnostic is about, for SARIF logical locations and baseline
  /// fingerprints: the top-level declaration ("task", "workflow",
  /// "launch_plan", "enum", "struct"; empty when outside any) and, inside a
  /// workflow body, the node's id. Filled after checking (frontend/
  /// diagnostic_subjects.h), not at the report site.
  std::string entityKind;
  std::string entity;
  std::string node;

  std::string_view id() const { return diagInfo(code).id; }
  bool isError() const { return severity == Severity::Error; }
};

}  // namespace flytec
