// Baselines: adopting the checker on a large project and failing only on new
// findings. `--write-baseline FILE` records every current finding; with
// `--baseline FILE` the findings it records are not reported.
//
// A finding's fingerprint is (code, file, entity, node, message): the file
// relative to the current directory, the entity and node from
// frontend/diagnostic_subjects.h, never a line or column, so inserting or
// deleting unrelated lines keeps every fingerprint. Matching is a multiset:
// a baseline with two identical findings covers two, a third is new. The
// file is JSON, deterministic (sorted, one finding per object, duplicates
// kept), written to a temporary file and renamed:
//   {"schema": "flytec-baseline/1", "findings": [
//     {"code": "W0409", "file": "wf/a.flyte", "entity": "wf", "node": "m",
//      "message": "..."}]}
// Nothing here prints or decides exit codes.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "diagnostics/buffer_locator.h"
#include "diagnostics/diagnostic_engine.h"

namespace llvm { class SourceMgr; }

namespace flytec {

/// One recorded finding; ordered field by field (file first).
struct BaselineEntry {
  std::string file, entity, node, code, message;
  auto key() const { return std::tie(file, entity, node, code, message); }
  bool operator<(const BaselineEntry& o) const { return key() < o.key(); }
  bool operator==(const BaselineEntry& o) const { return key() == o.key(); }
};

/// The fingerprint of `d`, whose buffers `where` locates; paths are made
/// relative to `baseDirectory` (absolute) when below it.
BaselineEntry fingerprint(const Diagnostic& d, const BufferLocator& where, const std::string& baseDirectory);

/// Writes the fingerprints of `diags` to `path` (temporary file + rename).
/// Returns false with `*error` set when the file cannot be written.
bool writeBaseline(const std::string& path, const std::vector<Diagnostic>& diags, const llvm::SourceMgr& sm,
                   const std::string& baseDirectory, std::string* error);

/// Reads a baseline; nullopt with `*error` set when it is unreadable or not
/// `flytec-baseline/1`.
std::optional<std::vector<BaselineEntry>> readBaseline(const std::string& path, std::string* error);

/// Drops from `diags` every finding the baseline covers (each entry covers
/// one finding). Returns how many were dropped.
size_t applyBaseline(DiagnosticEngine& diags, const std::vector<BaselineEntry>& baseline,
                     const llvm::SourceMgr& sm, const std::string& baseDirectory);

/// The process's current directory ("" when unknown).
std::string currentDirectory();

}  // namespace flytec
