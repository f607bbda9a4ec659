// Children of an ANTLR parse-tree node by kind, for ast_builder.cpp.
//
// The accessors ANTLR 4.9 generates (`ctx->expr()`, `ctx->ID()`) test every
// child with dynamic_cast, and a failing dynamic_cast walks the whole class
// hierarchy comparing type names with strcmp, which dominated a check of a
// large workflow. Here a
// child's kind comes from one typeid comparison (terminal or not) and one
// virtual call (its rule index). Same answers as the generated accessors,
// including on the partial trees error recovery leaves.
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

/// `t` as a context of rule `ruleIndex` (FlyteParser::RuleExpr, ...), or null.
inline antlr4::ParserRuleContext* asRule(antlr4::tree::ParseTree* t, size_t ruleIndex) {
  if (isTerminal(t)) return nullptr;
  auto* r = static_cast<antlr4::ParserRuleContext*>(t);
  return r->getRuleIndex() == ruleIndex ? r : nullptr;
}

/// `t` as a token leaf (matched or conjured), or null.
inline antlr4::tree::TerminalNode* asLeaf(antlr4::tree::ParseTree* t) {
  // TerminalNode is a virtual base of the leaf classes, so a cast to it
  // would be a dynamic_cast walking their hierarchy. Once typeid has named
  // the complete type, dynamic_cast<void*> (the vtable's offset-to-top, no
  // walk) finds the complete object, which is that type.
  const std::type_info& type = typeid(*t);
  if (type == typeid(antlr4::tree::TerminalNodeImpl))
    return static_cast<antlr4::tree::TerminalNodeImpl*>(dynamic_cast<void*>(t));
  if (type == typeid(antlr4::tree::ErrorNodeImpl))
    return static_cast<antlr4::tree::ErrorNodeImpl*>(dynamic_cast<void*>(t));
  return nullptr;
}

/// `t` as a token leaf of type `tokenType`, or null.
inline antlr4::tree::TerminalNode* asToken(antlr4::tree::ParseTree* t, size_t tokenType) {
  antlr4::tree::TerminalNode* leaf = asLeaf(t);
  return leaf && leaf->getSymbol()->getType() == tokenType ? leaf : nullptr;
}

/// The first child of `ctx` that the chosen alternative matched: error
/// recovery may have skipped tokens (error leaves) before choosing one.
/// Null when there is none. For the unlabelled rules (expr, postfixOp,
/// primary) it tells the alternatives apart.
inline antlr4::tree::ParseTree* firstMatched(antlr4::ParserRuleContext* ctx) {
  for (antlr4::tree::ParseTree* child : ctx->children)
    if (typeid(*child) != typeid(antlr4::tree::ErrorNodeImpl)) return child;
  return nullptr;
}

/// The token type of firstMatched(ctx) when it is a token, else 0.
inline size_t firstTokenType(antlr4::ParserRuleContext* ctx) {
  antlr4::tree::ParseTree* first = firstMatched(ctx);
  antlr4::tree::TerminalNode* leaf = first ? asLeaf(first) : nullptr;
  return leaf ? leaf->getSymbol()->getType() : 0;
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


}  // namespace flytec::ptree
