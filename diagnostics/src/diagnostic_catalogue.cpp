// Expands diagnostic_kinds.def into the table behind the catalogue API.
#include "diagnostics/diagnostic_catalogue.h"

#include <algorithm>
#include <array>

namespace flytec {
namespace {
constexpr DiagInfo kTable[] = {
#define DIAG(code, sev, msg, expl, bad, good) \
  {DiagCode::code, #code, Severity::sev, msg, expl, bad, good},
#include "diagnostics/diagnostic_kinds.def"
#undef DIAG
};
}  // namespace

std::span<const DiagInfo> allDiagnostics() { return kTable; }

const DiagInfo& diagInfo(DiagCode code) { return kTable[static_cast<unsigned>(code)]; }

std::optional<DiagCode> parseDiagCode(std::string_view id) {
  for (const DiagInfo& info : kTable)
    if (info.id == id) return info.code;
  return std::nullopt;
}

std::string_view severityName(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

}  // namespace flytec
