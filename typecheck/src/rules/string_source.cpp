// Decoded-offset to source mapping for string literals; see string_source.h.
// The escape walk follows decodeStringLiteral (frontend/src/lexer.cpp).
#include "rules/string_source.h"

#include <cctype>

namespace flytec::tc {

namespace {

size_t utf8Length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

}  // namespace

StringSource::StringSource(const ast::StringExpr& s) : lit_(s) {
  if (!s.contentRange.isValid()) return;
  const char* b = s.contentRange.Start.getPointer();
  const char* e = s.contentRange.End.getPointer();
  if (!b || !e || e < b) return;
  std::vector<const char*> ptrs;
  ptrs.reserve(s.value.size() + 1);
  if (s.raw) {
    for (const char* p = b; p < e; ++p) ptrs.push_back(p);
  } else {
    for (const char* p = b; p < e; ++p) {
      if (*p != '\\' || p + 1 >= e) { ptrs.push_back(p); continue; }
      char n = p[1];
      if (n == 'n' || n == 't' || n == '"' || n == '\\') { ptrs.push_back(p); ++p; continue; }
      if (n == 'u' && p + 2 < e && p[2] == '{') {
        const char* close = p + 3;
        uint32_t cp = 0;
        bool ok = true;
        while (close < e && *close != '}') {
          if (!std::isxdigit(static_cast<unsigned char>(*close))) ok = false;
          else cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(*close))
                                                        ? *close - '0'
                                                        : std::tolower(*close) - 'a' + 10);
          ++close;
        }
        size_t digits = close - (p + 3);
        if (close < e && ok && digits > 0 && digits <= 8 && cp <= 0x10FFFF) {
          for (size_t k = 0; k < utf8Length(cp); ++k) ptrs.push_back(p);
          p = close;
          continue;
        }
      }
      ptrs.push_back(p);  // an unknown escape keeps its backslash
    }
  }
  if (ptrs.size() != s.value.size()) return;  // out of step with the decoder: fall back
  ptrs.push_back(e);
  ptrs_ = std::move(ptrs);
}

llvm::SMRange StringSource::range(size_t begin, size_t end) const {
  if (ptrs_.empty() || begin >= ptrs_.size() || end >= ptrs_.size() || end < begin) return lit_.range;
  return {llvm::SMLoc::getFromPointer(ptrs_[begin]), llvm::SMLoc::getFromPointer(ptrs_[end])};
}

std::string StringSource::sourceText(size_t begin, size_t end) const {
  llvm::SMRange r = range(begin, end);
  return std::string(r.Start.getPointer(), r.End.getPointer());
}

}  // namespace flytec::tc
