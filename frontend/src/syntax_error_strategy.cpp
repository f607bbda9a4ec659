// See syntax_error_strategy.h.
#include "syntax_error_strategy.h"

#include <fmt/format.h>

#include "grammar/FlyteParser.h"

namespace flytec {

using P = grammar::FlyteParser;

namespace {

std::string_view spell(size_t type) {
  switch (type) {
    case P::PACKAGE: return "`package`";   case P::IMPORT: return "`import`";
    case P::AS: return "`as`";             case P::ENUM: return "`enum`";
    case P::STRUCT: return "`struct`";     case P::TASK: return "`task`";
    case P::WORKFLOW: return "`workflow`"; case P::LAUNCHPLAN: return "`launchplan`";
    case P::MAP: return "`map`";           case P::PARTIAL: return "`partial`";
    case P::RETURN: return "`return`";     case P::AFTER: return "`after`";
    case P::WITH: return "`with`";         case P::TRUE: return "`true`";
    case P::FALSE: return "`false`";       case P::NONE: return "`none`";
    case P::ARROW: return "`->`";          case P::LPAREN: return "`(`";
    case P::RPAREN: return "`)`";          case P::LBRACK: return "`[`";
    case P::RBRACK: return "`]`";          case P::LBRACE: return "`{`";
    case P::RBRACE: return "`}`";          case P::COMMA: return "`,`";
    case P::COLON: return "`:`";           case P::DOT: return "`.`";
    case P::QUESTION: return "`?`";        case P::ASSIGN: return "`=`";
    case P::ID: return "a name";           case P::STRING: return "a string";
    case P::RAWSTRING: return "a raw string"; case P::INT: return "an integer";
    case P::FLOAT: return "a number";      case P::DURATION: return "a duration";
    case antlr4::Token::EOF: return "end of file";
    default: return "an operator";
  }
}

/// The closing bracket for an opening one, or 0.
size_t closerOf(size_t open) {
  switch (open) {
    case P::LPAREN: return P::RPAREN;
    case P::LBRACK: return P::RBRACK;
    case P::LBRACE: return P::RBRACE;
    default: return 0;
  }
}

}  // namespace

llvm::SMRange SyntaxErrorStrategy::rangeOf(antlr4::Token* t) const {
  size_t b = t->getStartIndex();
  size_t e = t->getType() == antlr4::Token::EOF ? b : t->getStopIndex() + 1;
  return {llvm::SMLoc::getFromPointer(base_ + b), llvm::SMLoc::getFromPointer(base_ + e)};
}

std::string SyntaxErrorStrategy::describeFound(antlr4::Token* t) const {
  if (t->getType() == antlr4::Token::EOF) return endDescription_;
  std::string text = t->getText();
  if (t->getType() == P::STRING || t->getType() == P::RAWSTRING) return std::string(spell(t->getType()));
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return fmt::format("`{}`", text);
}

std::string SyntaxErrorStrategy::describeExpected(antlr4::Parser* p,
                                                  const antlr4::misc::IntervalSet& expected) const {
  std::vector<size_t> types;
  for (const auto& iv : expected.getIntervals())
    for (ssize_t t = iv.a; t <= iv.b && types.size() < 16; ++t) types.push_back(static_cast<size_t>(t));
  if (types.size() <= 3 && !types.empty()) {
    std::string out;
    for (size_t i = 0; i < types.size(); ++i) {
      if (i) out += i + 1 == types.size() ? " or " : ", ";
      out += spell(types[i]);
    }
    if (!out.empty()) return out;
  }
  size_t rule = p->getContext() ? p->getContext()->getRuleIndex() : size_t(P::RuleChunk);
  switch (rule) {
    case P::RuleChunk: case P::RuleDecl:
      return "a declaration (`task`, `workflow`, `struct`, `enum` or `launchplan`)";
    case P::RuleType: return "a type";
    case P::RuleBlock: case P::RuleField: return "a field (`name = value`) or `}`";
    case P::RuleWorkflowDecl: return "a node (`name = task(...)`), `return` or `}`";
    case P::RuleParams: case P::RuleParam: return "a parameter (`name: type`)";
    default: return "an expression";
  }
}

void SyntaxErrorStrategy::report(antlr4::Parser* p, antlr4::Token* offending,
                                 const antlr4::misc::IntervalSet& expected) {
  if (reported_) return;  // one error per item: later ones are usually fallout
  ++reported_;
  // Find the innermost bracket still open before the offending token.
  size_t offset = offending->getStartIndex();
  std::vector<const Token*> open;
  for (size_t i = itemBegin_; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.begin >= offset) break;
    if (t.channel != kDefaultChannel) continue;
    if (t.type == P::LPAREN || t.type == P::LBRACK || t.type == P::LBRACE) open.push_back(&t);
    else if ((t.type == P::RPAREN || t.type == P::RBRACK || t.type == P::RBRACE) && !open.empty())
      open.pop_back();
  }
  const Token* opener = open.empty() ? nullptr : open.back();
  auto openerRange = [&] {
    return llvm::SMRange(llvm::SMLoc::getFromPointer(base_ + opener->begin),
                         llvm::SMLoc::getFromPointer(base_ + opener->end));
  };
  std::string openText = opener ? std::string(opener->text(buffer_)) : "";
  std::string closeText = opener ? std::string(spell(closerOf(opener->type))).substr(1, 1) : "";

