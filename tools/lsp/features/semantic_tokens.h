// Semantic tokens: every name of the document the checker resolved
// (SemanticModel::names), classified by what it names
// (task/workflow = function, struct, enum, parameter, node = variable,
// import = namespace, ...), plus the declaration keywords. Keywords, strings
// and comments elsewhere are left to the editor's TextMate grammar. Byte
// ranges and indexes into the legend of protocol.h; the server encodes them.
#pragma once

#include <vector>

#include "analysis.h"

namespace flytec::lsp {

/// Indexes into semanticTokenTypes() (protocol.h), same order.
enum class TokenType : unsigned {
  Namespace, Type, Struct, Enum, EnumMember, Parameter, Variable, Property, Function, Keyword, String, Number,
};

struct SemanticToken {
  size_t begin, end;  ///< bytes in the document
  TokenType type;
  unsigned modifiers; ///< bit 0 declaration
};

/// Tokens of the document in source order, never overlapping.
std::vector<SemanticToken> semanticTokens(const Analysis& a);

}  // namespace flytec::lsp
