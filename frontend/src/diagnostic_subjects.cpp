// See diagnostic_subjects.h. A linear scan over the declarations per
// diagnostic: diagnostics are few, and the AST has no position index.
#include "frontend/diagnostic_subjects.h"

#include <regex>

namespace flytec {

namespace {

bool holds(llvm::SMRange r, llvm::SMLoc loc) {
  const char* p = loc.getPointer();
  return r.isValid() && r.Start.getPointer() <= p &&
         (p < r.End.getPointer() || p == r.Start.getPointer());
}

std::string_view kindName(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Task: return "task";
    case ast::DeclKind::Workflow: return "workflow";
    case ast::DeclKind::LaunchPlan: return "launch_plan";
    case ast::DeclKind::Enum: return "enum";
    case ast::DeclKind::Struct: return "struct";
  }
  return "";
}

void fromSource(Diagnostic& d, const Program& program) {
  for (const auto& module : program.modules) {
    if (!module->ast) continue;
    for (const ast::DeclPtr& decl : module->ast->decls) {
      if (!holds(decl->range, d.range.Start)) continue;
      d.entityKind = kindName(decl->kind);
      d.entity = decl->name.name;
      if (const auto* wf = dynamic_cast<const ast::WorkflowDecl*>(decl.get()))
        for (const ast::Node& n : wf->nodes)
          if (holds(n.range, d.range.Start)) d.node = n.name.name;
      return;
    }
  }
}

void fromMessage(Diagnostic& d) {
  static const std::regex subject("^(task|workflow|launch plan) `([^`]+)`(, node `([^`]+)`)?");
  std::smatch m;
  if (!std::regex_search(d.message, m, subject)) return;
  d.entityKind = m[1] == "launch plan" ? "launch_plan" : m[1].str();
  d.entity = m[2];
  if (m[4].matched) d.node = m[4];
}

}  // namespace

void attachSubjects(std::vector<Diagnostic>& diags, const Program& program) {
  for (Diagnostic& d : diags) {
    if (d.range.isValid())
      fromSource(d, program);
    else
      fromMessage(d);
  }
}

}  // namespace flytec
