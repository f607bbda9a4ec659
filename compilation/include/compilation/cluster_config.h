// The cluster configuration of a check (docs/cluster-profile.md): the
// platform caps from `--max-cpu`/`--max-mem`/`--max-gpu`/
// `--max-ephemeral-storage`, and the cluster profile from `--cluster-profile
// FILE`, else from the nearest `flytec.toml` (an input's directory or above).
// Every entry point reads it through a Compilation (compilation.h), so
// `flytec check`, `compile`, `run`, `graph` and the language server cannot
// disagree.
//
// It reads and validates the TOML (every key of every table is known, else
// E0013 naming the nearest known key; every value has its type, else E0014;
// `[platform]` is still read, with W0015 pointing at its replacement) and
// reports with locations in the file. It computes nothing about tasks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "llvm/Support/SourceMgr.h"
#include "typecheck/cluster_profile.h"
#include "typecheck/semantic_model.h"

namespace flytec::compilation {

/// The caps and profile file given on the command line (unset = not given).
struct PlatformCapFlags {
  std::optional<std::string> cpu, mem, gpu, ephemeralStorage;
  std::string profileFile;  ///< --cluster-profile FILE
};

struct ClusterConfig {
  tc::PlatformCaps caps;  ///< the flags, completed from the file's limits
  /// Set when the file has a `[cluster]` table (or --cluster-profile was given).
  std::shared_ptr<const tc::ClusterProfile> profile;
  std::string path;  ///< the file read ("" when none)
  /// The file's buffer in the source manager (0: not read), so a client can
  /// tell the file's own diagnostics from the sources' (the LSP shows them
  /// at the document's start).
  unsigned bufferId = 0;
  bool ok = true;    ///< false: the file is unreadable or invalid (exit 2)
};

/// The nearest `flytec.toml` from `input`'s directory (or `input` itself
/// when it is a directory) upwards; nullopt when there is none.
std::optional<std::string> findConfigFile(const std::string& input);

/// Read the configuration for checking `inputs`. Problems are reported into
/// `diags` with locations in a buffer `sm` gets for the file.
ClusterConfig loadClusterConfig(const PlatformCapFlags& flags, const std::vector<std::string>& inputs,
                                llvm::SourceMgr& sm, DiagnosticEngine& diags);

}  // namespace flytec::compilation
