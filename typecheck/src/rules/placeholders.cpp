// §6 placeholders in a task's `command` and `script`: names that are no
// input or output (E0309, with did-you-mean and near misses of the keywords
// such as `.input.x`), input types Flyte cannot render (E0311), `str`
// values spliced into a script outside double quotes (W0312), and `.inputs`
// / `.outputDir` in tasks without inputs / outputs (E0315). Then the map
// rules of map_placeholders.h for tasks that a map node targets. Flyte's own
// placeholders pass through with a warning (W0318: `flytec run` cannot give
// them a value); other `{{...}}` text passes through without a word.
#include <cctype>
#include <map>
#include <optional>

#include "model_builder.h"
#include "rules/map_placeholders.h"
#include "rules/task_texts.h"
#include "typecheck/rules.h"

namespace flytec::tc {

namespace {

const Variable* findVar(const std::vector<Variable>& vars, std::string_view name) {
  for (const Variable& v : vars)
    if (v.name == name) return &v;
  return nullptr;
}

std::vector<std::string> namesOf(const std::vector<Variable>& vars) {
  std::vector<std::string> out;
  for (const Variable& v : vars) out.push_back(v.name);
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// E0309 for `.inputs.NAME` / `.outputs.NAME` naming nothing.
void reportUnknownName(const Entity& task, const TaskText& text, const Placeholder& p, DiagnosticEngine& diags) {
  bool input = p.kind == PlaceholderKind::Input;
  const std::vector<Variable>& same = input ? task.inputs : task.outputs;
  const std::vector<Variable>& other = input ? task.outputs : task.inputs;
  std::string best = closestName(p.name, namesOf(same));
  if (!best.empty()) {
    diags.report(diag::err_unknown_placeholder, text.rangeOf(p), p.spelling(), task.name)
        .didYouMean("." + std::string(input ? "inputs." : "outputs.") + best)
        .fixit(text.source.range(p.nameBegin, p.nameEnd), best);
    return;
  }
  if (findVar(other, p.name)) {  // `.inputs.o0` for an output, or the reverse
    std::string fixed = std::string(input ? ".outputs." : ".inputs.") + p.name;
    diags.report(diag::err_placeholder_other_direction, text.rangeOf(p), p.spelling(), task.name, p.name,
                 input ? "output" : "input", fixed)
        .fixit(text.rangeOf(p), "{{" + fixed + "}}");
    return;
  }
  std::string kind = input ? "inputs" : "outputs";
  if (same.empty()) {
    diags.report(diag::err_placeholder_task_has_none, text.rangeOf(p), p.spelling(), task.name, task.name, kind);
    return;
  }
  std::string names;
  for (const Variable& v : same) names += (names.empty() ? "`" : ", `") + v.name + "`";
  diags.report(diag::err_placeholder_not_among, text.rangeOf(p), p.spelling(), task.name, kind, names);
}

/// E0309 for a passthrough that is almost one of flytec's forms (`.input.x`,
/// `.output_dir`); Flyte's own placeholders never have a member like these.
void checkNearMiss(const Entity& task, const TaskText& text, const Placeholder& p, DiagnosticEngine& diags) {
  if (p.head.empty()) return;
  std::string head = lower(p.head);
  auto near = [&](std::string_view word) {
    return head != word && llvm::StringRef(head).edit_distance(word, true, 3) <= 2;
  };
  std::string meant;
  if (!p.member.empty() && p.member.find_first_of(" \t{}") == std::string::npos) {
    if (near("inputs") || head == "inputs") meant = ".inputs." + p.member;
    else if (near("outputs") || head == "outputs") meant = ".outputs." + p.member;
  } else if (p.member.empty() && near("outputdir") && head != "outputprefix") {
    meant = ".outputDir";
  }
  if (meant.empty()) return;
  auto d = diags.report(diag::err_unknown_placeholder, text.rangeOf(p), p.name, task.name).didYouMean(meant);
  bool exists = meant == ".outputDir" ||
                (meant.rfind(".inputs.", 0) == 0 ? findVar(task.inputs, p.member) : findVar(task.outputs, p.member));
  d.fixit(text.rangeOf(p), "{{" + meant + "}}", /*certain=*/exists);
}

/// Flyte's own placeholders and what its template engine puts in their place
/// (flyteplugins/go/tasks/pluginmachinery/core/template/template.go:43-52,
/// 109-135 at v1.16.5): matched case-insensitively, `.` or `$` before the word.
const std::map<std::string, const char*, std::less<>> kFlytePlaceholders = {
    {"input", "the storage URL of the task's inputs.pb"},
    {"inputprefix", "the storage URL of the folder of the task's inputs"},
    {"outputprefix", "the storage URL of the folder the task's outputs are uploaded to"},
    {"rawoutputdataprefix", "a storage URL for the task's raw output data"},
    {"perretryuniquekey", "a key unique to the attempt"},
    {"tasktemplatepath", "the storage URL of the task's template"},
    {"checkpointoutputprefix", "the storage URL of the attempt's checkpoint folder"},
    {"prevcheckpointprefix", "the storage URL of the previous attempt's checkpoints (empty on the first)"},
    {"namespace", "the Kubernetes namespace of the execution"},
};

/// W0318 for one of Flyte's own placeholders, written exactly as its regexp
/// wants it (`{{ .Word }}` or `{{$word}}`, nothing else between the braces).
void checkFlytePlaceholder(const Entity& task, const TaskText& text, const Placeholder& p, DiagnosticEngine& diags) {
  if (p.head.empty() || !p.member.empty() || p.name.size() != p.head.size() + 1) return;
  auto it = kFlytePlaceholders.find(lower(p.head));
  if (it == kFlytePlaceholders.end()) return;
  diags.report(diag::warn_flyte_own_placeholder, text.rangeOf(p), p.name, task.name, it->second);
}

/// E0311 for types Flyte's template engine cannot render.
void checkSubstitutable(const Variable& var, const TaskText& text, const Placeholder& p, DiagnosticEngine& diags) {
  const idl::LiteralType& t = var.type;
  std::optional<DiagKind<2>> kind;
  if (t.isSimple(idl::SimpleType::Duration)) kind = diag::err_duration_input_not_substitutable;
  else if (t.kind() == idl::LiteralType::Kind::Union) kind = diag::err_optional_input_not_substitutable;
  else if (t.isNone()) kind = diag::err_none_input_not_substitutable;
  else return;
  auto d = diags.report(*kind, text.rangeOf(p), var.name, t.str());
  if (var.param) d.note(var.param->range, reason::note_declared_here_unnamed);
}

/// W0312: a `str` in a script outside double quotes.
void checkQuoted(const Variable& var, const TaskText& text, const Placeholder& p, DiagnosticEngine& diags) {
  if (!text.isScript || !var.type.isSimple(idl::SimpleType::String)) return;
  ShellQuote q = text.quoteAt(p.begin);
  if (q == ShellQuote::Double) return;
  auto d = diags.report(q == ShellQuote::Single ? diag::warn_single_quoted_str_placeholder
                                                : diag::warn_unquoted_str_placeholder,
                        text.rangeOf(p), var.name);
  if (q != ShellQuote::None || !text.source.exact()) return;
  const ast::StringExpr& lit = *text.literal;
  // In a raw string a `"` right before the closing `"""` would end it early.
  if (lit.raw && p.end == lit.value.size()) return;
  std::string quote = lit.raw ? "\"" : "\\\"";
  d.fixit(text.rangeOf(p), quote + text.source.sourceText(p.begin, p.end) + quote);
}

void checkTask(const Entity& task, const std::vector<TaskText>& texts, DiagnosticEngine& diags) {
  for (const TaskText& text : texts) {
    for (const Placeholder& p : text.placeholders) {
      switch (p.kind) {
        case PlaceholderKind::Input: {
          const Variable* var = findVar(task.inputs, p.name);
          if (!var) { reportUnknownName(task, text, p, diags); break; }
          if (var->type.isUnset()) break;  // its type did not resolve (reported there)
          checkSubstitutable(*var, text, p, diags);
          checkQuoted(*var, text, p, diags);
          break;
        }
        case PlaceholderKind::Output:
          if (!findVar(task.outputs, p.name)) reportUnknownName(task, text, p, diags);
          break;
        case PlaceholderKind::Inputs:
          if (task.inputs.empty())
            diags.report(diag::err_mount_without_io, text.rangeOf(p), ".inputs", task.name, "inputs", "/var/inputs", "inputs");
          break;
        case PlaceholderKind::OutputDir:
          if (task.outputs.empty())
            diags.report(diag::err_mount_without_io, text.rangeOf(p), ".outputDir", task.name, "outputs", "/var/outputs", "outputs");
          break;
        case PlaceholderKind::Passthrough:
          checkNearMiss(task, text, p, diags);
          checkFlytePlaceholder(task, text, p, diags);
          break;
      }
    }
  }
}

}  // namespace

void checkPlaceholders(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  std::map<const Entity*, std::vector<const NodeInfo*>> mapped = mapNodesByTask(model);
  for (const auto& e : model.entities) {
    auto* decl = llvm::dyn_cast_or_null<ast::TaskDecl>(e->decl);
    if (e->kind != EntityKind::Task || !decl || !options.checks(e.get())) continue;
    std::vector<TaskText> texts = taskTexts(*decl);
    checkTask(*e, texts, diags);
    if (auto it = mapped.find(e.get()); it != mapped.end()) checkMappedTask(*e, texts, it->second, diags);
  }
}

}  // namespace flytec::tc
