// Unified diff for `flytec fmt --check` (unified_diff.h): split both texts
// into lines, run Myers' shortest edit script on what lies between the common
// prefix and suffix, then group the edits into hunks with 3 lines of context.
#include "unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace flytec::driver {

namespace {

constexpr size_t kContext = 3;

struct Line {
  std::string_view text;  ///< without the newline
  bool newline;           ///< ended by '\n' in the source
  bool operator==(const Line& o) const { return text == o.text && newline == o.newline; }
};

std::vector<Line> splitLines(std::string_view s) {
  std::vector<Line> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {
      out.push_back({s.substr(pos), false});
      break;
    }
    out.push_back({s.substr(pos, nl - pos), true});
    pos = nl + 1;
  }
  return out;
}

enum class Op : char { Keep = ' ', Del = '-', Add = '+' };

/// Myers' greedy shortest edit script between a[lo..] and b[lo..] ranges.
std::vector<Op> editScript(const std::vector<Line>& a, const std::vector<Line>& b) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  long n = static_cast<long>(a.size() - pre - suf), m = static_cast<long>(b.size() - pre - suf);
  auto A = [&](long i) -> const Line& { return a[pre + static_cast<size_t>(i)]; };
  auto B = [&](long j) -> const Line& { return b[pre + static_cast<size_t>(j)]; };

  std::vector<Op> middle;
  long maxD = n + m, off = maxD + 1;
  std::vector<long> v(static_cast<size_t>(2 * maxD + 3), 0);
  std::vector<std::vector<long>> trace;
  bool done = n == 0 && m == 0;
  for (long d = 0; d <= maxD && !done; ++d) {
    trace.push_back(v);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && A(x) == B(y)) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) { done = true; break; }
    }
  }
  trace.push_back(v);
  // Walk back from (n, m) through the saved frontiers.
  long x = n, y = m;
  for (long d = static_cast<long>(trace.size()) - 2; d >= 0 && (x > 0 || y > 0); --d) {
    const std::vector<long>& pv = trace[static_cast<size_t>(d)];
    long k = x - y;
    long prevK = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
    long prevX = d == 0 ? 0 : pv[off + prevK], prevY = prevX - prevK;
    while (x > prevX && y > prevY) { middle.push_back(Op::Keep); --x; --y; }
    if (d > 0) middle.push_back(x == prevX ? Op::Add : Op::Del);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) { middle.push_back(Op::Keep); --x; --y; }
  std::reverse(middle.begin(), middle.end());

  std::vector<Op> ops(pre, Op::Keep);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), suf, Op::Keep);
  return ops;
}

/// `START,COUNT` as GNU diff writes it: `,1` left out; an empty side
/// names the line before it.
std::string hunkRange(size_t before, size_t count) {
  if (count == 1) return fmt::format("{}", before + 1);
  return fmt::format("{},{}", count ? before + 1 : before, count);
}

}  // namespace

std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  std::vector<Line> a = splitLines(before), b = splitLines(after);
  std::vector<Op> ops = editScript(a, b);

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::Keep) { ++i; continue; }
    // A hunk: from kContext lines before this change to kContext after the
    // last change that is at most 2*kContext unchanged lines further on.
    size_t start = i >= kContext ? i - kContext : 0, end = i;
    while (end < ops.size()) {
      if (ops[end] != Op::Keep) { ++end; continue; }
      size_t run = end;
      while (run < ops.size() && ops[run] == Op::Keep) ++run;
      if (run == ops.size() || run - end > 2 * kContext) { end = std::min(run, end + kContext); break; }
      end = run;
    }
    size_t ai = 0, bi = 0;  // line numbers at `start`
    for (size_t k = 0; k < start; ++k) { ai += ops[k] != Op::Add; bi += ops[k] != Op::Del; }
    size_t aCount = 0, bCount = 0;
    for (size_t k = start; k < end; ++k) { aCount += ops[k] != Op::Add; bCount += ops[k] != Op::Del; }
    out += "@@ -" + hunkRange(ai, aCount) + " +" + hunkRange(bi, bCount) + " @@\n";
    for (size_t k = start; k < end; ++k) {
      const Line& l = ops[k] == Op::Add ? b[bi] : a[ai];
      out += static_cast<char>(ops[k]);
      out.append(l.text);
      out += '\n';
      if (!l.newline) out += "\\ No newline at end of file\n";
      if (ops[k] != Op::Add) ++ai;
      if (ops[k] != Op::Del) ++bi;
    }
    i = end;
  }
  return out;
}

}  // namespace flytec::driver
