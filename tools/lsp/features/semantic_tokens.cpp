// Semantic tokens; see semantic_tokens.h.
#include "semantic_tokens.h"

#include <algorithm>

namespace flytec::lsp {

namespace {
TokenType typeOf(SymKind k) {
  switch (k) {
    case SymKind::Task:
    case SymKind::Workflow:
    case SymKind::LaunchPlan: return TokenType::Function;
    case SymKind::Struct: return TokenType::Struct;
    case SymKind::Enum: return TokenType::Enum;
    case SymKind::EnumMember: return TokenType::EnumMember;
    case SymKind::Input:
    case SymKind::Output: return TokenType::Parameter;
    case SymKind::StructField: return TokenType::Property;
    case SymKind::Node: return TokenType::Variable;
    case SymKind::Import: return TokenType::Namespace;
  }
  return TokenType::Variable;
}
}  // namespace

std::vector<SemanticToken> semanticTokens(const Analysis& a, const SymbolIndex& index) {
  std::vector<SemanticToken> out;
  if (!a.main || !a.main->ast) return out;
  for (const ast::DeclPtr& d : a.main->ast->decls)
    if (d->keyword.isValid())
      out.push_back({a.offsetOf(d->keyword.Start), a.offsetOf(d->keyword.End), TokenType::Keyword, 0});
  for (const Occurrence& o : index.occurrences())
    if (a.inMain(o.range.Start))
      out.push_back({a.offsetOf(o.range.Start), a.offsetOf(o.range.End), typeOf(o.symbol->kind),
                     o.isDeclaration ? 1u : 0u});
  std::sort(out.begin(), out.end(), [](const SemanticToken& x, const SemanticToken& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
  });
  // Drop overlaps (an import path that is also its name) and multi-line spans.
  std::vector<SemanticToken> clean;
  std::string_view text = a.text();
  for (const SemanticToken& t : out) {
    if (t.end <= t.begin) continue;
    if (!clean.empty() && t.begin < clean.back().end) continue;
    if (text.substr(t.begin, t.end - t.begin).find('\n') != std::string_view::npos) continue;
    clean.push_back(t);
  }
  return clean;
}

}  // namespace flytec::lsp
