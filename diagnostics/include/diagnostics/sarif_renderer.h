// `--format=sarif`: the diagnostics as one SARIF 2.1.0 log with one run, so
// that GitHub code scanning (and any SARIF viewer) shows them inline.
//   - tool.driver.rules: every catalogue row, in catalogue order (ruleIndex is
//     the DiagCode value), with the explanation, the message format and the
//     bad/good example files as help text and markdown;
//   - results: ruleId/ruleIndex, level (the final severity, after -Werror),
//     a physical location whose columns are Unicode code points (the run says
//     `columnKind: unicodeCodePoints`; text and JSON use bytes), notes as
//     relatedLocations, fix-its as one fix per diagnostic, and the entity and
//     node as logicalLocations when known;
//   - URIs relative to the current directory under uriBaseId SRCROOT (its
//     absolute file URI in originalUriBaseIds), absolute file URIs otherwise.
// Package diagnostics have no source lines: their artifact is the package
// (the archive, or the entry file of a package directory) and the entry is a
// logical location. Nothing here decides severities or filters.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
}  // namespace llvm

namespace flytec {

struct SarifOptions {
  std::string toolVersion;  ///< "0.1.0"
  /// Where the catalogue's example paths are read from (the source tree the
  /// binary was built from); a missing file is said so in the help text.
  std::string sourceRoot;
  /// Absolute URL of the docs folder (informationUri; helpUri is
  /// `<docsUrl>/diagnostics.md#<code>`); empty leaves both out.
  std::string docsUrl;
  /// Absolute directory URIs are made relative to (default: the process's
  /// current directory).
  std::string baseDirectory;
};

/// Writes the SARIF log for `diags` to `os`.
void renderSarif(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm, const SarifOptions& options,
                 llvm::raw_ostream& os);

/// A file path as a URI reference: relative to `baseDirectory` (an absolute
/// path) when below it, else an absolute `file://` URI; percent-encoded.
/// `*relative` says which.
std::string pathToUri(const std::string& path, const std::string& baseDirectory, bool* relative);

}  // namespace flytec
