// Hover text; see hover.h. The text of resource fields is copied from the
// source rather than re-printed, so it shows exactly what the user wrote.
#include "hover.h"

#include <fmt/format.h>

#include "typecheck/effective_resources.h"
#include "typecheck/resource_rows.h"

namespace flytec::lsp {

namespace {

std::string_view textOf(llvm::SMRange r) {
  if (!r.isValid()) return {};
  return {r.Start.getPointer(), static_cast<size_t>(r.End.getPointer() - r.Start.getPointer())};
}

std::string paramText(const ast::Param& p) {
  std::string s = p.name.name + ": " + p.type.spelling();
  if (p.defaultValue) s += " = " + std::string(textOf(p.defaultValue->range));
  return s;
}

std::string paramList(const std::vector<const ast::Param*>& ps) {
  std::string s;
  for (const ast::Param* p : ps) s += (s.empty() ? "" : ", ") + paramText(*p);
  return s;
}

std::string outputsText(const std::optional<ast::Outputs>& o) {
  if (!o) return "";
  if (!o->named && o->params.size() == 1) return " -> " + o->params[0].type.spelling();
  std::string s;
  for (const ast::Param& p : o->params) s += (s.empty() ? "" : ", ") + paramText(p);
  return " -> (" + s + ")";
}

const char* kindWord(SymKind k) {
  switch (k) {
    case SymKind::Task: return "task";
    case SymKind::Workflow: return "workflow";
    case SymKind::LaunchPlan: return "launchplan";
    case SymKind::Struct: return "struct";
    case SymKind::Enum: return "enum";
    case SymKind::EnumMember: return "enum member";
    case SymKind::Input: return "input";
    case SymKind::Output: return "output";
    case SymKind::StructField: return "field";
    case SymKind::Node: return "node";
    case SymKind::Import: return "import";
  }
  return "";
}

/// The model's Flyte type of a task/workflow variable, if the checker ran.
std::optional<std::string> modelType(const Analysis& a, const Symbol& s) {
  if (!a.model || !s.param || !s.decl) return std::nullopt;
  const tc::Entity* e = a.model->entityFor(s.decl);
  if (!e) return std::nullopt;
  for (const auto* vars : {&e->inputs, &e->outputs})
    for (const tc::Variable& v : *vars)
      if (v.param == s.param) return v.type.str();
  return std::nullopt;
}

void taskDetails(const ast::TaskDecl& t, std::string& md) {
  std::string rows;
  for (const char* key : {"requests", "limits", "retries", "timeout", "cache", "interruptible"})
    if (const ast::Field* f = t.body.find(key)) {
      llvm::SMRange r = f->value ? f->value->range : (f->block ? f->block->range : llvm::SMRange());
      rows += fmt::format("- `{}` = `{}`\n", key, textOf(r));
    }
  if (const ast::Field* f = t.body.find("dask")) {
    (void)f;
    rows += "- Dask cluster (`dask { ... }`)\n";
  }
  if (!rows.empty()) md += "\n" + rows;
}

/// What the task gets on the cluster of the nearest flytec.toml's profile,
/// as `check --show-resources` shows it; nothing without a profile.
void effectiveDetails(const Analysis& a, const ast::TaskDecl& t, std::string& md) {
  if (!a.profile || t.body.find("dask")) return;  // the Dask plugin sizes its own pods
  tc::EffectiveResources e = tc::effectiveResources(tc::declaredResourcesOf(t.body), nullptr, *a.profile);
  md += fmt::format("\nOn the cluster profile: `{}` (request/limit)\n", tc::formatEffective(e));
}

}  // namespace

std::string signatureOf(const SymbolIndex& index, const Symbol& s) {
  switch (s.kind) {
    case SymKind::Task: {
      auto* t = llvm::cast<ast::TaskDecl>(s.decl);
      return "task " + s.name + "(" + paramList(index.inputsOf(&s)) + ")" + outputsText(t->outputs);
    }
    case SymKind::Workflow: {
      auto* w = llvm::cast<ast::WorkflowDecl>(s.decl);
      return "workflow " + s.name + "(" + paramList(index.inputsOf(&s)) + ")" + outputsText(w->outputs);
    }
    case SymKind::LaunchPlan: {
      auto* lp = llvm::cast<ast::LaunchPlanDecl>(s.decl);
      std::string q;
      for (const ast::Ident& id : lp->target) q += (q.empty() ? "" : ".") + id.name;
      return "launchplan " + s.name + " = " + q + "(" + paramList(index.inputsOf(&s)) + ")";
    }
    case SymKind::Struct: return "struct " + s.name;
    case SymKind::Enum: return "enum " + s.name;
    default: return std::string(kindWord(s.kind)) + " " + s.name;
  }
}

std::optional<HoverResult> hover(const Analysis& a, const SymbolIndex& index, size_t offset) {
  const Occurrence* occ = index.at(a.locAt(offset));
  if (!occ) return std::nullopt;
  const Symbol& s = *occ->symbol;
  std::string code;
  std::string extra;
  std::string doc;
  switch (s.kind) {
    case SymKind::Task:
    case SymKind::Workflow:
    case SymKind::LaunchPlan:
      code = signatureOf(index, s);
      doc = s.decl->doc;
      if (auto* t = llvm::dyn_cast<ast::TaskDecl>(s.decl)) {
        taskDetails(*t, extra);
        effectiveDetails(a, *t, extra);
      }
      if (a.model)
        if (const tc::Entity* e = a.model->entityFor(s.decl); e && e->loweredName != s.name)
          extra += fmt::format("\nFlyte name: `{}`\n", e->loweredName);
      break;
    case SymKind::Struct: {
      code = "struct " + s.name + " {\n";
      for (const ast::Param& f : llvm::cast<ast::StructDecl>(s.decl)->fields)
        code += "    " + paramText(f) + ",\n";
      code += "}";
      doc = s.decl->doc;
      break;
    }
    case SymKind::Enum: {
      std::string members;
      for (const ast::Ident& m : llvm::cast<ast::EnumDecl>(s.decl)->members)
        members += (members.empty() ? "" : ", ") + m.name;
      code = "enum " + s.name + " { " + members + " }";
      doc = s.decl->doc;
      break;
    }
    case SymKind::EnumMember:
      code = s.decl->name.name + "." + s.name;
      break;
    case SymKind::Input:
    case SymKind::Output:
    case SymKind::StructField: {
      std::optional<std::string> flyte = modelType(a, s);
      code = std::string(kindWord(s.kind)) + " " + s.name + ": " + (flyte ? *flyte : s.param->type.spelling());
      if (s.param->defaultValue) code += " = " + std::string(textOf(s.param->defaultValue->range));
      doc = s.param->doc;
      extra = fmt::format("\n{} of `{}`\n", s.kind == SymKind::StructField ? "field" : kindWord(s.kind),
                          s.decl->name.name);
      break;
    }
    case SymKind::Node: {
      const Symbol* target = index.calleeOf(s.module, s.node->value.get());
      code = "node " + s.name;
      const tc::NodeInfo* info = nullptr;
      if (a.model)
        if (auto it = a.model->workflows.find(llvm::cast<ast::WorkflowDecl>(s.decl)); it != a.model->workflows.end())
          info = it->second->findNode(s.name);
      if (info && !info->outputs.empty()) {
        std::string outs;
        for (const tc::Variable& v : info->outputs) outs += (outs.empty() ? "" : ", ") + v.name + ": " + v.type.str();
        code += " -> (" + outs + ")";
      }
      if (target) extra = fmt::format("\ncalls `{}`\n", signatureOf(index, *target));
      break;
    }
    case SymKind::Import:
      code = "import \"" + (s.import ? s.import->path : "") + "\" as " + s.name;
      extra = s.importTarget ? fmt::format("\n`{}`\n", s.importTarget->path) : "\n(not found)\n";
      break;
  }
  HoverResult r;
  r.range = occ->range;
  r.markdown = "```flyte\n" + code + "\n```\n";
  if (!doc.empty()) r.markdown += "\n" + doc + "\n";
  r.markdown += extra;
  return r;
}

}  // namespace flytec::lsp
