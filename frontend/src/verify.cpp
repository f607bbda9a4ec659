// -verify: directive parsing and matching; see verify.h.
#include "frontend/verify.h"

#include <charconv>
#include <fmt/format.h>

#include <regex>

#include "diagnostics/text_renderer.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec {

namespace {

struct Expectation {
  Severity severity;
  bool regex = false;
  unsigned buffer = 0;
  unsigned line = 0;
  unsigned count = 1;
  std::string code;   // empty for notes
  std::string text;
  unsigned seen = 0;
  llvm::SMLoc where;  // the directive, for messages
};

struct Seen {
  Severity severity;
  unsigned buffer;
  unsigned line;
  std::string code;
  std::string message;
  std::string where;
  bool matched = false;
};

bool matches(const Expectation& e, const Seen& s) {
  if (e.severity != s.severity || e.buffer != s.buffer || e.line != s.line) return false;
  if (!e.code.empty() && e.code != s.code) return false;
  if (!e.regex) return s.message.find(e.text) != std::string::npos;
  try {
    return std::regex_search(s.message, std::regex(e.text, std::regex::extended));
  } catch (const std::regex_error&) {
    return false;
  }
}

/// Parses the directives in one buffer. Returns false if a directive is malformed.
void parseDirectives(const llvm::SourceMgr& sm, unsigned buf, std::vector<Expectation>& out,
                     bool& noDiagnostics, DiagnosticEngine& errors) {
  llvm::StringRef text = sm.getMemoryBuffer(buf)->getBuffer();
  static const std::regex kDirective(
      R"(expected-(error|warning|note)(-re)?(@([+-]?)([0-9]+))?[ \t]*([0-9]+)?[ \t]*([EW][0-9]{4})?[ \t]*\{\{(.*?)\}\})");
  unsigned lineNo = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == llvm::StringRef::npos) eol = text.size();
    llvm::StringRef line = text.slice(pos, eol);
    ++lineNo;
    size_t hash = line.find('#');
    if (hash != llvm::StringRef::npos && line.find("expected-", hash) != llvm::StringRef::npos) {
      std::string comment = line.substr(hash).str();
      if (comment.find("expected-no-diagnostics") != std::string::npos) noDiagnostics = true;
      size_t found = 0;
      for (auto it = std::sregex_iterator(comment.begin(), comment.end(), kDirective);
           it != std::sregex_iterator(); ++it, ++found) {
        const std::smatch& m = *it;
        Expectation e;
        e.severity = m[1] == "error" ? Severity::Error : m[1] == "warning" ? Severity::Warning : Severity::Note;
        e.regex = m[2].matched;
        e.buffer = buf;
        e.line = lineNo;
        // Line offsets and counts come from the source: a number too large
        // for `unsigned` must be a directive error, not std::stoul's
        // uncaught out_of_range (found by test/fuzz).
        auto number = [](const std::string& digits, bool* ok) {
          unsigned v = 0;
          auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
          if (ec != std::errc() || p != digits.data() + digits.size()) *ok = false;
          return v;
        };
        bool numbersOk = true;
        if (m[3].matched) {
          unsigned n = number(m[5], &numbersOk);
          if (m[4] == "+") e.line = lineNo + n;
          else if (m[4] == "-") e.line = lineNo > n ? lineNo - n : 0;
          else e.line = n;
        }
        if (m[6].matched) e.count = number(m[6], &numbersOk);
        e.code = m[7];
        e.text = m[8];
        const char* at = line.data() + hash + m.position(0);
        e.where = llvm::SMLoc::getFromPointer(at);
        llvm::SMRange r(e.where, llvm::SMLoc::getFromPointer(at + m.length(0)));
        if (!numbersOk)
          errors.report(diag::err_expected_directive_number_too_large, r);
        else if (e.severity != Severity::Note && e.code.empty())
          errors.report(diag::err_expected_directive_without_code, r);
        else if (e.severity == Severity::Note && !e.code.empty())
          errors.report(diag::err_expected_note_with_code, r);
        else if (e.regex) {
          try { std::regex test(e.text, std::regex::extended); }
          catch (const std::regex_error&) { errors.report(diag::err_expected_directive_bad_regex, r); }
        }
        out.push_back(std::move(e));
      }
      // "expected-" with no well-formed directive (and not no-diagnostics).
      size_t mentions = 0;
      for (size_t p = comment.find("expected-"); p != std::string::npos; p = comment.find("expected-", p + 1))
        ++mentions;
      bool hasNone = comment.find("expected-no-diagnostics") != std::string::npos;
      if (found + (hasNone ? 1 : 0) < mentions) {
        const char* at = line.data() + hash;
        errors.report(diag::err_malformed_expected_directive,
                      llvm::SMRange(llvm::SMLoc::getFromPointer(at), llvm::SMLoc::getFromPointer(line.end())));
      }
    }
    if (eol == text.size()) break;
    pos = eol + 1;
  }
}

}  // namespace

