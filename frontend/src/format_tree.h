// The formatter's view of a file (private to frontend/src/format_*.cpp): the
// code tokens, the comments re-attached to them by position, and a tree of
// bracket groups split into comma-separated items or block statements. It
// knows which brackets may break and where statements start; it does not
// decide any layout (format_printer.cpp does).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "frontend/token.h"

namespace flytec::fmtimpl {

inline constexpr uint32_t kNone = UINT32_MAX;

/// How a bracket pair lays out.
enum class GroupKind {
  List,   ///< `( )`, list `[ ]`, dict/struct/enum `{ }`: comma-separated, may break
  Tight,  ///< type arguments and indexing `[ ]`: never broken, no trailing comma
  Block,  ///< `key { }` / `with { }`: statements, flat `{ a = 1  b = 2 }` when it fits
  Body,   ///< a task/workflow/launch plan body: statements, always one per line
};

struct Group;

/// A code token or a nested bracket group.
struct Elem {
  uint32_t tok = kNone;  ///< code-token index when not a group
  std::unique_ptr<Group> group;
  uint32_t first() const;  ///< first code token (the open bracket for a group)
  uint32_t last() const;   ///< last code token (the close bracket for a group)
};

/// One comma-separated item or one statement.
struct Item {
  std::vector<Elem> elems;
  uint32_t comma = kNone;  ///< the `,` after it in the source, if any
  uint32_t first() const { return elems.front().first(); }
  uint32_t last() const { return elems.back().last(); }
};

struct Group {
  GroupKind kind = GroupKind::List;
  uint32_t open = kNone, close = kNone;
  std::vector<Item> items;
  int flatWidth = -1;  ///< memo for the printer; -1 not computed
};

struct Comment {
  Token tok;
  bool blankBefore = false;  ///< an empty line precedes it in the source
};

/// The whole file, ready to print.
struct FormatInput {
  std::string_view buf;
  std::vector<Token> code;                      ///< non-comment tokens
  std::vector<Comment> comments;
  std::vector<std::vector<uint32_t>> before;    ///< own-line comments before code[i]; [size] = end of file
  std::vector<uint32_t> after;                  ///< comment on the same line after code[i], or kNone
  std::vector<bool> blankBefore;                ///< an empty line directly precedes code[i] (after its comments)
  std::vector<uint32_t> prefBefore, prefAfter;  ///< prefix counts behind interiorComments
  std::vector<Item> topItems;                   ///< package, imports, declarations in order

  /// True when a comment sits strictly inside code tokens [a, b]: before a
  /// token in (a, b] or after a token in [a, b).
  bool interiorComments(uint32_t a, uint32_t b) const;
};

/// Split `all` (the lexer's tokens, comments included) into a FormatInput.
/// The tokens must come from a file that parsed without errors.
FormatInput buildFormatInput(std::string_view buf, const std::vector<Token>& all);

}  // namespace flytec::fmtimpl
