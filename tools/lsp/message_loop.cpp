// The message loop of LspServer (lsp_server.h): a reader thread takes
// messages off the transport and parses their JSON; the main thread answers
// them in order. The reader exists so that `$/cancelRequest` is noticed while
// the main thread is busy: a request still queued is answered -32800 without
// running, a running one gets its cancel flag set (the document check it may
// be waiting for polls it) and is answered -32800 when it returns. A request
// that already finished is not affected. The reader stops after `exit` or
// end of input, so the main thread can always join it.
#include <fmt/format.h>

#include <thread>

#include "lsp_server.h"
#include "support/bounded_json.h"

namespace flytec::lsp {

using llvm::json::Object;
using llvm::json::Value;

namespace {
/// A request id as a map key ("n:4", "s:abc"): ids may be numbers or strings.
std::optional<std::string> idKey(const Value* id) {
  if (!id) return std::nullopt;
  if (auto n = id->getAsInteger()) return "n:" + std::to_string(*n);
  if (auto d = id->getAsNumber()) return "d:" + std::to_string(*d);
  if (auto s = id->getAsString()) return "s:" + s->str();
  return std::nullopt;
}
}  // namespace

void LspServer::readLoop() {
  while (true) {
    Queued q;
    q.raw = transport_.read();
    bool last = q.raw.kind == IncomingMessage::Kind::Eof;
    if (q.raw.kind == IncomingMessage::Kind::Message) {
      llvm::Expected<Value> parsed = support::parseJson(q.raw.text);
      if (parsed) q.json = std::move(*parsed);
      else q.jsonError = llvm::toString(parsed.takeError());
      q.raw.text.clear();  // parsed now; a large didOpen need not be held twice
    }
    if (q.json)
      if (const Object* obj = q.json->getAsObject()) {
        llvm::Optional<llvm::StringRef> method = obj->getString("method");
        std::lock_guard<std::mutex> lock(requestsMutex_);
        if (method && *method == "$/cancelRequest") {
          const Object* params = obj->getObject("params");
          if (auto key = idKey(params ? params->get("id") : nullptr); key && pendingIds_.count(*key)) {
            cancelledIds_.insert(*key);
            if (runningCancel_ && runningId_ == *key) runningCancel_->store(true);
          }
        } else if (method && obj->get("id")) {
          if (auto key = idKey(obj->get("id"))) pendingIds_.insert(*key);
        }
        if (method && *method == "exit" && !obj->get("id")) last = true;
      }
    {
      std::lock_guard<std::mutex> lock(queueMutex_);
      queue_.push_back(std::move(q));
    }
    queueCv_.notify_one();
    if (last) return;
  }
}

LspServer::Queued LspServer::nextMessage() {
  std::unique_lock<std::mutex> lock(queueMutex_);
  queueCv_.wait(lock, [this] { return !queue_.empty(); });
  Queued q = std::move(queue_.front());
  queue_.pop_front();
  return q;
}

int LspServer::run() {
  std::thread reader([this] { readLoop(); });
  while (!exited_) {
    Queued msg = nextMessage();
    if (msg.raw.kind == IncomingMessage::Kind::Eof) break;
    if (msg.raw.kind == IncomingMessage::Kind::BadFraming) {
      replyError(nullptr, ErrorCode::ParseError, msg.raw.error);
      continue;
    }
    handleMessage(msg);
  }
  // The reader ends after `exit` or end of input, and the loop above ends
  // only after one of those was queued: this does not block.
  reader.join();
  if (worker_) worker_->stop();
  return shutdown_ && exited_ ? 0 : 1;
}

void LspServer::replyError(const Value& id, ErrorCode code, const std::string& message) {
  transport_.send(Object{{"jsonrpc", "2.0"},
                         {"id", id},
                         {"error", Object{{"code", static_cast<int>(code)}, {"message", message}}}});
}

void LspServer::handleMessage(Queued& msg) {
  if (!msg.json) {
    replyError(nullptr, ErrorCode::ParseError, "malformed JSON: " + msg.jsonError);
    return;
  }
  const Object* obj = msg.json->getAsObject();
  if (!obj) {
    replyError(nullptr, ErrorCode::InvalidRequest, "a JSON-RPC message must be an object");
    return;
  }
  const Value* idPtr = obj->get("id");
  Value id = idPtr ? *idPtr : Value(nullptr);
  llvm::Optional<llvm::StringRef> method = obj->getString("method");
  if (!method) {
    // A response to a server->client request (we send none) or garbage.
    if (idPtr && (obj->get("result") || obj->get("error"))) return;
    replyError(id, ErrorCode::InvalidRequest, "message has no `method`");
    return;
  }
  static const Value kNoParams = Object{};
  const Value& params = obj->get("params") ? *obj->get("params") : kNoParams;
  std::string name = method->str();

  if (!idPtr) {  // notification: never answered, even when it fails
    if (!initialized_ && name != "exit") return;  // the protocol says drop them
    auto it = notifications_.find(name);
    if (it == notifications_.end()) return;      // unknown (`$/...` included): ignored
    try {
      it->second(params);
    } catch (const RpcError& e) {
      transport_.send(Object{{"jsonrpc", "2.0"},
                             {"method", "window/logMessage"},
                             {"params", Object{{"type", 1}, {"message", e.message}}}});
    } catch (const std::exception& e) {
      transport_.send(Object{{"jsonrpc", "2.0"},
                             {"method", "window/logMessage"},
                             {"params", Object{{"type", 1}, {"message", fmt::format("`{}` failed: {}", name, e.what())}}}});
    }
    return;
  }

  std::optional<std::string> key = idKey(idPtr);
  auto finished = [&] {
    std::lock_guard<std::mutex> lock(requestsMutex_);
    if (key) {
      pendingIds_.erase(*key);
      cancelledIds_.erase(*key);
    }
    runningCancel_.reset();
    runningId_.clear();
  };
  if (!key) {
    replyError(nullptr, ErrorCode::InvalidRequest, "request `id` must be a number or a string");
    return;
  }
  auto flag = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(requestsMutex_);
    if (cancelledIds_.count(*key)) flag->store(true);
    runningId_ = *key;
    runningCancel_ = flag;
  }
  if (flag->load()) {
    log_.line(fmt::format("request {} `{}` cancelled before it ran", *key, name));
    replyError(id, ErrorCode::RequestCancelled, fmt::format("`{}` was cancelled", name));
  } else {
    if (log_.enabled()) log_.line(fmt::format("request {} `{}` started", *key, name));
    requestCancel_ = flag.get();
    handleRequest(id, name, params);
    requestCancel_ = nullptr;
  }
  finished();
}

