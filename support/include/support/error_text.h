// The reason part of E0004's "cannot write 'PATH': REASON": an OS error as
// the diagnostics phrase it (lower-case first letter, no trailing period).
// It formats only; it reports nothing.
#pragma once

#include <string>
#include <system_error>

namespace flytec::support {

/// `strerror(err)` with a lower-case first letter, e.g. "no such file or directory".
std::string errnoReason(int err);

/// `ec.message()` with a lower-case first letter.
std::string errorReason(const std::error_code& ec);

}  // namespace flytec::support
