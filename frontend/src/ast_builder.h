// Builds ast:: nodes from one item's ANTLR parse tree. The only file besides
// parser.cpp that sees ANTLR contexts. After a syntax error the tree may have
// missing children; every accessor is null-checked and a missing expression
// becomes an ErrorExpr, so later phases need no special cases.
#pragma once

#include <string_view>
#include <vector>

#include "diagnostics/diagnostic_engine.h"
#include "frontend/ast.h"
#include "frontend/token.h"
#include "grammar/FlyteParser.h"

namespace flytec {

/// What one item's parse tree turned into, before it joins the file. Items
/// are built independently (possibly on several threads) and added to the
/// file in source order by AstBuilder::addToFile.
struct ParsedItem {
  enum class Kind { Nothing, Package, Import, Decl };
  Kind kind = Kind::Nothing;
  llvm::SMRange keyword;                ///< `package` / `import`, for E0110
  std::vector<ast::Ident> packageName;  ///< Kind::Package
  llvm::SMRange packageRange;
  ast::Import import;                   ///< Kind::Import
  ast::DeclPtr decl;                    ///< Kind::Decl
  bool inPieces = false;  ///< parsed one statement at a time (for ParseCounts)
};

class AstBuilder {
 public:
  AstBuilder(std::string_view buffer, const char* base, const std::vector<Token>& tokens,
             DiagnosticEngine& diags)
      : buffer_(buffer), base_(base), tokens_(tokens), diags_(diags) {}

  /// Builds what `chunk` holds (package, import or declaration); reports
  /// only about the item itself (e.g. E0111), into the builder's engine.
  ParsedItem build(grammar::FlyteParser::ChunkContext* chunk);
  /// Adds `item` to `file`, or reports E0110 when it comes too late (a
  /// `package` after imports, an `import` after declarations).
  static void addToFile(ParsedItem item, ast::File& file, DiagnosticEngine& diags);

  /// A workflow parsed in pieces (workflow_pieces.h), built as it is parsed:
  /// its head, then each node (node()), then its `return` (null when it has
  /// none) and the `}` that closes it. The result equals build() of the whole.
  std::shared_ptr<ast::WorkflowDecl> workflowHead(grammar::FlyteParser::WorkflowHeadContext* head);
  ast::Node node(grammar::FlyteParser::NodeContext* ctx);
  ParsedItem finishWorkflow(std::shared_ptr<ast::WorkflowDecl> w,
                            grammar::FlyteParser::ReturnStmtContext* ret, const Token& closeBrace);

 private:
  using P = grammar::FlyteParser;
  llvm::SMRange range(antlr4::ParserRuleContext* ctx) const;
  llvm::SMRange range(antlr4::tree::TerminalNode* node) const;
  llvm::SMRange range(antlr4::Token* tok) const;
  /// The source text of `tok` (a view into the buffer; empty for EOF).
  std::string_view text(antlr4::Token* tok) const;
  ast::Ident ident(antlr4::tree::TerminalNode* node) const;
  /// Keeps `s` for the declaration being built, which takes the builder's
  /// strings when it is done (finishDecl).
  ast::Text save(std::string s) { return strings_.save(std::move(s)); }
  /// A string literal's value: a view of its text when it has no escapes.
  ast::Text stringValue(std::string_view literal);
  /// Hands `d` the strings saved while building it.
  void finishDecl(ast::Decl& d);
  std::vector<ast::Ident> qualname(P::QualnameContext* ctx) const;
  std::string docBefore(antlr4::Token* first) const;

  ast::DeclPtr decl(P::DeclContext* ctx);
  /// The parts workflowDecl and workflowHead share.
  template <class HeadContext>
  void workflowHeadInto(ast::WorkflowDecl& d, HeadContext* ctx);
  void returnInto(ast::WorkflowDecl& d, P::ReturnStmtContext* ret);
  std::vector<ast::Param> params(P::ParamsContext* ctx);
  ast::Param param(P::ParamContext* ctx);
  std::optional<ast::Outputs> outputs(P::RetContext* ctx);
  ast::TypeRef type(P::TypeContext* ctx);
  ast::Block block(P::BlockContext* ctx);
  ast::ExprPtr expr(P::ExprContext* ctx);
  ast::ExprPtr postfix(P::PostfixContext* ctx);
  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::Arg argOrExpr(P::ArgOrExprContext* ctx);
  ast::Arg arg(P::ArgContext* ctx);
  ast::ExprPtr errorExpr(antlr4::ParserRuleContext* near);

  std::string_view buffer_;
  const char* base_;
  const std::vector<Token>& tokens_;
  DiagnosticEngine& diags_;
  ast::OwnedStrings strings_;  ///< of the declaration being built
};

}  // namespace flytec
