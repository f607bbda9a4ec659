// Launch-plan schedules (see schedule_check.h). Cron text goes through
// idl::parseCronStandard (robfig/cron v3 ParseStandard, as flyteadmin's
// scheduler parses it); this file only turns its verdict into a diagnostic
// that names the field, the offending text and what the field allows, and
// points inside the string when the string has no escapes.
#include "rules/schedule_check.h"

#include <optional>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostic_reason.h"
#include "idl/cron.h"
#include "idl/duration.h"
#include "model_builder.h"

namespace flytec::tc {

using namespace ast;

std::string describeLaunchPlanValue(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return "the name `" + std::string(llvm::cast<NameExpr>(e).name) + "`";
    case ExprKind::Int: return "an integer";
    case ExprKind::Float: return "a float";
    case ExprKind::String: return "a string";
    case ExprKind::Duration: return "a duration";
    case ExprKind::Bool: return "a boolean";
    case ExprKind::None: return "`none`";
    case ExprKind::List: return "a list";
    case ExprKind::Dict: return "a dict";
    case ExprKind::Tuple: return "a tuple";
    case ExprKind::Call: return "a call";
    case ExprKind::Member: case ExprKind::Index: return "a reference";
    case ExprKind::Map: return "a `map(...)`";
    case ExprKind::Partial: return "a `partial(...)`";
    case ExprKind::Unary: case ExprKind::Binary: return "an operation";
    case ExprKind::Error: return "an invalid expression";
  }
  return "an expression";
}

