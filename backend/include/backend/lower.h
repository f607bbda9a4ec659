// Lowering: a checked program (tc::SemanticModel) to Flyte's protobuf specs
// (spec §10), as an in-memory idl::Package in registration order. This is the
// one public entry point of lowering; `flytec compile` writes the package
// (package_writer.h) and `flytec run` executes it without touching disk.
//
// It does not check anything: call it only on a model `tc::analyze` accepted
// without errors. It does not write files.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "idl/package.h"
#include "typecheck/semantic_model.h"

namespace flytec::backend {

/// What lowering needs beyond the program.
struct LowerOptions {
  /// Identifier fields of every entity; empty unless --project/--domain/--version.
  std::string project, domain, version;
  /// RuntimeMetadata.version of every task; empty means this build's version.
  std::string flytecVersion;
};

/// The version flytec writes into RuntimeMetadata (never empty).
std::string defaultFlytecVersion();

/// Lowers every task, workflow and launch plan of `model` (plus one map
/// variant task per distinct map) into a package: entries named
/// `{idx}_{name}_{1|2|3}.pb`, each after everything it references, each
/// workflow followed by its launch plans. The optional and `diags` leave room
/// for reporting what cannot be lowered; today every checked model lowers,
/// so it always returns a package and reports nothing.
std::optional<idl::Package> lowerProgram(const tc::SemanticModel& model, const LowerOptions& options,
                                         DiagnosticEngine& diags);

}  // namespace flytec::backend
