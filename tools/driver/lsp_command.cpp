// `flytec lsp` (spec §12): the language server on stdin/stdout. Flags exist
// for tests and benchmarks: --input-style=delimited (lit transcripts),
// --pretty, --sync (diagnostics inline, deterministic order), --debounce-ms,
// --test-hooks, --log-file. The server itself lives in tools/lsp/.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "allocator_policy.h"
#include "command.h"
#include "lsp_server.h"
#include "support/atomic_write.h"
#include "transport.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec::driver {

namespace {
struct LspOptions {
  std::string inputStyle = "standard";
  bool pretty = false;
  bool sync = false;
  unsigned debounceMs = 0;
  bool testHooks = false;
  std::string logFile;
};
}  // namespace

/// Starts the log empty through the one output writer (docs/outputs.md): an
/// old file at the path is replaced by a rename, never truncated, a link is
/// followed, a directory or block device is refused (E0004, exit 2). The
/// server then appends to it.
namespace {
bool startLog(const std::string& path, const GlobalOptions& global) {
  std::string error;
  if (path.empty() || support::writeFileAtomically(path, "", error)) return true;
  DiagnosticEngine failure;
  failure.reportAtPath(diag::err_cannot_write_output, path, path, error);
  llvm::SourceMgr noSources;
  emitDiagnostics(failure, noSources, global);
  return false;
}
}  // namespace

void registerLspCommand(CommandContext ctx) {
  auto opts = std::make_shared<LspOptions>();
  CLI::App* sub = ctx.app.add_subcommand("lsp", "run the language server on stdin/stdout (JSON-RPC)");
  sub->add_option("--input-style", opts->inputStyle, "standard (Content-Length) or delimited (`---`, for tests)")
      ->check(CLI::IsMember({"standard", "delimited"}));
  sub->add_flag("--pretty", opts->pretty, "indent the JSON written");
  sub->add_flag("--sync", opts->sync, "publish diagnostics inside didOpen/didChange (tests)");
  sub->add_option("--debounce-ms", opts->debounceMs, "minimum time between checks of one document (default 0: a new version is checked once the check in progress ends or is cancelled)");
  sub->add_flag("--test-hooks", opts->testHooks, "enable test-only methods (flytec/testCrash)");
  sub->add_option("--log-file", opts->logFile,
                  "write a server log (items parsed/reused per check, cancellations) to this file");
  sub->callback([opts, &action = ctx.action, &global = ctx.global] {
    action = [opts, &global] {
      if (!startLog(opts->logFile, global)) return int(kExitUsage);
      lsp::Transport transport(stdin, stdout,
                               opts->inputStyle == "delimited" ? lsp::InputStyle::Delimited : lsp::InputStyle::Standard,
                               opts->pretty);
      lsp::ServerOptions so;
      so.sync = opts->sync;
      so.debounce = std::chrono::milliseconds(opts->debounceMs);
      so.testHooks = opts->testHooks;
      so.logFile = opts->logFile;
      keepFreedPagesBetweenEdits();
      so.onLargeDocuments = returnFreedPagesAtOnce;
      lsp::LspServer server(transport, so);
      return server.run();
    };
  });
}

}  // namespace flytec::driver
