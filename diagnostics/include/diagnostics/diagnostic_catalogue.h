// The diagnostic catalogue as C++: the DiagCode enum and one DiagInfo row per
// code, both expanded from diagnostic_kinds.def. Lookup by code string is for
// `flytec explain`, `-Wno-CODE` and `-verify`. Nothing here formats messages.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace flytec {

enum class Severity { Error, Warning, Note };

/// One enumerator per catalogue row, named by its code (E0102, W0409, ...).
enum class DiagCode : unsigned {
#define DIAG(code, sev, msg, expl, bad, good) code,
#include "diagnostics/diagnostic_kinds.def"
#undef DIAG
};

/// A catalogue row.
struct DiagInfo {
  DiagCode code;
  std::string_view id;           ///< "E0102"
  Severity severity;             ///< default severity
  std::string_view format;       ///< fmt format string of the message
  std::string_view explanation;  ///< one line for users
  std::string_view badExample;   ///< path under the source root
  std::string_view goodExample;  ///< path under the source root
};

/// Every row, in catalogue order.
std::span<const DiagInfo> allDiagnostics();
/// The row of a code.
const DiagInfo& diagInfo(DiagCode code);
/// The code spelled `id` ("E0102"), if the catalogue has it.
std::optional<DiagCode> parseDiagCode(std::string_view id);
/// "error", "warning", "note".
std::string_view severityName(Severity s);

}  // namespace flytec
