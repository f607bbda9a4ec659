// Reasons: the catalogue's wordings of why something failed, for the one
// slot of a message that says why (`node `n` failed on attempt 1: {}`), when
// the same why is said by several messages or nests inside another why
// (a literal's "element 2: expected an integer, found `x`", a task failure
// whose outputs do not parse). A case of one message is a DIAG_VARIANT
// instead (diagnostic_codes.def).
//
// The names and argument counts are in diagnostic_reasons.def, the wordings
// in diagnostic_reason_texts.def (read only by diagnostic_reason.cpp, so
// rewording one rebuilds that file); the build checks each wording's `{}`
// count. Code that finds the problem writes `reasonText(reason::x, a, b)`,
// never a sentence of its own.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flytec {

/// One enumerator per row of diagnostic_reasons.def.
enum class ReasonId : unsigned {
#define DIAG_REASON(name, args) name,
#include "diagnostics/diagnostic_reasons.def"
#undef DIAG_REASON
};

/// A reason and, in the type, how many values its wording takes.
template <unsigned Args>
struct ReasonKind {
  ReasonId id;
  static constexpr unsigned kArgs = Args;
};

/// `reason::expected_but_found` and so on: one constant per row.
namespace reason {
#define DIAG_REASON(name, args) inline constexpr ReasonKind<args> name{ReasonId::name};
#include "diagnostics/diagnostic_reasons.def"
#undef DIAG_REASON
}  // namespace reason

/// A reason's row: its name and fmt wording.
struct ReasonInfo {
  std::string_view name;    ///< "expected_but_found", as in `reason::`
  std::string_view format;  ///< fmt format string
  unsigned args;            ///< how many values it takes
};

/// Every reason, indexed by ReasonId.
std::span<const ReasonInfo> allReasons();
/// The wording of a reason.
std::string_view reasonFormat(ReasonId id);

/// The text of the reason named `name` with `values`, for a reason that
/// arrives as data from another process (the Dask bridge); nullopt when no
/// reason has that name or its wording takes another number of values.
std::optional<std::string> reasonTextByName(std::string_view name, const std::vector<std::string>& values);

/// The text of `kind` with `args`: what a message's reason slot holds. A
/// call with another number of values than the wording takes does not
/// compile.
template <unsigned N, typename... Args>
std::string reasonText(ReasonKind<N> kind, Args&&... args) {
  static_assert(sizeof...(Args) == N, "this reason's wording takes another number of values");
  return fmt::format(fmt::runtime(reasonFormat(kind.id)), std::forward<Args>(args)...);
}

}  // namespace flytec
