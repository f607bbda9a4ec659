// Document outline; see document_symbols.h.
#include "document_symbols.h"

namespace flytec::lsp {

namespace {

void addParams(std::vector<OutlineItem>& out, const std::vector<ast::Param>& ps, OutlineItem::Kind k,
               bool named = true) {
  for (const ast::Param& p : ps) {
    if (!named) continue;  // `-> T` has no written output name
    out.push_back({std::string(p.name.name), p.type.spelling(), k, p.range.isValid() ? p.range : p.name.range, p.name.range, {}});
  }
}

}  // namespace

std::vector<OutlineItem> documentOutline(const Analysis& a) {
  std::vector<OutlineItem> out;
  if (!a.main || !a.main->ast) return out;
  for (const ast::DeclPtr& d : a.main->ast->decls) {
    OutlineItem item{std::string(d->name.name), "", OutlineItem::Task, d->range, d->name.range, {}};
    if (auto* t = llvm::dyn_cast<ast::TaskDecl>(d.get())) {
      item.kind = OutlineItem::Task;
      addParams(item.children, t->params, OutlineItem::Input);
      if (t->outputs) addParams(item.children, t->outputs->params, OutlineItem::Output, t->outputs->named);
      item.detail = "task";
    } else if (auto* w = llvm::dyn_cast<ast::WorkflowDecl>(d.get())) {
      item.kind = OutlineItem::Workflow;
      item.detail = "workflow";
      addParams(item.children, w->params, OutlineItem::Input);
      if (w->outputs) addParams(item.children, w->outputs->params, OutlineItem::Output, w->outputs->named);
      for (const ast::Node& n : w->nodes) item.children.push_back({std::string(n.name.name), "node", OutlineItem::Node, n.range, n.name.range, {}});
    } else if (auto* lp = llvm::dyn_cast<ast::LaunchPlanDecl>(d.get())) {
      item.kind = OutlineItem::LaunchPlan;
      std::string q;
      for (const ast::Ident& id : lp->target) (q += q.empty() ? "" : ".") += id.name;
      item.detail = "launchplan of " + q;
    } else if (auto* s = llvm::dyn_cast<ast::StructDecl>(d.get())) {
      item.kind = OutlineItem::Struct;
      item.detail = "struct";
      addParams(item.children, s->fields, OutlineItem::Field);
    } else if (auto* e = llvm::dyn_cast<ast::EnumDecl>(d.get())) {
      item.kind = OutlineItem::Enum;
      item.detail = "enum";
      for (const ast::Ident& m : e->members) item.children.push_back({std::string(m.name), "", OutlineItem::EnumMember, m.range, m.range, {}});
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace flytec::lsp
