// `flytec lsp` (spec §12): the language server on stdin/stdout. Flags exist
// for tests and benchmarks: --input-style=delimited (lit transcripts),
// --pretty, --sync (diagnostics inline, deterministic order), --debounce-ms,
// --test-hooks, --log-file. The server itself lives in tools/lsp/.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "allocator_policy.h"
#include "command.h"
#include "lsp_server.h"
#include "transport.h"

namespace flytec::driver {

namespace {
struct LspOptions {
  std::string inputStyle = "standard";
  bool pretty = false;
  bool sync = false;
  unsigned debounceMs = 50;
  bool testHooks = false;
  std::string logFile;
};
}  // namespace

void registerLspCommand(CommandContext ctx) {
  auto opts = std::make_shared<LspOptions>();
  CLI::App* sub = ctx.app.add_subcommand("lsp", "run the language server on stdin/stdout (JSON-RPC)");
  sub->add_option("--input-style", opts->inputStyle, "standard (Content-Length) or delimited (`---`, for tests)")
      ->check(CLI::IsMember({"standard", "delimited"}));
  sub->add_flag("--pretty", opts->pretty, "indent the JSON written");
  sub->add_flag("--sync", opts->sync, "publish diagnostics inside didOpen/didChange (tests)");
  sub->add_option("--debounce-ms", opts->debounceMs, "minimum time between checks of one document (default 50)");
  sub->add_flag("--test-hooks", opts->testHooks, "enable test-only methods (flytec/testCrash)");
  sub->add_option("--log-file", opts->logFile,
                  "write a server log (items parsed/reused per check, cancellations) to this file");
  sub->callback([opts, &action = ctx.action] {
    action = [opts] {
      lsp::Transport transport(stdin, stdout,
                               opts->inputStyle == "delimited" ? lsp::InputStyle::Delimited : lsp::InputStyle::Standard,
                               opts->pretty);
      lsp::ServerOptions so;
      so.sync = opts->sync;
      so.debounce = std::chrono::milliseconds(opts->debounceMs);
      so.testHooks = opts->testHooks;
      so.logFile = opts->logFile;
      so.onLargeDocuments = returnFreedPagesAtOnce;
      lsp::LspServer server(transport, so);
      return server.run();
    };
  });
}

}  // namespace flytec::driver
