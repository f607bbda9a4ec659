// Expands diagnostic_kinds.def into the table behind the catalogue API. This
// is the only file that reads the messages and explanations, so rewording
// one rebuilds this file alone. Each message's `{}` count is checked here
// against the argument count of its name in diagnostic_codes.def.
#include "diagnostics/diagnostic_catalogue.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "format_placeholders.h"

namespace flytec {
namespace {
constexpr DiagInfo kTable[] = {
#define DIAG(code, sev, msg, expl, bad, good) \
  {DiagCode::code, #code, Severity::sev, msg, expl, bad, good},
#define DIAG_MESSAGE(name, msg)
#include "diagnostics/diagnostic_kinds.def"
#undef DIAG_MESSAGE
#undef DIAG
};

struct VariantMessage {
  DiagMessage message;
  std::string_view format;
};
constexpr VariantMessage kVariants[] = {
#define DIAG(code, sev, msg, expl, bad, good)
#define DIAG_MESSAGE(name, msg) {DiagMessage::name, msg},
#include "diagnostics/diagnostic_kinds.def"
#undef DIAG_MESSAGE
#undef DIAG
    {DiagMessage{}, ""},  // keeps the array non-empty while there are no variants
};

constexpr std::size_t kCodeCount = 0
#define DIAG_CODE(code, name, args) +1
#define DIAG_VARIANT(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
    ;

// The table is indexed by DiagCode: both lists must hold the same codes in
// the same order.
static_assert(std::size(kTable) == kCodeCount,
              "diagnostic_kinds.def and diagnostic_codes.def list different numbers of codes");
constexpr bool tableInCodeOrder() {
  for (std::size_t i = 0; i < std::size(kTable); ++i)
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  for (std::size_t i = 0; i + 1 < std::size(kVariants); ++i)
    if (static_cast<std::size_t>(kVariants[i].message) != kCodeCount + i) return false;
  return true;
}
static_assert(tableInCodeOrder(),
              "diagnostic_kinds.def lists its codes or DIAG_MESSAGE rows in another order than diagnostic_codes.def");

constexpr std::string_view formatOf(DiagMessage message) {
  auto i = static_cast<std::size_t>(message);
  return i < kCodeCount ? kTable[i].format : kVariants[i - kCodeCount].format;
}

constexpr DiagMessageInfo kMessages[] = {
#define DIAG_CODE(code, name, args) {DiagCode::code, #name, formatOf(DiagMessage::name)},
#define DIAG_VARIANT(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
#define DIAG_CODE(code, name, args)
#define DIAG_VARIANT(code, name, args) {DiagCode::code, #name, formatOf(DiagMessage::name)},
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
};

#define DIAG_CODE(code, name, args)                                   \
  static_assert(detail::placeholders(formatOf(DiagMessage::name)) == (args), \
                "the message of " #code " (diag::" #name ") does not have " #args " `{}`");
#define DIAG_VARIANT(code, name, args) DIAG_CODE(code, name, args)
#include "diagnostics/diagnostic_codes.def"
#undef DIAG_VARIANT
#undef DIAG_CODE
}  // namespace

std::span<const DiagInfo> allDiagnostics() { return kTable; }

const DiagInfo& diagInfo(DiagCode code) { return kTable[static_cast<unsigned>(code)]; }

std::span<const DiagMessageInfo> allMessages() { return kMessages; }

std::string_view messageFormat(DiagMessage message) { return formatOf(message); }

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
