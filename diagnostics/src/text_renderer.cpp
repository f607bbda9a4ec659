// Clang-style text rendering of Diagnostic objects; see text_renderer.h.
#include "diagnostics/text_renderer.h"

#include <fmt/format.h>

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

PresumedLoc presumedLoc(const BufferLocator& where, llvm::SMLoc loc) {
  PresumedLoc p;
  if (!loc.isValid()) return p;
  unsigned buf = where.find(loc);
  if (!buf) return p;
  const llvm::SourceMgr& sm = where.sourceMgr();
  p.file = sm.getMemoryBuffer(buf)->getBufferIdentifier().str();
  auto [line, col] = sm.getLineAndColumn(loc, buf);
  p.line = line;
  p.column = col;
  p.buffer = buf;
  return p;
}

namespace {

/// The text of the line holding `loc`, without its line terminator.
llvm::StringRef lineOf(const BufferLocator& where, llvm::SMLoc loc, const char** lineStart) {
  unsigned buf = where.find(loc);
  llvm::StringRef text = where.sourceMgr().getMemoryBuffer(buf)->getBuffer();
  size_t off = loc.getPointer() - text.data();
  size_t begin = text.rfind('\n', off == 0 ? 0 : off - 1);
  begin = (begin == llvm::StringRef::npos || off == 0) ? 0 : begin + 1;
  if (off > 0 && text[off - 1] == '\n') begin = off;
  size_t end = text.find('\n', off);
  if (end == llvm::StringRef::npos) end = text.size();
  llvm::StringRef line = text.slice(begin, end);
  if (line.endswith("\r")) line = line.drop_back();
  *lineStart = text.data() + begin;
  return line;
}

void header(llvm::raw_ostream& os, bool color, const std::string& where, Severity sev,
            llvm::StringRef message, llvm::StringRef id) {
  if (color) os.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  os << where << ": ";
  if (color) {
    auto c = sev == Severity::Error     ? llvm::raw_ostream::RED
             : sev == Severity::Warning ? llvm::raw_ostream::MAGENTA
                                        : llvm::raw_ostream::BLACK;
    os.changeColor(c, true);
  }
  os << severityName(sev) << ": ";
  if (color) os.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  os << message;
  if (!id.empty()) os << " [" << id << "]";
  if (color) os.resetColor();
  os << "\n";
}

std::string whereOf(const BufferLocator& where, llvm::SMRange range, const std::string& path) {
  if (!range.isValid()) return path.empty() ? std::string("flytec") : path;
  PresumedLoc p = presumedLoc(where, range.Start);
  return fmt::format("{}:{}:{}", p.file, p.line, p.column);
}

/// Source line with a caret under the start and tildes under the rest of the
/// range (clipped to the line). Lines that are not valid UTF-8 are not shown.
void snippet(const BufferLocator& where, llvm::SMRange range, llvm::raw_ostream& os, bool color) {
  if (!range.isValid()) return;
  const char* lineStart = nullptr;
  llvm::StringRef line = lineOf(where, range.Start, &lineStart);
  const auto* p = reinterpret_cast<const llvm::UTF8*>(line.data());
  if (!llvm::isLegalUTF8String(&p, reinterpret_cast<const llvm::UTF8*>(line.end()))) return;
  if (line.size() > 4096) return;  // a minified single-line file: no snippet
  os << line << "\n";
  size_t startCol = range.Start.getPointer() - lineStart;
  size_t endCol = range.End.getPointer() > range.Start.getPointer()
                      ? std::min<size_t>(range.End.getPointer() - lineStart, line.size())
                      : startCol + 1;
  std::string marker;
  for (size_t i = 0; i < startCol && i < line.size(); ++i) marker += line[i] == '\t' ? '\t' : ' ';
  // Count code points, not bytes, so the tildes line up under UTF-8 text.
  // A range at the end of a line (an unclosed bracket at end of file) starts
  // past the line's last byte: count only bytes of the line (found by test/fuzz).
  size_t width = 0;
  for (size_t i = startCol; i < endCol && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++width;
  marker += '^';
  if (width > 1) marker.append(width - 1, '~');
  if (color) os.changeColor(llvm::raw_ostream::GREEN, true);
  os << marker;
  if (color) os.resetColor();
  os << "\n";
}

std::string escapeFixit(llvm::StringRef s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}

}  // namespace

void renderText(const Diagnostic& diag, const BufferLocator& where, llvm::raw_ostream& os, bool color) {
  header(os, color, whereOf(where, diag.range, diag.path), diag.severity, diag.message, diag.id());
  snippet(where, diag.range, os, color);
  for (const DiagNote& note : diag.notes) {
    header(os, color, whereOf(where, note.range, note.path.empty() ? diag.path : note.path),
           Severity::Note, note.message, "");
    snippet(where, note.range, os, color);
  }
  for (const FixIt& fix : diag.fixits) {
    if (!fix.range.isValid()) continue;
    PresumedLoc b = presumedLoc(where, fix.range.Start);
    PresumedLoc e = presumedLoc(where, fix.range.End);
    // Certain fix-its keep clang's parseable form (tools may apply them, as
    // `--fixit` does); a suggestion that needs a person's judgement says so.
    os << fmt::format("{}fix-it:\"{}\":{{{}:{}-{}:{}}}:\"{}\"\n", fix.certain ? "" : "suggested ", b.file,
                      b.line, b.column, e.line, e.column, escapeFixit(fix.replacement));
  }
}

void renderSummary(unsigned errors, unsigned warnings, llvm::raw_ostream& os) {
  if (!errors && !warnings) return;
  std::string s;
  if (warnings) s += fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s");
  if (warnings && errors) s += " and ";
  if (errors) s += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
  os << s << " generated.\n";
}

}  // namespace flytec
