// See error_text.h.
#include "support/error_text.h"

#include <cstring>

namespace flytec::support {

namespace {

std::string lowerFirst(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

}  // namespace

std::string errnoReason(int err) { return lowerFirst(std::strerror(err)); }

std::string errorReason(const std::error_code& ec) { return lowerFirst(ec.message()); }

}  // namespace flytec::support
