// `flytec explain CODE`: the catalogue's explanation of a diagnostic with its
// bad and good example (read from the source tree the binary was built from).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"

namespace flytec::driver {

namespace {

std::string readExample(std::string_view relPath) {
  std::ifstream in(std::string(FLYTEC_SOURCE_DIR) + "/" + std::string(relPath));
  if (!in) return "  (example not found: " + std::string(relPath) + ")\n";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string out, line;
  std::istringstream lines(ss.str());
  while (std::getline(lines, line)) {
    // RUN lines are the test harness's business, not the reader's.
    if (line.find("RUN:") != std::string::npos) continue;
    out += "    " + line + "\n";
  }
  return out;
}

int explain(const std::string& id) {
  auto code = parseDiagCode(id);
  if (!code) {
    std::cerr << "flytec: error: unknown diagnostic code '" << id
              << "'; `flytec check --list-diagnostics` lists them\n";
    return kExitUsage;
  }
  const DiagInfo& info = diagInfo(*code);
  std::cout << info.id << " (" << severityName(info.severity) << "): " << info.explanation << "\n\n"
            << "Message: " << info.format << "\n\n"
            << "Bad example (" << info.badExample << "):\n" << readExample(info.badExample) << "\n"
            << "Good example (" << info.goodExample << "):\n" << readExample(info.goodExample);
  return kExitOk;
}

}  // namespace

void registerExplainCommand(CommandContext ctx) {
  auto code = std::make_shared<std::string>();
  CLI::App* sub = ctx.app.add_subcommand("explain", "explain a diagnostic code with a bad and a good example");
  sub->add_option("code", *code, "a diagnostic code such as E0202")->required();
  sub->callback([code, &action = ctx.action] { action = [code] { return explain(*code); }; });
}

}  // namespace flytec::driver
