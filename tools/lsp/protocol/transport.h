// The byte-level side of the language server: reads JSON-RPC messages from a
// stream and writes them back, framed with `Content-Length` headers (LSP base
// protocol). A second, delimited input style exists for lit tests, as in
// clangd: messages are separated by lines holding `---`, and lines starting
// with `#` are comments, so transcripts can be written by hand. The transport
// does not parse JSON and knows nothing about methods; it only reports
// framing problems so the server can answer them.
#pragma once

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "llvm/Support/JSON.h"

namespace flytec::lsp {

/// How input messages are framed.
enum class InputStyle { Standard, Delimited };

/// One read from the transport.
struct IncomingMessage {
  enum class Kind { Message, Eof, BadFraming } kind = Kind::Eof;
  std::string text;   ///< the message body (Kind::Message)
  std::string error;  ///< what was wrong (Kind::BadFraming)
};

/// Largest message body accepted; bigger ones are skipped and answered with
/// an error (a source file may hold up to 64 MiB, escaped JSON a bit more).
inline constexpr size_t kMaxMessageBytes = 160u << 20;

class Transport {
 public:
  /// `pretty` writes indented JSON (lit tests FileCheck it line by line).
  Transport(std::FILE* in, std::FILE* out, InputStyle style, bool pretty = false)
      : in_(in), out_(out), style_(style), pretty_(pretty) {}

  /// Blocks for the next message. Only the reading thread calls this.
  IncomingMessage read();

  /// Writes one message with its `Content-Length` header; safe from any thread.
  void send(const llvm::json::Value& message);

 private:
  IncomingMessage readStandard();
  IncomingMessage readDelimited();

  std::FILE* in_;
  std::FILE* out_;
  InputStyle style_;
  bool pretty_;
  std::mutex writeMutex_;
};

}  // namespace flytec::lsp
