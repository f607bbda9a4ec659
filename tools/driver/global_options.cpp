// GlobalOptions (command.h): --color, --format, warning control, --max-errors.
#include <unistd.h>

#include <iostream>

#include "command.h"

namespace flytec::driver {

OutputFormat GlobalOptions::outputFormat() const {
  if (format == "json") return OutputFormat::Json;
  if (format == "sarif") return OutputFormat::Sarif;
  return OutputFormat::Text;
}

bool GlobalOptions::useColor() const {
  if (color == "always") return true;
  if (color == "never") return false;
  return ::isatty(STDERR_FILENO) != 0;
}

DiagnosticOptions GlobalOptions::diagnosticOptions(bool* ok) const {
  DiagnosticOptions opts;
  *ok = true;
  opts.allWarningsAreErrors = werror;
  opts.maxErrors = maxErrors;
  auto resolve = [&](const std::string& id, std::set<DiagCode>& into) {
    if (auto code = parseDiagCode(id)) {
      if (diagInfo(*code).severity != Severity::Warning) {
        std::cerr << "flytec: error: '" << id << "' is an error, not a warning\n";
        *ok = false;
      }
      into.insert(*code);
    } else {
      std::cerr << "flytec: error: unknown diagnostic code '" << id << "'\n";
      *ok = false;
    }
  };
  for (const std::string& id : wnoCodes) resolve(id, opts.disabled);
  for (const std::string& id : werrorCodes) resolve(id, opts.promoted);
  return opts;
}

/// Adds the common flags to a subcommand.
void addGlobalFlags(CLI::App* sub, GlobalOptions& g);

}  // namespace flytec::driver
