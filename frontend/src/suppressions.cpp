// See suppressions.h. Each parsed buffer is lexed again (cheap: the lexer runs
// at memory speed) to find its comments; lexical errors were reported by the
// first pass and are dropped here.
#include "frontend/suppressions.h"

#include <map>
#include <optional>

#include "diagnostics/buffer_locator.h"
#include "frontend/lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SourceMgr.h"

namespace flytec {

namespace {

struct Suppression {
  llvm::SMRange comment;   ///< the whole comment token
  llvm::SMRange deletion;  ///< what deleting the comment removes
  llvm::SMRange list;      ///< the text between `[` and `]`
  unsigned buffer = 0;
  unsigned targetLine = 0;  ///< 0: no code follows the comment
  std::vector<std::pair<std::string, DiagCode>> codes;
  std::vector<bool> used;
};

/// What is wrong with a `flytec:` comment (W0011).
enum class CommentProblem { None, UnknownDirective, NoBrackets, EmptyEntry };

/// Parses `# flytec: ignore[...]`. Returns nullopt for an ordinary comment;
/// `*problem` is set for a `flytec:` comment that is not well formed.
std::optional<std::vector<std::string>> parseComment(llvm::StringRef text, size_t* listBegin, size_t* listEnd,
                                                     CommentProblem* problem) {
  llvm::StringRef rest = text.drop_while([](char c) { return c == '#'; }).ltrim();
  if (!rest.consume_front("flytec:")) return std::nullopt;
  rest = rest.ltrim();
  if (!rest.consume_front("ignore")) {
    *problem = CommentProblem::UnknownDirective;
    return std::vector<std::string>{};
  }
  rest = rest.ltrim();
  size_t close = rest.find(']');
  if (!rest.consume_front("[") || close == llvm::StringRef::npos) {
    *problem = CommentProblem::NoBrackets;
    return std::vector<std::string>{};
  }
  llvm::StringRef inside = rest.take_front(close - 1);
  *listBegin = inside.data() - text.data();
  *listEnd = *listBegin + inside.size();
  llvm::SmallVector<llvm::StringRef, 4> parts;
  inside.split(parts, ',');
  std::vector<std::string> codes;
  for (llvm::StringRef p : parts) {
    p = p.trim();
    if (p.empty()) {
      *problem = CommentProblem::EmptyEntry;
      return std::vector<std::string>{};
    }
    codes.push_back(p.str());
  }
  return codes;
}

void reportProblem(CommentProblem problem, llvm::SMRange range, DiagnosticEngine& diags) {
  switch (problem) {
  case CommentProblem::UnknownDirective: diags.report(diag::warn_malformed_suppression, range); break;
  case CommentProblem::NoBrackets: diags.report(diag::warn_suppression_without_brackets, range); break;
  case CommentProblem::EmptyEntry: diags.report(diag::warn_suppression_empty_entry, range); break;
  case CommentProblem::None: break;
  }
}

unsigned lineOf(const llvm::SourceMgr& sm, unsigned buf, const char* p) {
  return sm.getLineAndColumn(llvm::SMLoc::getFromPointer(p), buf).first;
}

/// Suppressions of one buffer; W0011 problems are reported right away.
void collect(const llvm::SourceMgr& sm, unsigned buf, DiagnosticEngine& diags, std::vector<Suppression>& out) {
  llvm::StringRef text = sm.getMemoryBuffer(buf)->getBuffer();
  if (text.find("flytec:") == llvm::StringRef::npos) return;  // the common case
  DiagnosticEngine ignored;
  LexedFile lexed = lex(std::string_view(text.data(), text.size()), text.data(), ignored);
  const char* base = text.data();
  for (size_t i = 0; i < lexed.tokens.size(); ++i) {
    const Token& t = lexed.tokens[i];
    if (t.channel != kCommentChannel) continue;
    llvm::StringRef comment = text.slice(t.begin, t.end);
    size_t lb = 0, le = 0;
    CommentProblem problem = CommentProblem::None;
    auto codes = parseComment(comment, &lb, &le, &problem);
    if (!codes) continue;
    llvm::SMRange range(llvm::SMLoc::getFromPointer(base + t.begin), llvm::SMLoc::getFromPointer(base + t.end));
    if (problem != CommentProblem::None) {
      reportProblem(problem, range, diags);
      continue;
    }
    Suppression s;
    s.comment = range;
    s.buffer = buf;
    s.list = llvm::SMRange(llvm::SMLoc::getFromPointer(base + t.begin + lb),
                           llvm::SMLoc::getFromPointer(base + t.begin + le));
    // Alone on its line (only blanks before it): it covers the next code line.
    size_t lineStart = text.rfind('\n', t.begin);
    lineStart = lineStart == llvm::StringRef::npos ? 0 : lineStart + 1;
    bool alone = text.slice(lineStart, t.begin).trim().empty();
    if (alone) {
      size_t lineEnd = text.find('\n', t.end);
      lineEnd = lineEnd == llvm::StringRef::npos ? text.size() : lineEnd + 1;
      s.deletion = llvm::SMRange(llvm::SMLoc::getFromPointer(base + lineStart),
                                 llvm::SMLoc::getFromPointer(base + lineEnd));
      for (size_t j = i + 1; j < lexed.tokens.size(); ++j)
        if (lexed.tokens[j].channel == kDefaultChannel) {
          s.targetLine = lineOf(sm, buf, base + lexed.tokens[j].begin);
          break;
        }
    } else {
      size_t from = t.begin;
      while (from > lineStart && (text[from - 1] == ' ' || text[from - 1] == '\t')) --from;
      s.deletion = llvm::SMRange(llvm::SMLoc::getFromPointer(base + from), range.End);
      s.targetLine = lineOf(sm, buf, base + t.begin);
    }
    for (const std::string& id : *codes) {
      std::optional<DiagCode> code = parseDiagCode(id);
      if (!code) {
        diags.report(diag::warn_suppression_of_unknown_code, range, id);
      } else if (diagInfo(*code).severity != Severity::Warning) {
        diags.report(diag::warn_suppression_of_error, range, id);
      } else {
        s.codes.emplace_back(id, *code);
      }
    }
    s.used.assign(s.codes.size(), false);
    out.push_back(std::move(s));
  }
}

}  // namespace

void applySuppressions(DiagnosticEngine& diags, const ModuleGraph& program, const llvm::SourceMgr& sm) {
  std::vector<Suppression> sups;
  for (const auto& module : program.modules)
    if (module->ast && module->ast->bufferId) collect(sm, module->ast->bufferId, diags, sups);
  if (sups.empty()) return;
  // (buffer, line) -> suppressions that cover it.
  std::map<std::pair<unsigned, unsigned>, std::vector<Suppression*>> byLine;
  for (Suppression& s : sups)
    if (s.targetLine) byLine[{s.buffer, s.targetLine}].push_back(&s);
  const BufferLocator where(sm);
  diags.removeIf([&](const Diagnostic& d) {
    if (!d.range.isValid() || diagInfo(d.code).severity != Severity::Warning) return false;
    unsigned buf = where.find(d.range.Start);
    auto it = byLine.find({buf, lineOf(sm, buf, d.range.Start.getPointer())});
    if (it == byLine.end()) return false;
    bool drop = false;
    for (Suppression* s : it->second)
      for (size_t k = 0; k < s->codes.size(); ++k)
        if (s->codes[k].second == d.code) s->used[k] = drop = true;
    return drop;
  });
  for (Suppression& s : sups) {
    std::vector<std::string> unused, kept;
    for (size_t k = 0; k < s.codes.size(); ++k) {
      bool disabled = diags.options().disabled.count(s.codes[k].second) > 0;
      (s.used[k] || disabled ? kept : unused).push_back(s.codes[k].first);
    }
    if (unused.empty()) continue;
    std::string names;
    for (const std::string& u : unused) names += (names.empty() ? "`" : ", `") + u + "`";
    // The message names no line: baseline fingerprints include it.
    auto b = diags.report(diag::warn_unused_suppression, s.comment, names);
    if (kept.empty())
      b.fixit(s.deletion, "", true);
    else
      b.fixit(s.list, llvm::join(kept, ", "), true);
  }
}

}  // namespace flytec
