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
    out += line + "\n";
  }
  return out;
}

std::string indent(const std::string& text) {
  std::string out, line;
  std::istringstream lines(text);
  while (std::getline(lines, line)) out += "    " + line + "\n";
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
            << "Bad example (" << info.badExample << "):\n" << indent(readExample(info.badExample)) << "\n"
            << "Good example (" << info.goodExample << "):\n" << indent(readExample(info.goodExample));
  return kExitOk;
}

/// docs/diagnostics.md, generated: the checklist, then every row.
int markdown() {
  std::cout << "# Diagnostics\n\n"
            << "Generated from `diagnostics/include/diagnostics/diagnostic_kinds.def` by\n"
            << "`flytec explain --markdown > docs/diagnostics.md`; `test/docs/diagnostics-doc.test`\n"
            << "fails when this file drifts from the catalogue.\n\n"
            << "Codes are `E` (error) or `W` (warning) and four digits; the first two are the family:\n"
            << "00 driver and I/O, 01 syntax, 02 names and imports, 03 types and task fields, 04 map,\n"
            << "05 resources, 06 Dask, 07 workflow graph, 08 launch plans, 09 packages, 10 runtime,\n"
            << "11 cluster profile.\n"
            << "`flytec explain CODE` prints one entry; `flytec check --list-diagnostics` lists them all.\n\n"
            << "## Adding a diagnostic\n\n"
            << "1. Add a row to `diagnostic_kinds.def` in its family: code (never reused), severity,\n"
            << "   message (lower-case, no period, code in backticks, found / rule / `;` hint),\n"
            << "   one-line explanation (say when the check is stricter than Flyte), bad and good example paths.\n"
            << "2. Emit it with `diags.report(DiagCode::CODE, range, args...)`; add notes and fix-its there.\n"
            << "3. Write the bad example as a `-verify` test that triggers it and the good one as a near-miss.\n"
            << "4. Regenerate this file: `build/tools/flytec explain --markdown > docs/diagnostics.md`.\n\n"
            << "| code | severity | message |\n|---|---|---|\n";
  for (const DiagInfo& info : allDiagnostics()) {
    std::string msg(info.format);
    for (size_t p = 0; (p = msg.find("|", p)) != std::string::npos; p += 2) msg.replace(p, 1, "\\|");
    std::cout << "| [" << info.id << "](#" << info.id << ") | " << severityName(info.severity) << " | "
              << msg << " |\n";
  }
  for (const DiagInfo& info : allDiagnostics()) {
    std::cout << "\n## " << info.id << "\n\n"
              << "**" << severityName(info.severity) << "**: " << info.explanation << "\n\n"
              << "Message: `" << info.format << "`\n\n"
              << "Bad (`" << info.badExample << "`):\n\n```\n" << readExample(info.badExample) << "```\n\n"
              << "Good (`" << info.goodExample << "`):\n\n```\n" << readExample(info.goodExample) << "```\n";
  }
  return kExitOk;
}

}  // namespace

void registerExplainCommand(CommandContext ctx) {
  auto code = std::make_shared<std::string>();
  auto md = std::make_shared<bool>(false);
  CLI::App* sub = ctx.app.add_subcommand("explain", "explain a diagnostic code with a bad and a good example");
  sub->add_option("code", *code, "a diagnostic code such as E0202");
  sub->add_flag("--markdown", *md, "print the whole catalogue as docs/diagnostics.md");
  sub->callback([code, md, &action = ctx.action] {
    action = [code, md] {
      if (*md) return markdown();
      if (code->empty()) {
        std::cerr << "flytec: error: explain needs a CODE (or --markdown)\n";
        return int(kExitUsage);
      }
      return explain(*code);
    };
  });
}

}  // namespace flytec::driver