bool verifyDiagnostics(const std::vector<Diagnostic>& reported, const llvm::SourceMgr& sm,
                       llvm::raw_ostream& os, DiagnosticEngine& directiveErrors) {
  std::vector<Expectation> expected;
  bool noDiagnostics = false;
  for (unsigned buf = 1; buf <= sm.getNumBuffers(); ++buf)
    parseDirectives(sm, buf, expected, noDiagnostics, directiveErrors);
  if (directiveErrors.hasErrors()) return false;

  std::vector<Seen> seen;
  const BufferLocator where(sm);
  auto add = [&](Severity sev, llvm::SMRange range, const std::string& path, std::string code,
                 const std::string& message) {
    Seen s{sev, 0, 0, std::move(code), message, path, false};
    if (range.isValid()) {
      PresumedLoc p = presumedLoc(where, range.Start);
      s.buffer = p.buffer;
      s.line = p.line;
      s.where = fmt::format("{}:{}", p.file, p.line);
    }
    seen.push_back(std::move(s));
  };
  for (const Diagnostic& d : reported) {
    add(d.severity, d.range, d.path, std::string(d.id()), d.message);
    for (const DiagNote& n : d.notes) add(Severity::Note, n.range, n.path, "", n.message);
  }

  for (Expectation& e : expected)
    for (Seen& s : seen)
      if (!s.matched && e.seen < e.count && matches(e, s)) {
        s.matched = true;
        ++e.seen;
      }

  bool ok = true;
  if (expected.empty() && !noDiagnostics && seen.empty()) {
    os << "error: no expected directives found: use '# expected-no-diagnostics'\n";
    ok = false;
  }
  for (Severity sev : {Severity::Error, Severity::Warning, Severity::Note}) {
    std::string name(severityName(sev));
    std::string missing, unexpected;
    for (const Expectation& e : expected)
      if (e.severity == sev && e.seen < e.count) {
        PresumedLoc p = presumedLoc(where, e.where);
        missing += fmt::format("  File {} Line {}{}{}: {}{}\n", p.file, e.line,
                               e.code.empty() ? "" : " ", e.code.empty() ? "" : "[" + e.code + "]",
                               e.text, e.count > 1 ? fmt::format(" (expected {}, seen {})", e.count, e.seen) : "");
      }
    for (const Seen& s : seen)
      if (s.severity == sev && !s.matched)
        unexpected += fmt::format("  File {}{}{}: {}\n", s.where.empty() ? "<no location>" : s.where,
                                  s.code.empty() ? "" : " ", s.code.empty() ? "" : "[" + s.code + "]",
                                  s.message);
    if (!missing.empty()) {
      os << "error: '" << name << "' diagnostics expected but not seen:\n" << missing;
      ok = false;
    }
    if (!unexpected.empty()) {
      os << "error: '" << name << "' diagnostics seen but not expected:\n" << unexpected;
      ok = false;
    }
  }
  return ok;
}

}  // namespace flytec