void LspServer::handleRequest(const Value& id, const std::string& name, const Value& params) {
  if (!initialized_ && name != "initialize") {
    replyError(id, ErrorCode::ServerNotInitialized, fmt::format("`{}` before `initialize`", name));
    return;
  }
  if (initialized_ && name == "initialize") {
    replyError(id, ErrorCode::InvalidRequest, "`initialize` was already received");
    return;
  }
  if (shutdown_) {
    replyError(id, ErrorCode::InvalidRequest, fmt::format("`{}` after `shutdown`", name));
    return;
  }
  auto it = requests_.find(name);
  if (it == requests_.end()) {
    replyError(id, ErrorCode::MethodNotFound, fmt::format("method not found: `{}`", name));
    return;
  }
  try {
    Value result = it->second(params);
    if (requestCancel_ && requestCancel_->load()) {
      log_.line(fmt::format("request `{}` cancelled while it ran", name));
      replyError(id, ErrorCode::RequestCancelled, fmt::format("`{}` was cancelled", name));
      return;
    }
    transport_.send(Object{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  } catch (const RpcError& e) {
    if (e.code == ErrorCode::RequestCancelled) {
      // One answer for a cancelled request, wherever the cancel was seen.
      log_.line(fmt::format("request `{}` cancelled while it ran", name));
      replyError(id, e.code, fmt::format("`{}` was cancelled", name));
      return;
    }
    replyError(id, e.code, e.message);
  } catch (const std::exception& e) {
    replyError(id, ErrorCode::InternalError, fmt::format("`{}` failed: {}", name, e.what()));
  } catch (...) {
    replyError(id, ErrorCode::InternalError, fmt::format("`{}` failed", name));
  }
}

}  // namespace flytec::lsp
