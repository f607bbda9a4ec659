// `with` override keys and values; see with_overrides.h.
#include "rules/with_overrides.h"

#include <map>

#include "model_builder.h"
#include "rules/block_entries.h"
#include "rules/field_values.h"

namespace flytec::tc {

namespace {

const std::vector<std::string> kWithKeys = {"requests", "limits", "retries", "timeout", "interruptible", "image"};

/// Spellings from flytekit and other tools (offered, never applied by --fixit).
const std::map<std::string, std::string, std::less<>> kWithAliases = {
    {"retry", "retries"},          {"max_retries", "retries"},    {"container_image", "image"},
    {"interruptable", "interruptible"}, {"resources", "requests"}, {"request", "requests"},
    {"limit", "limits"}};

void checkWith(const ast::Node& node, DiagnosticEngine& diags) {
  std::vector<Entry> entries = entriesOf(*node.with);
  std::string where = "`with` of node `" + std::string(node.name.name) + "`";
  reportDuplicateKeys(entries, where, diags);
  for (const Entry& e : entries) {
    const std::string& n = e.name();
    if (n == "image") checkImage(e, diags);
    else if (n == "retries") checkRetries(e, diags);
    else if (n == "timeout") checkTimeout(e, diags);
    else if (n == "interruptible") checkInterruptible(e, diags);
    else if (n == "requests" || n == "limits") continue;  // resources.cpp
    else {
      auto alias = kWithAliases.find(n);
      std::string best = alias != kWithAliases.end() ? alias->second : closestName(n, kWithKeys);
      bool taken = best.empty() || findEntry(entries, best);
      if (best.empty()) {
        diags.report(diag::err_unknown_override, e.key->range, n, where);
        continue;
      }
      auto d = diags.report(diag::err_unknown_field, e.key->range, n, where).didYouMean(best);
      if (!taken) d.fixit(e.key->range, best, /*certain=*/alias == kWithAliases.end());
    }
  }
}

}  // namespace

void checkWithOverrides(const SemanticModel& model, const CheckOptions& options, DiagnosticEngine& diags) {
  // From the AST, so that nodes the model could not resolve are checked too.
  for (const auto& ent : model.entities)
    if (auto* wf = llvm::dyn_cast_or_null<ast::WorkflowDecl>(ent->decl); wf && options.checks(ent.get()))
      for (const ast::Node& n : wf->nodes)
        if (n.with) checkWith(n, diags);
}

}  // namespace flytec::tc
