// Framing for the language server; see transport.h. Header parsing is
// deliberately forgiving about case and unknown headers (the base protocol
// allows `Content-Type`), strict about a missing or non-numeric length.
#include "transport.h"

#include <fmt/format.h>

#include <cctype>

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace flytec::lsp {

namespace {

/// Reads one line without its `\r\n` / `\n`; nullopt at EOF before any byte.
std::optional<std::string> readLine(std::FILE* in) {
  std::string line;
  int c;
  bool any = false;
  while ((c = std::fgetc(in)) != EOF) {
    any = true;
    if (c == '\n') break;
    line.push_back(static_cast<char>(c));
  }
  if (!any) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

}  // namespace

IncomingMessage Transport::read() {
  return style_ == InputStyle::Standard ? readStandard() : readDelimited();
}

IncomingMessage Transport::readStandard() {
  IncomingMessage msg;
  std::optional<size_t> length;
  bool badLength = false;
  bool sawHeader = false;
  while (true) {
    std::optional<std::string> line = readLine(in_);
    if (!line) {
      if (sawHeader) {
        msg.kind = IncomingMessage::Kind::BadFraming;
        msg.error = "end of input inside a message header";
        return msg;
      }
      return msg;  // clean EOF
    }
    if (line->empty()) {
      if (!sawHeader) continue;  // stray blank lines between messages
      break;
    }
    sawHeader = true;
    if (startsWithNoCase(*line, "content-length:")) {
      std::string_view v = std::string_view(*line).substr(15);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      size_t n = 0;
      bool ok = !v.empty();
      for (char c : v) {
        if (c < '0' || c > '9' || n > kMaxMessageBytes * 10) { ok = false; break; }
        n = n * 10 + static_cast<size_t>(c - '0');
      }
      if (ok) length = n;
      else badLength = true;
    }
    // Other headers (Content-Type) are ignored, as the base protocol allows.
  }
  if (!length || badLength) {
    msg.kind = IncomingMessage::Kind::BadFraming;
    msg.error = badLength ? "malformed Content-Length header" : "message without a Content-Length header";
    return msg;
  }
  if (*length > kMaxMessageBytes) {
    // Skip the body so the stream stays in sync, then report.
    for (size_t i = 0; i < *length && std::fgetc(in_) != EOF; ++i) {
    }
    msg.kind = IncomingMessage::Kind::BadFraming;
    msg.error = fmt::format("message of {} bytes exceeds the limit of {} bytes", *length, kMaxMessageBytes);
    return msg;
  }
  msg.text.resize(*length);
  size_t got = *length ? std::fread(msg.text.data(), 1, *length, in_) : 0;
  if (got != *length) {
    msg.kind = IncomingMessage::Kind::BadFraming;
    msg.error = "end of input inside a message body";
    msg.text.clear();
    return msg;
  }
  msg.kind = IncomingMessage::Kind::Message;
  return msg;
}

IncomingMessage Transport::readDelimited() {
  IncomingMessage msg;
  std::string body;
  bool any = false;
  while (std::optional<std::string> line = readLine(in_)) {
    std::string_view l = *line;
    size_t first = l.find_first_not_of(" \t");
    if (first != std::string_view::npos && l[first] == '#') continue;  // comment
    if (l == "---") {
      if (!any) continue;  // empty message: nothing to dispatch
      msg.kind = IncomingMessage::Kind::Message;
      msg.text = std::move(body);
      return msg;
    }
    if (first == std::string_view::npos) continue;
    body += l;
    body += '\n';
    any = true;
  }
  if (any) {
    msg.kind = IncomingMessage::Kind::Message;
    msg.text = std::move(body);
  }
  return msg;
}

void Transport::send(const llvm::json::Value& message) {
  std::string body;
  llvm::raw_string_ostream os(body);
  if (pretty_) os << llvm::formatv("{0:2}", message);
  else os << message;
  os.flush();
  std::lock_guard<std::mutex> lock(writeMutex_);
  std::fprintf(out_, "Content-Length: %zu\r\n\r\n", body.size());
  std::fwrite(body.data(), 1, body.size(), out_);
  if (pretty_) std::fputc('\n', out_);  // keeps FileCheck lines apart; not counted, ignored by readers of lit output
  std::fflush(out_);
}

}  // namespace flytec::lsp
