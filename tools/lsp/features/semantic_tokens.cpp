// Semantic tokens; see semantic_tokens.h.
#include "semantic_tokens.h"

#include <algorithm>

namespace flytec::lsp {

namespace {
TokenType typeOf(tc::NameKind k) {
  switch (k) {
    case tc::NameKind::Task:
    case tc::NameKind::Workflow:
    case tc::NameKind::LaunchPlan: return TokenType::Function;
    case tc::NameKind::Struct: return TokenType::Struct;
    case tc::NameKind::Enum: return TokenType::Enum;
    case tc::NameKind::EnumMember: return TokenType::EnumMember;
    case tc::NameKind::Input:
    case tc::NameKind::Output: return TokenType::Parameter;
    case tc::NameKind::StructField: return TokenType::Property;
    case tc::NameKind::Node: return TokenType::Variable;
    case tc::NameKind::Import: return TokenType::Namespace;
  }
  return TokenType::Variable;
}
}  // namespace

std::vector<SemanticToken> semanticTokens(const Analysis& a) {
  std::vector<SemanticToken> out;
  if (!a.main || !a.main->ast) return out;
  for (const ast::DeclPtr& d : a.main->ast->decls)
    if (d->keyword.isValid())
      out.push_back({a.offsetOf(d->keyword.Start), a.offsetOf(d->keyword.End), TokenType::Keyword, 0});
  if (a.model)
    for (const tc::NameUse& u : a.model->names.uses())
      if (a.inMain(u.range.Start))
        out.push_back({a.offsetOf(u.range.Start), a.offsetOf(u.range.End), typeOf(u.declaration->kind),
                       u.isDeclaration ? 1u : 0u});
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
