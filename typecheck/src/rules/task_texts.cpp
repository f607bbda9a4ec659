// A task's templated texts; see task_texts.h.
#include "rules/task_texts.h"

namespace flytec::tc {

TaskText::TaskText(const ast::StringExpr& s, bool script)
    : literal(&s), isScript(script), source(s), placeholders(scanPlaceholders(s.value)) {
  if (script) quoting = shellQuoting(s.value);
}

std::vector<TaskText> taskTexts(const ast::TaskDecl& task) {
  std::vector<TaskText> out;
  const ast::Field* command = task.body.find("command");
  const ast::Field* script = task.body.find("script");
  for (const ast::Field& f : task.body.fields) {
    if (&f == command) {
      if (auto* list = llvm::dyn_cast_or_null<ast::ListExpr>(f.value.get()))
        for (const ast::ExprPtr& el : list->elements)
          if (auto* s = llvm::dyn_cast<ast::StringExpr>(el.get())) out.emplace_back(*s, false);
    } else if (&f == script) {
      if (auto* s = llvm::dyn_cast_or_null<ast::StringExpr>(f.value.get())) out.emplace_back(*s, true);
    }
  }
  return out;
}

}  // namespace flytec::tc
