// Conversions between the byte offsets the front end uses and LSP positions
// (zero-based line, UTF-16 code units within the line). This is the only
// place UTF-16 appears: everything below the LSP layer works in bytes.
// Offsets past the end clamp to the end; a position inside a UTF-16 pair or
// past a line's end clamps to the nearest valid byte, as clients expect.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace flytec::lsp {

struct Position;

/// Line starts of one text; cheap to build (one pass), built per request.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  /// Byte offset -> LSP position.
  Position position(size_t offset) const;
  /// LSP position -> byte offset (clamped into the text).
  size_t offset(const Position& pos) const;

  size_t lineCount() const { return starts_.size(); }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

/// UTF-16 code units in the UTF-8 text `s` (invalid bytes count as one unit).
size_t utf16Length(std::string_view s);

}  // namespace flytec::lsp
