// Loads source files into the llvm::SourceMgr with every check that must run
// before a byte reaches the lexer: existence (E0001), readability and
// file-ness (E0002), the 64 MiB limit (E0003, checked from the size before
// reading), UTF-8 validity (E0101 with the byte offset). A leading BOM is
// dropped; CRLF is left to the lexer. It does not parse.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {

/// Largest source file accepted (spec §1).
inline constexpr uint64_t kMaxSourceBytes = 64ull << 20;

struct LoadedSource {
  unsigned bufferId = 0;  ///< 0 when the file could not be loaded
  bool parseable = false; ///< false after E0101: keep the buffer for locations only
  /// Missing or unreadable (E0001/E0002): a file-system problem, exit 2 when
  /// the path came from the command line. An oversized file (E0003) is a
  /// problem with the contents: exit 1 (spec §1).
  bool fileSystemProblem = false;
};

/// A source read and checked but in no SourceMgr yet, so that a thread can
/// prepare it while another owns the SourceMgr (parallel loading, module_graph.h).
/// Its diagnostics point into `buffer`, whose bytes stay where they are
/// when adoptSource hands it to a SourceMgr.
struct PendingSource {
  std::unique_ptr<llvm::MemoryBuffer> buffer;  ///< null when it could not be read
  LoadedSource status;                         ///< bufferId is 0 until adopted
};

/// Reads and checks `path` as loadSource does, reporting the same problems,
/// without touching a SourceMgr.
PendingSource readSource(const std::string& path, DiagnosticEngine& diags, llvm::SMRange requestedAt = {});

/// Checks an in-memory text as addSourceBuffer does, without touching a
/// SourceMgr.
PendingSource readSourceText(std::string name, std::string_view text, DiagnosticEngine& diags);

/// Adds a read source to `sm` (when it was read) and returns its buffer id.
LoadedSource adoptSource(llvm::SourceMgr& sm, PendingSource source);

/// Load `path`. Problems are reported at `requestedAt` (an `import` string)
/// when valid, else about the path itself.
LoadedSource loadSource(llvm::SourceMgr& sm, const std::string& path, DiagnosticEngine& diags,
                        llvm::SMRange requestedAt = {});

/// Add an in-memory buffer (LSP, tests) with the same UTF-8/BOM handling.
LoadedSource addSourceBuffer(llvm::SourceMgr& sm, std::string name, std::string_view text,
                             DiagnosticEngine& diags);

}  // namespace flytec
