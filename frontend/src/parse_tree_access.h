// Children of an ANTLR parse-tree node by kind, for ast_builder.cpp.
//
// The accessors ANTLR 4.9 generates (`ctx->expr()`, `ctx->ID()`) test every
// child with dynamic_cast, and a failing dynamic_cast walks the whole class
// hierarchy comparing type names with strcmp: on a 1,000-node workflow a
// quarter of `flytec check`'s instructions went to __dynamic_cast. Here a
// child's kind comes from one typeid comparison (terminal or not) and one
// virtual call (its rule index), and a labelled alternative is recognised by
// its exact dynamic type. Same answers as the generated accessors, including
// on the partial trees error recovery leaves.
#pragma once

#include <typeinfo>

#include "llvm/ADT/SmallVector.h"

#include "antlr4-runtime.h"

namespace flytec::ptree {

/// A token leaf (matched or conjured by error recovery), not a rule context.
inline bool isTerminal(antlr4::tree::ParseTree* t) {
  const std::type_info& type = typeid(*t);
  return type == typeid(antlr4::tree::TerminalNodeImpl) || type == typeid(antlr4::tree::ErrorNodeImpl);
}

/// `t` as a context of rule `ruleIndex` (FlyteParser::RuleExpr, ...; a
/// labelled alternative included), or null.
inline antlr4::ParserRuleContext* asRule(antlr4::tree::ParseTree* t, size_t ruleIndex) {
  if (isTerminal(t)) return nullptr;
  auto* r = static_cast<antlr4::ParserRuleContext*>(t);
  return r->getRuleIndex() == ruleIndex ? r : nullptr;
}

/// `t` as a token leaf of type `tokenType`, or null.
inline antlr4::tree::TerminalNode* asToken(antlr4::tree::ParseTree* t, size_t tokenType) {
  if (!isTerminal(t)) return nullptr;
  // Only leaves reach this cast, and it succeeds at once.
  auto* leaf = dynamic_cast<antlr4::tree::TerminalNode*>(t);
  return leaf && leaf->getSymbol()->getType() == tokenType ? leaf : nullptr;
}

/// The `nth` child of `ctx` that is rule `ruleIndex`, as the context class
/// `T` of that rule, or null.
template <typename T>
T* rule(antlr4::ParserRuleContext* ctx, size_t ruleIndex, size_t nth = 0) {
  if (!ctx) return nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (antlr4::ParserRuleContext* r = asRule(child, ruleIndex); r && nth-- == 0) return static_cast<T*>(r);
  return nullptr;
}

/// Every child of `ctx` that is rule `ruleIndex`, in order.
template <typename T>
llvm::SmallVector<T*, 8> rules(antlr4::ParserRuleContext* ctx, size_t ruleIndex) {
  llvm::SmallVector<T*, 8> out;
  if (!ctx) return out;
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (antlr4::ParserRuleContext* r = asRule(child, ruleIndex)) out.push_back(static_cast<T*>(r));
  return out;
}

/// The `nth` token child of `ctx` of type `tokenType`, or null.
inline antlr4::tree::TerminalNode* token(antlr4::ParserRuleContext* ctx, size_t tokenType, size_t nth = 0) {
  if (!ctx) return nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (antlr4::tree::TerminalNode* leaf = asToken(child, tokenType); leaf && nth-- == 0) return leaf;
  return nullptr;
}

/// Every token child of `ctx` of type `tokenType`, in order.
inline llvm::SmallVector<antlr4::tree::TerminalNode*, 4> tokens(antlr4::ParserRuleContext* ctx, size_t tokenType) {
  llvm::SmallVector<antlr4::tree::TerminalNode*, 4> out;
  if (!ctx) return out;
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (antlr4::tree::TerminalNode* leaf = asToken(child, tokenType)) out.push_back(leaf);
  return out;
}

/// `ctx` as the labelled alternative `T` (a leaf class of the generated
/// parser) when that is exactly its type, else null.
template <typename T, typename Base>
T* exactly(Base* ctx) {
  return ctx && typeid(*ctx) == typeid(T) ? static_cast<T*>(ctx) : nullptr;
}

}  // namespace flytec::ptree
