// Completion; see completion.h. The context scan walks the declaration that
// holds the cursor once, skipping strings and comments, to find the open
// brackets around it; everything else is a lookup in the SemanticModel or in
// the checker's lists of keys (typecheck/language_keys.h).
#include "completion.h"

#include <fmt/format.h>

#include <set>

#include "hover.h"
#include "typecheck/language_keys.h"

namespace flytec::lsp {

namespace {

bool isIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// The declaration around the cursor and the brackets open at the cursor.
struct Context {
  std::string declKind;                       ///< "task", "workflow", ... or "" at top level
  std::vector<std::pair<char, size_t>> open;  ///< unclosed brackets, outermost first
};

Context scan(std::string_view text, size_t offset) {
  Context ctx;
  size_t lineStart = offset;
  size_t declStart = std::string_view::npos;
  while (true) {
    lineStart = lineStart == 0 ? 0 : text.rfind('\n', lineStart - 1);
    size_t s = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    for (std::string_view kw : {"task", "workflow", "struct", "enum", "launchplan"})
      if (text.substr(s, kw.size()) == kw && s + kw.size() < text.size() && text[s + kw.size()] == ' ') {
        ctx.declKind = std::string(kw);
        declStart = s;
      }
    if (declStart != std::string_view::npos || lineStart == std::string_view::npos || lineStart == 0) break;
  }
  if (declStart == std::string_view::npos) return ctx;
  for (size_t i = declStart; i < offset; ++i) {
    char c = text[i];
    if (c == '#') {
      while (i < offset && text[i] != '\n') ++i;
    } else if (c == '"') {
      bool raw = text.substr(i, 3) == "\"\"\"";
      if (raw) {
        size_t e = text.find("\"\"\"", i + 3);
        i = e == std::string_view::npos || e + 2 >= offset ? offset : e + 2;
      } else {
        for (++i; i < offset && text[i] != '"' && text[i] != '\n'; ++i)
          if (text[i] == '\\') ++i;
      }
    } else if (c == '(' || c == '[' || c == '{') {
      ctx.open.push_back({c, i});
    } else if ((c == ')' || c == ']' || c == '}') && !ctx.open.empty()) {
      ctx.open.pop_back();
    }
  }
  return ctx;
}

size_t skipSpaceBack(std::string_view text, size_t pos) {
  while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t' || text[pos - 1] == '\n' || text[pos - 1] == '\r'))
    --pos;
  return pos;
}

/// The (possibly qualified) name ending at `end`.
std::string nameBefore(std::string_view text, size_t end) {
  size_t b = end;
  while (b > 0 && (isIdentChar(text[b - 1]) || text[b - 1] == '.')) --b;
  return std::string(text.substr(b, end - b));
}

/// Names given as `name =` at depth 0 between `begin` and `end`.
std::set<std::string> givenArgs(std::string_view text, size_t begin, size_t end) {
  std::set<std::string> out;
  int depth = 0;
  for (size_t i = begin; i < end; ++i) {
    char c = text[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
    else if (c == '=' && depth == 0 && (i + 1 >= end || text[i + 1] != '=')) {
      size_t e = skipSpaceBack(text, i);
      size_t b = e;
      while (b > begin && isIdentChar(text[b - 1])) --b;
      if (b < e) out.insert(std::string(text.substr(b, e - b)));
    }
  }
  return out;
}

bool hasTopLevelComma(std::string_view text, size_t begin, size_t end) {
  int depth = 0;
  for (size_t i = begin; i < end; ++i) {
    char c = text[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
    else if (c == ',' && depth == 0) return true;
  }
  return false;
}

class Collector {
 public:
  explicit Collector(const Analysis& a) : a_(a) {}
  std::vector<Completion> out;

  /// The task, workflow, ... `name` (or `alias.name`) names in the document.
  const tc::Entity* lookup(std::string_view name) const {
    return a_.main && a_.model ? a_.model->lookup(*a_.main, name) : nullptr;
  }

  void entities(bool callablesOnly) {
    if (!a_.main) return;
    for (const ResolvedImport& imp : a_.main->imports)
      out.push_back({Completion::Module, imp.name, imp.decl ? "import \"" + imp.decl->path + "\"" : "", "", "", false});
    if (!a_.model) return;
    for (const auto& e : a_.model->entities)
      if (e->module == a_.main) entity(*e, callablesOnly);
  }

  void workflowLocals(size_t offset) {
    // Nodes and inputs of the workflow that holds the cursor, from the last
    // snapshot (a node being typed right now is not there yet).
    if (!a_.main || !a_.main->ast) return;
    const char* p = a_.locAt(std::min(offset, a_.text().size())).getPointer();
    for (const ast::DeclPtr& d : a_.main->ast->decls) {
      auto* w = llvm::dyn_cast<ast::WorkflowDecl>(d.get());
      if (!w || p < w->range.Start.getPointer() || p > w->range.End.getPointer()) continue;
      for (const ast::Param& prm : w->params)
        out.push_back({Completion::Input, std::string(prm.name.name), prm.type.spelling(), prm.doc, "", false});
      const tc::WorkflowInfo* info = a_.model ? a_.model->workflowFor(w) : nullptr;
      for (size_t i = 0; i < w->nodes.size(); ++i) {
        const tc::Entity* target = info && i < info->nodes.size() ? info->nodes[i]->target : nullptr;
        out.push_back({Completion::Node, std::string(w->nodes[i].name.name), target ? "node calling " + target->name : "node", "",
                       "", false});
      }
    }
  }

  void snippets() {
    out.push_back({Completion::Snippet, "map(", "map a task over lists", "`map(task, concurrency = N)(input = list)`",
                   "map(${1:task})(${2:input} = ${3:values})", true});
    out.push_back({Completion::Snippet, "partial(", "bind some inputs", "`partial(task, input = value)`",
                   "partial(${1:task}, ${2:input} = ${3:value})", true});
  }

  void arguments(const tc::Entity* target, const std::set<std::string>& given) {
    if (!target) return;
    for (const tc::Variable& v : target->inputs) {
      const ast::Param* p = v.param;
      if (!p || given.count(std::string(p->name.name))) continue;
      std::string detail = p->type.spelling() + (p->defaultValue || p->type.optional ? " (optional)" : "");
      std::string name(p->name.name);
      out.push_back({Completion::Argument, name + " =", detail, p->doc, name + " = ", false});
    }
  }

  /// After `base.`: an import's entities, a node's outputs, an enum's members.
  void members(const std::string& base) {
    if (!a_.main || !a_.model) return;
    for (const ResolvedImport& imp : a_.main->imports)
      if (imp.name == base && imp.target) {
        for (const auto& e : a_.model->entities)
          if (e->module == imp.target) entity(*e, false);
        return;
      }
    for (const auto& [decl, wf] : a_.model->workflows)
      if (wf->entity->module == a_.main)
        if (const tc::NodeInfo* n = wf->findNode(base); n && n->target)
          for (const tc::Variable& v : n->target->outputs)
            if (v.param) out.push_back({Completion::Output, v.name, v.param->type.spelling(), v.param->doc, "", false});
    for (const auto& e : a_.model->entities)
      if (auto* en = llvm::dyn_cast<ast::EnumDecl>(e->decl); en && e->name == base)
        for (const ast::Ident& m : en->members) out.push_back({Completion::Field, std::string(m.name), "enum " + base, "", "", false});
  }

  void taskFields() {
    for (const tc::LanguageKey& k : tc::taskFieldKeys())
      out.push_back({Completion::Field, k.name, k.summary, "", k.block ? k.name + " {\n\t$0\n}" : k.name + " = ", k.block});
  }

  void resourceKeys() {
    for (const tc::LanguageKey& k : tc::resourceKeys())
      out.push_back({Completion::ResourceKey, k.name, k.summary, "", k.name + " = ", false});
  }

  void mapOptions(const std::set<std::string>& given) {
    for (const tc::LanguageKey& k : tc::mapOptionKeys())
      if (!given.count(k.name)) out.push_back({Completion::Argument, k.name + " =", k.summary, "", k.name + " = ", false});
  }

 private:
  void entity(const tc::Entity& e, bool callablesOnly) {
    bool type = e.kind == tc::EntityKind::Struct || e.kind == tc::EntityKind::Enum;
    if (type && callablesOnly) return;
    out.push_back({type ? Completion::Struct : Completion::Entity, e.name, signatureOf(e), e.decl->doc, "", false});
  }

  const Analysis& a_;
};

}  // namespace

std::vector<Completion> complete(const Analysis& a, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  Collector c(a);
  size_t prefixStart = offset;
  while (prefixStart > 0 && isIdentChar(text[prefixStart - 1])) --prefixStart;

  if (prefixStart > 0 && text[prefixStart - 1] == '.') {
    size_t e = prefixStart - 1;
    size_t b = e;
    while (b > 0 && isIdentChar(text[b - 1])) --b;
    c.members(std::string(text.substr(b, e - b)));
    return std::move(c.out);
  }

  Context ctx = scan(text, prefixStart);
  size_t before = skipSpaceBack(text, prefixStart);
  bool valuePosition = before > 0 && text[before - 1] == '=';

  if (!ctx.open.empty()) {
    auto [bracket, pos] = ctx.open.back();
    if (bracket == '{') {
      size_t k = skipSpaceBack(text, pos);
      if (k > 0 && text[k - 1] == '=') k = skipSpaceBack(text, k - 1);
      std::string key = nameBefore(text, k);
      if (key == "requests" || key == "limits") {
        if (!valuePosition) c.resourceKeys();
        return std::move(c.out);
      }
      // Only blanks between the start of the line and the word: a field key.
      size_t nl = prefixStart == 0 ? std::string_view::npos : text.rfind('\n', prefixStart - 1);
      size_t ls = nl == std::string_view::npos ? 0 : nl + 1;
      bool lineStart = text.substr(ls, prefixStart - ls).find_first_not_of(" \t") == std::string_view::npos;
      if (ctx.declKind == "task" && ctx.open.size() == 1 && lineStart) {
        c.taskFields();
        return std::move(c.out);
      }
      if (key.size() >= 4 && key.substr(key.size() - 4) == "with" && lineStart) {
        c.taskFields();
        return std::move(c.out);
      }
    }
    if (bracket == '(' && !valuePosition) {
      size_t calleeEnd = skipSpaceBack(text, pos);
      std::set<std::string> given = givenArgs(text, pos + 1, prefixStart);
      if (calleeEnd > 0 && text[calleeEnd - 1] == ')') {
        // `map(f, ...)(` or `partial(f, ...)(`: the inputs of f.
        int depth = 0;
        size_t i = calleeEnd - 1;
        for (; i > 0; --i) {
          if (text[i] == ')') ++depth;
          else if (text[i] == '(' && --depth == 0) break;
        }
        size_t t = i + 1;
        while (t < calleeEnd && (text[t] == ' ' || text[t] == '\t')) ++t;
        size_t te = t;
        while (te < calleeEnd && (isIdentChar(text[te]) || text[te] == '.')) ++te;
        c.arguments(c.lookup(text.substr(t, te - t)), given);
        return std::move(c.out);
      }
      std::string callee = nameBefore(text, calleeEnd);
      if (callee == "map" || callee == "partial") {
        if (!hasTopLevelComma(text, pos + 1, prefixStart)) {
          c.entities(true);
        } else if (callee == "map") {
          c.mapOptions(given);
        } else {
          size_t t = pos + 1;
          while (t < prefixStart && (text[t] == ' ' || text[t] == '\t')) ++t;
          size_t te = t;
          while (te < prefixStart && (isIdentChar(text[te]) || text[te] == '.')) ++te;
          c.arguments(c.lookup(text.substr(t, te - t)), given);
        }
        return std::move(c.out);
      }
      if (!callee.empty() && a.main) {
        c.arguments(c.lookup(callee), given);
        return std::move(c.out);
      }
    }
  }
  c.entities(false);
  if (ctx.declKind == "workflow") {
    c.workflowLocals(offset);
    c.snippets();
  }
  return std::move(c.out);
}

}  // namespace flytec::lsp
