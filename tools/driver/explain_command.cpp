// `flytec explain CODE`: the catalogue's explanation of a diagnostic with its
// bad and good example (read from the source tree the binary was built from).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "command.h"
#include "diagnostics/diagnostic_catalogue.h"
#include "diagnostics/diagnostic_reason.h"

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

/// The names a call site reports `code` by: its own message's first, then
/// the variants', as "diag::NAME" with the message format.
std::vector<const DiagMessageInfo*> messagesOf(DiagCode code) {
  std::vector<const DiagMessageInfo*> out;
  for (const DiagMessageInfo& m : allMessages())
    if (m.code == code) out.push_back(&m);
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
            << "Message: " << info.format << "\n";
  std::vector<const DiagMessageInfo*> messages = messagesOf(*code);
  std::cout << "Reported as: diag::" << messages.front()->name << "\n";
  for (size_t i = 1; i < messages.size(); ++i)
    std::cout << "  or diag::" << messages[i]->name << ": " << messages[i]->format << "\n";
  std::cout << "\n"
            << "Bad example (" << info.badExample << "):\n" << indent(readExample(info.badExample)) << "\n"
            << "Good example (" << info.goodExample << "):\n" << indent(readExample(info.goodExample));
  return kExitOk;
}

/// `text` as one cell of a Markdown table: `|` escaped, a line break
/// written `\n`.
std::string tableCell(std::string_view text) {
  std::string cell;
  for (char c : text) cell += c == '|' ? std::string("\\|") : c == '\n' ? std::string("\\n") : std::string(1, c);
  return cell;
}

void printDiagnostics();
void printReasons();

/// docs/diagnostics.md, generated: the checklist, every row, then the reasons.
int markdown() {
  std::cout << "# Diagnostics\n\n"
            << "Generated from `diagnostics/include/diagnostics/diagnostic_codes.def`,\n"
            << "`diagnostic_kinds.def` and the reasons' `diagnostic_reasons.def` by\n"
            << "`flytec explain --markdown > docs/diagnostics.md`; `test/docs/diagnostics-doc.test`\n"
            << "fails when this file drifts from the catalogue.\n\n"
            << "Codes are `E` (error) or `W` (warning) and four digits; the first two are the family:\n"
            << "00 driver and I/O, 01 syntax, 02 names and imports, 03 types and task fields, 04 map,\n"
            << "05 resources, 06 Dask, 07 workflow graph, 08 launch plans, 09 packages, 10 runtime,\n"
            << "11 cluster profile.\n"
            << "`flytec explain CODE` prints one entry; `flytec check --list-diagnostics` lists them all.\n\n"
            << "## Adding a diagnostic\n\n"
            << "1. Add a row to `diagnostics/include/diagnostics/diagnostic_codes.def` in its family:\n"
            << "   `DIAG_CODE(E0123, err_what_is_wrong, N)`: the code (never reused), the name call sites\n"
            << "   report it by (`err_` or `warn_`, saying what is wrong) and how many values its message takes.\n"
            << "2. Add the row for the same code, at the same place, to `diagnostic_kinds.def`: severity,\n"
            << "   message (lower-case, no period, code in backticks, found / rule / `;` hint), one-line\n"
            << "   explanation (say when the check is stricter than Flyte), bad and good example paths.\n"
            << "   The message has its own wording: each `{}` is a value (a name, a path, a type, a number),\n"
            << "   never a clause the call site writes. A case that needs other words (a hint that only\n"
            << "   applies sometimes) is a variant: `DIAG_VARIANT(E0123, err_other_case, N)` after the\n"
            << "   code's row in `diagnostic_codes.def` and `DIAG_MESSAGE(err_other_case, \"...\")` after\n"
            << "   its row in `diagnostic_kinds.def`; same code, own name and message. The build checks\n"
            << "   that both files list the same codes and variants in the same order and that each\n"
            << "   message has as many `{}` as its row says.\n"
            << "3. Emit it with `diags.report(diag::err_what_is_wrong, range, args...)`: a call with another\n"
            << "   number of arguments does not compile. Add notes and fix-its there; a closest-name guess\n"
            << "   goes through `.didYouMean(best)` (nothing when `best` is empty). Code that finds the\n"
            << "   problem away from the report (a reader, an executor) returns what went wrong as a\n"
            << "   reason and values, never a sentence; the reporting site picks the variant for it.\n"
            << "   Where the same why fills the slot of several messages, or nests inside another why (a\n"
            << "   value's \"element 2: expected an integer, found `x`\", a task's failure), it is a\n"
            << "   [reason](#reasons): a row `DIAG_REASON(name, N)` in `diagnostic_reasons.def` and its\n"
            << "   wording in `diagnostic_reason_texts.def`, in the same order; code writes\n"
            << "   `reasonText(reason::name, values...)` (checked like a report) and the Dask bridge sends\n"
            << "   the reason's name and values. A note is a reason too:\n"
            << "   `.note(range, reason::note_declared_here, name)`.\n"
            << "4. Write the bad example as a lit test that *emits* the code (a `-verify` `.flyte`, or a\n"
            << "   `.test` whose CHECK lines match `[CODE]`) and the good one as a near-miss;\n"
            << "   `test/docs/catalogue-coverage.test` runs the bad `.flyte` examples to check it.\n"
            << "5. Regenerate this file: `build/tools/flytec explain --markdown > docs/diagnostics.md`.\n"
            << "   Rewording a message rebuilds only `diagnostic_catalogue.cpp`; a new code or name\n"
            << "   rebuilds everything that reports diagnostics.\n\n"
            << "| code | severity | message |\n|---|---|---|\n";
  for (const DiagInfo& info : allDiagnostics()) {
    std::cout << "| [" << info.id << "](#" << info.id << ") | " << severityName(info.severity) << " | "
              << tableCell(info.format) << " |\n";
  }
  printDiagnostics();
  printReasons();
  return kExitOk;
}

/// The catalogue's rows, one section each.
void printDiagnostics() {
  for (const DiagInfo& info : allDiagnostics()) {
    std::cout << "\n## " << info.id << "\n\n"
              << "**" << severityName(info.severity) << "**: " << info.explanation << "\n\n"
              << "Message: `" << info.format << "`\n\n";
    std::vector<const DiagMessageInfo*> messages = messagesOf(info.code);
    std::cout << "Reported as `diag::" << messages.front()->name << "`";
    for (size_t i = 1; i < messages.size(); ++i)
      std::cout << (i == 1 ? "; variants:\n\n" : "") << "- `diag::" << messages[i]->name << "`: `"
                << messages[i]->format << "`\n";
    std::cout << (messages.size() == 1 ? ".\n\n" : "\n")
              << "Bad (`" << info.badExample << "`):\n\n```\n" << readExample(info.badExample) << "```\n\n"
              << "Good (`" << info.goodExample << "`):\n\n```\n" << readExample(info.goodExample) << "```\n";
  }
}

/// The reasons that fill a message's why: name and wording.
void printReasons() {
  std::cout << "\n## Reasons\n\n"
            << "The words for why something failed that several messages share or nest (the `{}` after\n"
            << "`failed on attempt N:` in E1007, the value's problem in E1001), and the notes that point\n"
            << "at a diagnostic's other half (`note_...`: \"`x` first declared here\"). A `{}` is a value;\n"
            << "the last one may hold another reason.\n\n"
            << "| reason | wording |\n|---|---|\n";
  for (const ReasonInfo& r : allReasons()) {
    // Double backticks: a wording may itself start or end with one.
    std::cout << "| `" << r.name << "` | `` " << tableCell(r.format) << " `` |\n";
  }
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
