// `flytec check PKG`: checks an existing Flyte package (a `pyflyte package` or
// `flytec compile` archive, a directory of `.pb` entries, or one `.pb` file)
// as Flyte does at registration, not more strictly (spec §10, last paragraph).
//
// Errors are only what Flyte's compiler (flytepropeller v1.16.5) or
// flyteadmin's registration checks reject: bindings against interfaces with
// Flyte's own assignability (idl/assignability.h), an ArrayNode's bindings
// against its sub-node's interface as is, unbound inputs, unknown names and
// nodes, empty workflows, cycles and unreachable nodes, task templates,
// flyteadmin's resource rules (rounded up to whole units; platform caps on
// requests and on a limit beside a request), launch plan inputs and
// schedules. Everything else a source check would flag (exact request <=
// limit, Dask configs, duplicate node ids, success criteria, cluster W-codes
// of raw containers) is the warning W0910 naming the source rule's code.
// Problems reading the package are W0901 and E0902-E0906.
//
// It reads the package (idl/package_reader.h; nothing is extracted to disk)
// and reports into a DiagnosticEngine; it does not print, and it does not
// check anything that needs the Flyte server (entities registered earlier:
// a reference to one that is not in the package is the warning W0919).
#pragma once

#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "idl/package.h"
#include "idl/package_reader.h"
#include "typecheck/semantic_model.h"

namespace flytec::tc {

/// Reads the package at `path` and checks it, reporting every problem into
/// `diags` (paths like `pkg.tgz:010_wf_2.pb`); with a cluster `profile`,
/// also its node-fit, quota and effective-resource checks. Returns false when an error
/// was reported. `unreadable` (when given) is set when the package or part
/// of it could not be read (E0905/E0906; the driver's exit status 2).
bool checkPackage(const std::string& path, DiagnosticEngine& diags, const PlatformCaps& caps = {},
                  bool* unreadable = nullptr, const ClusterProfile* profile = nullptr);

/// Reports what the package reader found at `path`, the one way every
/// command reports it (`check PKG`, `run PKG`): each problem with its own
/// code, located as `path:entry` (archive) or `path/entry` (directory), the
/// entry name escaped (idl::printableName).
void reportPackageProblems(const idl::PackageReadResult& read, const std::string& path, DiagnosticEngine& diags);

/// Checks a package already in memory. `path` is the package's display
/// name; how entries are located in diagnostics: `path:entry` for an
/// archive, `path/entry` for a directory (`isDirectory`), `path` alone when
/// an entry's file name equals it (one `.pb` file).
bool checkPackageContents(const idl::Package& package, const std::string& path, bool isDirectory,
                          DiagnosticEngine& diags, const PlatformCaps& caps = {},
                          const ClusterProfile* profile = nullptr);

}  // namespace flytec::tc
