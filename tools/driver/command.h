// The driver's subcommand interface. Each subcommand lives in its own file
// (check_command.cpp, compile_command.cpp, run_command.cpp, ...) and registers
// itself on the CLI11 app with a function declared here; main.cpp only wires
// them up. A subcommand returns the process exit code (spec §1):
//   0 success, 1 a problem with a source/package or a failed run,
//   2 command-line or file-system problem, 130 interrupted.
#pragma once

#include "llvm/Support/JSON.h"

#include <functional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_engine.h"

namespace CLI {
class App;
}
namespace llvm {
class SourceMgr;
}

namespace flytec::driver {

enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130 };

enum class OutputFormat { Text, Json, Sarif };

/// Options every subcommand shares (spec §1 "Common flags").
struct GlobalOptions {
  std::string color = "auto";  ///< auto|always|never
  std::string format = "text"; ///< text|json|sarif
  bool werror = false;
  std::vector<std::string> werrorCodes;  ///< -Werror=CODE
  std::vector<std::string> wnoCodes;     ///< -Wno-CODE
  unsigned maxErrors = 0;

  OutputFormat outputFormat() const;
  /// Colour for diagnostics on stderr: --color, else whether stderr is a tty.
  bool useColor() const;
  /// The engine options these flags describe; unknown codes are reported on
  /// stderr and make `ok` false.
  DiagnosticOptions diagnosticOptions(bool* ok) const;
};

/// What a subcommand registration gets: the app to add itself to, the shared
/// options, and the slot where it stores the action to run after parsing.
struct CommandContext {
  CLI::App& app;
  GlobalOptions& global;
  std::function<int()>& action;
};

/// Adds the common flags (--color, --format, -Werror, -Wno-, --max-errors).
void addCommonFlags(CLI::App* sub, GlobalOptions& global);

/// Prints diagnostics in the chosen format (text to stderr, JSON/SARIF to
/// stdout) with the summary line; the single exit point for reporting.
/// `resources` (optional) is added to a JSON document (--show-resources).
void emitDiagnostics(DiagnosticEngine& diags, const llvm::SourceMgr& sm,
                     const GlobalOptions& global, const llvm::json::Array* resources = nullptr);

void registerCheckCommand(CommandContext ctx);
void registerCompileCommand(CommandContext ctx);
void registerRunCommand(CommandContext ctx);
void registerExplainCommand(CommandContext ctx);
void registerLspCommand(CommandContext ctx);
void registerFmtCommand(CommandContext ctx);
void registerGraphCommand(CommandContext ctx);

}  // namespace flytec::driver
