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
  std::string s = std::string(p.name.name) + ": " + p.type.spelling();
  if (p.defaultValue) s += " = " + std::string(textOf(p.defaultValue->range));
  return s;
}

std::string paramList(const std::vector<tc::Variable>& vs) {
  std::string s;
  for (const tc::Variable& v : vs)
    if (v.param) s += (s.empty() ? "" : ", ") + paramText(*v.param);
  return s;
}

std::string outputsText(const std::optional<ast::Outputs>& o) {
  if (!o) return "";
  if (!o->named && o->params.size() == 1) return " -> " + o->params[0].type.spelling();
  std::string s;
  for (const ast::Param& p : o->params) s += (s.empty() ? "" : ", ") + paramText(p);
  return " -> (" + s + ")";
}

const char* kindWord(tc::NameKind k) {
  switch (k) {
    case tc::NameKind::Task: return "task";
    case tc::NameKind::Workflow: return "workflow";
    case tc::NameKind::LaunchPlan: return "launchplan";
    case tc::NameKind::Struct: return "struct";
    case tc::NameKind::Enum: return "enum";
    case tc::NameKind::EnumMember: return "enum member";
    case tc::NameKind::Input: return "input";
    case tc::NameKind::Output: return "output";
    case tc::NameKind::StructField: return "field";
    case tc::NameKind::Node: return "node";
    case tc::NameKind::Import: return "import";
  }
  return "";
}

/// The model's Flyte type of a task/workflow variable, if the checker ran.
std::optional<std::string> modelType(const Analysis& a, const tc::Declaration& s) {
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

std::string signatureOf(const tc::Entity& e) {
  switch (e.kind) {
    case tc::EntityKind::Task:
      return "task " + e.name + "(" + paramList(e.inputs) + ")" +
             outputsText(llvm::cast<ast::TaskDecl>(e.decl)->outputs);
    case tc::EntityKind::Workflow:
      return "workflow " + e.name + "(" + paramList(e.inputs) + ")" +
             outputsText(llvm::cast<ast::WorkflowDecl>(e.decl)->outputs);
    case tc::EntityKind::LaunchPlan: {
      auto* lp = llvm::cast<ast::LaunchPlanDecl>(e.decl);
      std::string q;
      for (const ast::Ident& id : lp->target) (q += q.empty() ? "" : ".") += id.name;
      return "launchplan " + e.name + " = " + q + "(" + paramList(e.inputs) + ")";
    }
    case tc::EntityKind::Struct: return "struct " + e.name;
    case tc::EntityKind::Enum: return "enum " + e.name;
  }
  return e.name;
}

namespace {

/// The parts of a hover: the code block, the doc comment, what follows.
struct HoverText {
  std::string code, doc, extra;
};

HoverText entityHover(const Analysis& a, const tc::Declaration& s) {
  HoverText h;
  h.doc = s.decl->doc;
  const tc::Entity* e = a.model->entityFor(s.decl);
  if (auto* st = llvm::dyn_cast<ast::StructDecl>(s.decl)) {
    h.code = fmt::format("struct {} {{\n", s.name);
    for (const ast::Param& f : st->fields) h.code += "    " + paramText(f) + ",\n";
    h.code += "}";
  } else if (auto* en = llvm::dyn_cast<ast::EnumDecl>(s.decl)) {
    std::string members;
    for (const ast::Ident& m : en->members) (members += members.empty() ? "" : ", ") += m.name;
    h.code = fmt::format("enum {} {{ {} }}", s.name, members);
  } else {
    h.code = e ? signatureOf(*e) : fmt::format("{} {}", kindWord(s.kind), s.name);
    if (auto* t = llvm::dyn_cast<ast::TaskDecl>(s.decl)) {
      taskDetails(*t, h.extra);
      effectiveDetails(a, *t, h.extra);
    }
    if (e && e->loweredName != s.name) h.extra += fmt::format("\nFlyte name: `{}`\n", e->loweredName);
  }
  return h;
}

HoverText variableHover(const Analysis& a, const tc::Declaration& s) {
  HoverText h;
  std::optional<std::string> flyte = modelType(a, s);
  h.code = fmt::format("{} {}: {}", kindWord(s.kind), s.name, flyte ? *flyte : s.param->type.spelling());
  if (s.param->defaultValue) h.code += " = " + std::string(textOf(s.param->defaultValue->range));
  h.doc = s.param->doc;
  h.extra = fmt::format("\n{} of `{}`\n", kindWord(s.kind), s.decl->name.name);
  return h;
}

HoverText nodeHover(const Analysis& a, const tc::Declaration& s) {
  HoverText h;
  h.code = fmt::format("node {}", s.name);
  const tc::WorkflowInfo* wf = a.model->workflowFor(llvm::cast<ast::WorkflowDecl>(s.decl));
  const tc::NodeInfo* info = wf ? wf->findNode(s.name) : nullptr;
  if (!info) return h;
  if (!info->outputs.empty()) {
    std::string outs;
    for (const tc::Variable& v : info->outputs) outs += (outs.empty() ? "" : ", ") + v.name + ": " + v.type.str();
    h.code += " -> (" + outs + ")";
  }
  if (info->target) h.extra = fmt::format("\ncalls `{}`\n", signatureOf(*info->target));
  return h;
}

HoverText importHover(const tc::Declaration& s) {
  const ResolvedImport* imp = s.import;
  HoverText h;
  h.code = fmt::format("import \"{}\" as {}", imp && imp->decl ? imp->decl->path : "", s.name);
  h.extra = imp && imp->target ? fmt::format("\n`{}`\n", imp->target->path) : "\n(not found)\n";
  return h;
}

HoverText describe(const Analysis& a, const tc::Declaration& s) {
  switch (s.kind) {
    case tc::NameKind::Task:
    case tc::NameKind::Workflow:
    case tc::NameKind::LaunchPlan:
    case tc::NameKind::Struct:
    case tc::NameKind::Enum: return entityHover(a, s);
    case tc::NameKind::EnumMember: return {fmt::format("{}.{}", s.decl->name.name, s.name), "", ""};
    case tc::NameKind::Input:
    case tc::NameKind::Output:
    case tc::NameKind::StructField: return variableHover(a, s);
    case tc::NameKind::Node: return nodeHover(a, s);
    case tc::NameKind::Import: return importHover(s);
  }
  return {};
}

}  // namespace

std::optional<HoverResult> hover(const Analysis& a, size_t offset) {
  const tc::NameUse* use = a.nameAt(offset);
  if (!use) return std::nullopt;
  HoverText h = describe(a, *use->declaration);
  HoverResult r;
  r.range = use->range;
  r.markdown = "```flyte\n" + h.code + "\n```\n";
  if (!h.doc.empty()) r.markdown += "\n" + h.doc + "\n";
  r.markdown += h.extra;
  return r;
}

}  // namespace flytec::lsp
