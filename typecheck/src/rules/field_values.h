// Value checks shared by task fields, `with` overrides and Dask groups:
// `image` (a non-empty string), `retries` (int >= 0), `timeout` (a duration
// > 0), `interruptible` (a bool), each reporting E0322 (wrong kind of value)
// or E0323 (out of range) at the value. Fields are literals in .flyte (there
// are no constants), so these read the AST directly. Which fields a block
// allows is decided by its caller, not here.
#pragma once

#include <string>

#include "diagnostics/diagnostic_engine.h"
#include "rules/block_entries.h"

namespace flytec::tc {

/// "a string", "an int", "a list", "a block", ... for "found ..." messages.
std::string describeValue(const Entry& e);
std::string describeExpr(const ast::Expr* e);

/// E0322 `name` expects `expected`, found what `e` holds.
void reportWrongKind(const Entry& e, const std::string& expected, DiagnosticEngine& diags);

/// `image`: the string literal when it is a non-empty string, else null (reported).
const ast::StringExpr* checkImage(const Entry& e, DiagnosticEngine& diags);
void checkRetries(const Entry& e, DiagnosticEngine& diags);
void checkTimeout(const Entry& e, DiagnosticEngine& diags);
void checkInterruptible(const Entry& e, DiagnosticEngine& diags);

}  // namespace flytec::tc
