// The diagnostic catalogue as C++: the DiagCode enum and the `diag::` names
// call sites report, both expanded from the codes-only list
// diagnostic_codes.def, and the lookup of the rows of diagnostic_kinds.def
// (messages, explanations, examples), which only diagnostic_catalogue.cpp
// expands. Lookup by code string is for `flytec explain`, `-Wno-CODE` and
// `-verify`. Nothing here formats messages.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace flytec {

enum class Severity { Error, Warning, Note };

/// One enumerator per catalogue row, named by its code (E0102, W0409, ...):
/// what users, baselines and warning flags see.
enum class DiagCode : unsigned {
#define DIAG_CODE(code, name, args) code,
#define DIAG_VARIANT(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
};

/// One enumerator per message: first each code's own message, in DiagCode
/// order (so a code's own message has the code's value), then the variants,
/// messages of a code for a case with its own wording.
enum class DiagMessage : unsigned {
#define DIAG_CODE(code, name, args) name,
#define DIAG_VARIANT(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
#define DIAG_CODE(code, name, args)
#define DIAG_VARIANT(code, name, args) name,
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
};

/// What a call site reports: a code, the message to format and, in the
/// type, how many arguments that message takes, so that a call with the
/// wrong number does not compile (DiagnosticEngine::report).
template <unsigned Args>
struct DiagKind {
  DiagCode code;
  DiagMessage message;
  static constexpr unsigned kArgs = Args;
};

/// `diag::err_map_input_not_list` and so on: one constant per row of
/// diagnostic_codes.def.
namespace diag {
#define DIAG_CODE(code, name, args) \
  inline constexpr DiagKind<args> name{DiagCode::code, DiagMessage::name};
#define DIAG_VARIANT(code, name, args) DIAG_CODE(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
}  // namespace diag

/// A catalogue row.
struct DiagInfo {
  DiagCode code;
  std::string_view id;           ///< "E0102"
  Severity severity;             ///< default severity
  std::string_view format;       ///< fmt format string of the code's own message
  std::string_view explanation;  ///< one line for users
  std::string_view badExample;   ///< path under the source root
  std::string_view goodExample;  ///< path under the source root
};

/// A message: a code's own (its DiagInfo::format) or a variant.
struct DiagMessageInfo {
  DiagCode code;
  std::string_view name;    ///< "err_map_input_not_list", as in `diag::`
  std::string_view format;  ///< fmt format string
};

/// Every row, in catalogue order.
std::span<const DiagInfo> allDiagnostics();
/// Every message, indexed by DiagMessage: the codes' own, then the variants.
std::span<const DiagMessageInfo> allMessages();
/// The row of a code.
const DiagInfo& diagInfo(DiagCode code);
/// The fmt format string of a message (a code's own or a variant).
std::string_view messageFormat(DiagMessage message);
/// The code spelled `id` ("E0102"), if the catalogue has it.
std::optional<DiagCode> parseDiagCode(std::string_view id);
/// "error", "warning", "note".
std::string_view severityName(Severity s);

}  // namespace flytec
