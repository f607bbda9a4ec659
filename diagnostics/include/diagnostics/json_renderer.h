// `--format=json`: every diagnostic as one JSON object, in one document:
//   {"schema": "flytec-diagnostics/1", "diagnostics": [
//     {"code": "E0404", "severity": "error", "message": "...", "file": "a.flyte",
//      "range": {"start": {"line": 7, "column": 20, "offset": 131}, "end": {...}},
//      "notes": [{"message": "...", "file": ..., "range": ...}],
//      "fixits": [{"range": ..., "replacement": "...", "certain": true}]}]}
// Lines and columns are 1-based, columns in bytes (spec §3); `range` is null
// for diagnostics without a source location (package entries use `file`).
#pragma once

#include <vector>

#include "diagnostics/diagnostic.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
namespace json {
class Array;
}
}  // namespace llvm

namespace flytec {
/// `resources` (optional): `flytec check --show-resources`' rows, written as
/// the document's "resources" member (docs/flytec-diagnostics.schema.json).
void renderJson(const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm, llvm::raw_ostream& os,
                const llvm::json::Array* resources = nullptr);
}