  if (offending->getType() == antlr4::Token::EOF && opener) {
    diags_.report(diag::err_unclosed_bracket, openerRange(), openText, closeText, endDescription_)
        .note(rangeOf(offending), reason::note_expected_here, closeText);
    return;
  }
  std::string want = describeExpected(p, expected);
  if (opener && expected.contains(closerOf(opener->type)) && expected.size() <= 3) {
    // Name what the bracket belongs to: a call `name(`, a list, a block.
    std::string what;
    const Token* first = &tokens_[itemBegin_];
    const Token* before = opener > first ? opener - 1 : nullptr;
    while (before && before > first && before->channel != kDefaultChannel) --before;
    const Token* keyword = before && before > first ? before - 1 : nullptr;
    bool declaration = keyword && (keyword->type == P::TASK || keyword->type == P::WORKFLOW);
    if (opener->type == P::LPAREN && before && before->type == P::ID && declaration)
      what = fmt::format(" to close the parameters of `{}`", before->text(buffer_));
    else if (opener->type == P::LPAREN && before && before->type == P::ID)
      what = fmt::format(" to close the call to `{}`", before->text(buffer_));
    else if (opener->type == P::LPAREN && before && (before->type == P::MAP || before->type == P::PARTIAL))
      what = fmt::format(" to close `{}(`", before->text(buffer_));
    if (!what.empty()) want = fmt::format("`{}`{}", closeText, what);
    diags_.report(diag::err_expected_token, rangeOf(offending), want, describeFound(offending))
        .note(openerRange(), reason::note_to_match_this, openText);
    return;
  }
  diags_.report(diag::err_expected_token, rangeOf(offending), want, describeFound(offending));
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser* p,
                                                    const antlr4::NoViableAltException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser* p,
                                              const antlr4::InputMismatchException& e) {
  report(p, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser* p,
                                                const antlr4::FailedPredicateException& e) {
  report(p, e.getOffendingToken(), p->getExpectedTokens());
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), getExpectedTokens(p));
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* p) {
  if (inErrorRecoveryMode(p)) return;
  beginErrorCondition(p);
  report(p, p->getCurrentToken(), getExpectedTokens(p));
}

antlr4::Token* SyntaxErrorStrategy::getMissingSymbol(antlr4::Parser* p) {
  antlr4::Token* current = p->getCurrentToken();
  antlr4::misc::IntervalSet expected = getExpectedTokens(p);
  size_t type = expected.isEmpty() ? antlr4::Token::INVALID_TYPE : expected.getMinElement();
  auto tok = std::make_unique<antlr4::CommonToken>(type, "<missing>");
  tok->setStartIndex(current->getStartIndex());
  tok->setStopIndex(current->getStartIndex() - 1);
  conjured_.push_back(std::move(tok));
  return conjured_.back().get();
}

}  // namespace flytec
