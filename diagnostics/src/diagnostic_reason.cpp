// Expands diagnostic_reason_texts.def into the table behind reasonFormat.
// The only file that reads the wordings; each one's `{}` count is checked
// against its row in diagnostic_reasons.def.
#include "diagnostics/diagnostic_reason.h"

#include <fmt/args.h>

#include <cstddef>
#include <iterator>

#include "format_placeholders.h"

namespace flytec {
namespace {

struct ReasonText {
  ReasonId id;
  std::string_view format;
};
constexpr ReasonText kTexts[] = {
#define DIAG_REASON_TEXT(name, text) {ReasonId::name, text},
#include "diagnostics/diagnostic_reason_texts.def"
#undef DIAG_REASON_TEXT
};

constexpr std::size_t kReasonCount = 0
#define DIAG_REASON(name, args) +1
#include "diagnostics/diagnostic_reasons.def"
#undef DIAG_REASON
    ;
static_assert(std::size(kTexts) == kReasonCount,
              "diagnostic_reason_texts.def and diagnostic_reasons.def list different numbers of reasons");
constexpr bool textsInOrder() {
  for (std::size_t i = 0; i < std::size(kTexts); ++i)
    if (static_cast<std::size_t>(kTexts[i].id) != i) return false;
  return true;
}
static_assert(textsInOrder(), "diagnostic_reason_texts.def lists its reasons in another order than diagnostic_reasons.def");

constexpr ReasonInfo kReasons[] = {
#define DIAG_REASON(name, args) {#name, kTexts[static_cast<std::size_t>(ReasonId::name)].format, args},
#include "diagnostics/diagnostic_reasons.def"
#undef DIAG_REASON
};

#define DIAG_REASON(name, args)                                                             \
  static_assert(detail::placeholders(kTexts[static_cast<std::size_t>(ReasonId::name)].format) == (args), \
                "the wording of reason::" #name " does not have " #args " `{}`");
#include "diagnostics/diagnostic_reasons.def"
#undef DIAG_REASON

}  // namespace

std::span<const ReasonInfo> allReasons() { return kReasons; }

std::string_view reasonFormat(ReasonId id) { return kReasons[static_cast<std::size_t>(id)].format; }

std::optional<std::string> reasonTextByName(std::string_view name, const std::vector<std::string>& values) {
  for (const ReasonInfo& r : kReasons) {
    if (r.name != name) continue;
    if (r.args != values.size()) return std::nullopt;
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const auto& v : values) store.push_back(v);
    return fmt::vformat(r.format, store);
  }
  return std::nullopt;
}

}  // namespace flytec
