// Tokens of the hand-written lexer: a type from the ANTLR grammar's
// vocabulary (FlyteParser::ID, ...), a channel and a byte range. Compact on
// purpose: a 3 MB file has ~650k of them (parsing-performance.md).
#pragma once

#include <cstdint>
#include <string_view>

namespace flytec {

/// Channels as in Flyte.g4: default, comments, doc comments.
enum TokenChannel : uint8_t { kDefaultChannel = 0, kCommentChannel = 1, kDocChannel = 2 };

struct Token {
  uint16_t type;     ///< FlyteParser token type; antlr4::Token::EOF (-1) is stored as 0xFFFF
  uint8_t channel;   ///< TokenChannel
  uint32_t begin;    ///< byte offset in the buffer
  uint32_t end;      ///< one past the last byte
  std::string_view text(std::string_view buffer) const { return buffer.substr(begin, end - begin); }
};

/// Display name of a token type for messages and --dump-tokens ("`)`", "ID").
std::string_view tokenTypeName(int type);

}  // namespace flytec
