// Sources with their expectations inline, after clangd's Annotations: in the
// marked text `^` is a point (the cursor) and `[[` ... `]]` a range; both are
// removed from code(), and points and ranges are byte offsets into it.
// Sources that need `^`, `[[` or `]]` themselves (nested list types) cannot
// be written this way; none of the feature tests needs one.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flytec::lsp::test {

struct ByteRange {
  size_t begin = 0, end = 0;
  bool operator==(const ByteRange& o) const { return begin == o.begin && end == o.end; }
};

class Annotations {
 public:
  explicit Annotations(std::string_view marked) {
    std::vector<size_t> open;
    for (size_t i = 0; i < marked.size(); ++i) {
      if (marked[i] == '^') {
        points_.push_back(code_.size());
      } else if (marked.substr(i, 2) == "[[") {
        open.push_back(code_.size());
        ++i;
      } else if (marked.substr(i, 2) == "]]" && !open.empty()) {
        ranges_.push_back({open.back(), code_.size()});
        open.pop_back();
        ++i;
      } else {
        code_ += marked[i];
      }
    }
    if (!open.empty()) throw std::invalid_argument("annotations: unclosed [[");
  }

  const std::string& code() const { return code_; }
  /// The one point; throws unless there is exactly one.
  size_t point() const {
    if (points_.size() != 1) throw std::invalid_argument("annotations: want exactly one ^");
    return points_[0];
  }
  const std::vector<size_t>& points() const { return points_; }
  /// The one range; throws unless there is exactly one.
  ByteRange range() const {
    if (ranges_.size() != 1) throw std::invalid_argument("annotations: want exactly one [[ ]]");
    return ranges_[0];
  }
  /// Ranges in the order their `]]` appear (source order when not nested).
  const std::vector<ByteRange>& ranges() const { return ranges_; }

 private:
  std::string code_;
  std::vector<size_t> points_;
  std::vector<ByteRange> ranges_;
};

}  // namespace flytec::lsp::test
