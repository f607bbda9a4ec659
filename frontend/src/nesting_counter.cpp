// The nesting limit over tokens; see nesting_counter.h for what counts.
#include "nesting_counter.h"

#include "frontend/lexer.h"
#include "grammar/FlyteParser.h"

namespace flytec {

namespace {

using P = grammar::FlyteParser;

bool endsOperand(int type) {
  switch (type) {
    case P::ID: case P::INT: case P::FLOAT: case P::STRING: case P::RAWSTRING:
    case P::DURATION: case P::TRUE: case P::FALSE: case P::NONE: case P::MAP:
    case P::PARTIAL: case P::RPAREN: case P::RBRACK: case P::RBRACE:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool NestingCounter::admit(int type) {
  switch (type) {
    case P::LPAREN: case P::LBRACK: case P::LBRACE:
      if (type != P::LBRACE && afterOperand_) ++depth_;  // a call or an index
      open_.push_back(depth_);
      ++depth_;
      break;
    case P::RPAREN: case P::RBRACK: case P::RBRACE:
      // An unbalanced closer is a syntax error for the parser; the level
      // stays where it is.
      if (!open_.empty()) {
        depth_ = open_.back();
        open_.pop_back();
      }
      break;
    case P::MINUS: case P::PLUS: case P::BANG: case P::STAR: case P::SLASH:
    case P::PERCENT: case P::EQEQ: case P::NOTEQ: case P::LT: case P::GT:
    case P::LE: case P::GE: case P::ANDAND: case P::OROR: case P::DOT:
      ++depth_;
      break;
    case P::COMMA: case P::ASSIGN: case P::COLON: case P::ARROW: case P::RETURN:
    case P::AFTER: case P::WITH: case P::AS: case P::QUESTION:
      depth_ = floor();
      break;
    case P::PACKAGE: case P::IMPORT: case P::ENUM: case P::STRUCT:
    case P::TASK: case P::WORKFLOW: case P::LAUNCHPLAN:
      open_.clear();
      depth_ = 0;
      break;
    case P::ID:
      if (afterOperand_) depth_ = floor();  // the next field, node or statement
      break;
    default:
      break;
  }
  afterOperand_ = endsOperand(type);
  return depth_ <= kMaxNesting;
}

}  // namespace flytec