namespace {

/// One `key = value` of the schedule, from a dict literal or a block.
struct Entry {
  const Ident* key;
  const Expr* value;  ///< null for a nested block (`key { ... }`)
  SMRange range;
};

/// Messages never contain `}}` (the -verify syntax); cron text is user text.
std::string sanitize(std::string_view s) {
  std::string out(s);
  for (size_t i = out.find("}}"); i != std::string::npos; i = out.find("}}", i + 2)) out.replace(i, 2, "} }");
  return out;
}

/// The range of `text` at `offset` in the string's value, when the source
/// spells the value byte for byte (no escapes); else the whole string.
SMRange rangeInString(const StringExpr& s, size_t offset, size_t length) {
  const char* begin = s.contentRange.Start.getPointer();
  const char* end = s.contentRange.End.getPointer();
  if (!begin || !end || size_t(end - begin) != s.value.size() || length == 0 || offset + length > s.value.size())
    return s.range;
  return SMRange(llvm::SMLoc::getFromPointer(begin + offset), llvm::SMLoc::getFromPointer(begin + offset + length));
}

size_t countFields(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

void checkCron(const StringExpr& s, DiagnosticEngine& diags) {
  idl::CronParse parse = idl::parseCronStandard(s.value);
  if (parse) return;
  const idl::CronError& err = parse.error;
  std::string detail;
  if (err.field) {
    std::string field(idl::cronFieldName(*err.field));
    bool outOfRange = err.message.find("above maximum") != std::string::npos ||
                      err.message.find("below minimum") != std::string::npos;
    bool seven = *err.field == idl::CronField::DayOfWeek && err.message.find("(7)") != std::string::npos;
    if (!outOfRange)
      detail = reasonText(reason::cron_field_invalid, field, err.text, err.message, err.allowed);
    else
      detail = reasonText(seven ? reason::cron_field_out_of_range_sunday : reason::cron_field_out_of_range, field,
                          err.text, err.allowed);
  } else if (err.message.rfind("expected exactly 5 fields", 0) == 0) {
    size_t n = countFields(err.text);
    detail = reasonText(n == 6 ? reason::cron_field_count_seconds : reason::cron_field_count, n);
  } else {
    // The parser's own words (robfig/cron's, as flyteadmin prints them).
    detail = err.allowed.empty() ? err.message : reasonText(reason::cron_parser_expected, err.message, err.allowed);
  }
  SMRange where = err.field || !err.text.empty() ? rangeInString(s, err.offset, err.text.size()) : s.range;
  diags.report(diag::err_invalid_cron, where, sanitize(s.value), sanitize(detail));
}

void checkRate(const Expr& value, DiagnosticEngine& diags) {
  auto* d = llvm::dyn_cast<DurationExpr>(&value);
  if (!d) {
    diags.report(diag::err_rate_not_duration, value.range, describeLaunchPlanValue(value));
    return;
  }
  if (d->nanos <= 0) {
    diags.report(diag::err_fixed_rate_not_positive, d->range, d->text);
    return;
  }
  if (d->nanos % idl::kMinute == 0) return;
  int64_t minutes = d->nanos / idl::kMinute + 1;  // round up: never more often than written
  std::string suggestion = idl::formatDurationLiteral(minutes * idl::kMinute);
  diags.report(diag::err_invalid_fixed_rate, d->range, d->text)
      .didYouMean(suggestion)
      .fixit(d->range, suggestion, /*certain=*/false);
}

void checkKickoff(const Expr& value, const Entity* workflow,
                  const std::map<std::string, SMRange, std::less<>>& fixed, std::string& name,
                  DiagnosticEngine& diags) {
  if (auto* n = llvm::dyn_cast<NameExpr>(&value)) {
    name = n->name;
  } else if (auto* s = llvm::dyn_cast<StringExpr>(&value)) {
    name = s->value;
  } else {
    diags.report(diag::err_kickoff_not_a_name, value.range, describeLaunchPlanValue(value));
    return;
  }
  if (!workflow) return;
  const Variable* input = nullptr;
  std::vector<std::string> names;
  for (const Variable& v : workflow->inputs) {
    names.push_back(v.name);
    if (v.name == name) input = &v;
  }
  if (!input) {
    std::string best = closestName(name, names);
    diags.report(diag::err_invalid_kickoff_input, value.range, name, workflow->name).didYouMean(best);
    return;
  }
  if (auto it = fixed.find(name); it != fixed.end()) {
    diags.report(diag::err_kickoff_input_fixed, value.range, name, workflow->name)
        .note(it->second, reason::note_fixed_here, name);
    return;
  }
  if (!input->type.isSimple(idl::SimpleType::Datetime)) {
    auto b = diags.report(diag::err_kickoff_input_not_datetime, value.range, name, input->type.str(), workflow->name);
    if (input->param) b.note(input->param->range, reason::note_declared_here, name);
  }
}

}  // namespace

ScheduleInfo checkSchedule(const Field& field, const Entity* workflow,
                           const std::map<std::string, SMRange, std::less<>>& fixed, DiagnosticEngine& diags) {
  ScheduleInfo info;
  info.present = true;
  std::vector<Entry> entries;
  if (field.block) {
    for (const Field& f : field.block->fields) entries.push_back({&f.key, f.value.get(), f.range});
  } else if (auto* s = llvm::dyn_cast_or_null<StringExpr>(field.value.get())) {
    checkCron(*s, diags);
    return info;
  } else if (auto* d = llvm::dyn_cast_or_null<DictExpr>(field.value.get())) {
    for (const DictEntry& e : d->entries) entries.push_back({&e.key, e.value.get(), e.range});
  } else {
    if (field.value && field.value->kind != ExprKind::Error)
      diags.report(diag::err_schedule_invalid_form, field.value->range, describeLaunchPlanValue(*field.value));
    return info;
  }

  static const std::vector<std::string> kKeys = {"cron", "rate", "kickoff"};
  const Entry* cron = nullptr;
  const Entry* rate = nullptr;
  const Entry* kickoff = nullptr;
  bool unknownKeys = false;
  for (const Entry& e : entries) {
    const Entry** slot = e.key->name == "cron" ? &cron : e.key->name == "rate" ? &rate
                       : e.key->name == "kickoff" ? &kickoff : nullptr;
    if (!slot) {
      unknownKeys = true;
      diags.report(diag::err_launch_plan_unknown_key, e.key->range, e.key->name, "a schedule", "`cron`, `rate` or `kickoff`")
          .didYouMean(closestName(e.key->name, kKeys));
      continue;
    }
    if (*slot) {
      diags.report(diag::err_schedule_key_given_twice, e.key->range, e.key->name)
          .note((*slot)->key->range, reason::note_first_given_here, e.key->name);
      continue;
    }
    if (!e.value) {
      diags.report(diag::err_launch_plan_key_as_block, e.range, e.key->name, e.key->name);
      continue;
    }
    *slot = &e;
  }
  if (cron && rate) {
    const Entry* second = cron->range.Start.getPointer() < rate->range.Start.getPointer() ? rate : cron;
    const Entry* first = second == rate ? cron : rate;
    diags.report(diag::err_schedule_cron_and_rate, second->key->range)
        .note(first->key->range, reason::note_given_here, first->key->name);
  } else if (!cron && !rate && !unknownKeys) {  // a misspelt `cron` is reported once, as E0806
    diags.report(diag::err_schedule_without_cron_or_rate, field.key.range);
  }
  if (cron) {
    if (auto* s = llvm::dyn_cast<StringExpr>(cron->value))
      checkCron(*s, diags);
    else if (cron->value->kind != ExprKind::Error)
      diags.report(diag::err_cron_not_string, cron->value->range, describeLaunchPlanValue(*cron->value));
  }
  if (rate && rate->value->kind != ExprKind::Error) checkRate(*rate->value, diags);
  if (kickoff && kickoff->value->kind != ExprKind::Error)
    checkKickoff(*kickoff->value, workflow, fixed, info.kickoff, diags);
  return info;
}

}  // namespace flytec::tc
