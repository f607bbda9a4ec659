// flytec's entry point: normalises clang-style spellings in argv, builds the
// CLI11 app from the subcommand registrations (command.h) and runs the chosen
// one. No subcommand logic lives here.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>

#include "argv_normalizer.h"
#include "command.h"

using namespace flytec::driver;

int main(int argc, char** argv) {
  std::vector<std::string> args = normalizeArgv(argc, argv);

  CLI::App app{"flytec: compiler, validator and runtime for .flyte workflows", "flytec"};
  app.set_version_flag("--version", std::string("flytec ") + FLYTEC_VERSION);
  app.require_subcommand(1);
  GlobalOptions global;
  std::function<int()> action;
  CommandContext ctx{app, global, action};
  const std::pair<const char*, void (*)(CommandContext)> commands[] = {
      {"check", registerCheckCommand}, {"compile", registerCompileCommand}, {"run", registerRunCommand},
      {"explain", registerExplainCommand}, {"lsp", registerLspCommand},     {"graph", registerGraphCommand},
      {"fmt", registerFmtCommand}};
  // A subcommand named first is the only one registered: CLI11 builds every
  // option's names and validators up front, work a short command need not
  // do for the other six. `--help`, `--version` or a
  // misspelt name get them all, so help and suggestions are unchanged.
  auto named = std::find_if(std::begin(commands), std::end(commands),
                           [&](const auto& c) { return args.size() > 1 && args[1] == c.first; });
  if (named != std::end(commands)) named->second(ctx);
  else
    for (const auto& [name, add] : commands) add(ctx);

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);
    app.parse(std::move(reversed));
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "flytec: error: " << e.what() << "\n"
              << "run 'flytec --help' for usage\n";
    return kExitUsage;
  }
  if (!action) return kExitUsage;
  try {
    return action();
  } catch (const std::exception& e) {
    std::cerr << "flytec: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
