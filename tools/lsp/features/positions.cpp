// UTF-8 byte offsets <-> LSP (line, UTF-16 unit) positions; see positions.h.
#include "positions.h"

#include <algorithm>
#include <cstring>

#include "protocol.h"

namespace flytec::lsp {

namespace {

/// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid).
size_t sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

size_t utf16Length(std::string_view s) {
  size_t units = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = std::min(sequenceLength(static_cast<unsigned char>(s[i])), s.size() - i);
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); p < end;) {
    const char* newline = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
    if (!newline) break;
    p = newline + 1;
    starts_.push_back(size_t(p - text.data()));
  }
}

Position LineIndex::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  size_t line = std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin() - 1;
  std::string_view prefix = text_.substr(starts_[line], offset - starts_[line]);
  return Position{static_cast<int>(line), static_cast<int>(utf16Length(prefix))};
}

size_t LineIndex::offset(const Position& pos) const {
  if (pos.line < 0) return 0;
  if (static_cast<size_t>(pos.line) >= starts_.size()) return text_.size();
  size_t begin = starts_[pos.line];
  size_t end = static_cast<size_t>(pos.line) + 1 < starts_.size() ? starts_[pos.line + 1] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;  // CRLF: the \r is not part of the line
  size_t units = 0;
  size_t i = begin;
  while (i < end && units < static_cast<size_t>(std::max(pos.character, 0))) {
    size_t n = std::min(sequenceLength(static_cast<unsigned char>(text_[i])), end - i);
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return i;
}

}  // namespace flytec::lsp
