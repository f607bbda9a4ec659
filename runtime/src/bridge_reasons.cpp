// See bridge_reasons.h.
#include "bridge_reasons.h"

#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

namespace {

std::string jsonText(const llvm::json::Value& v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << v;
  return os.str();
}

/// The strings of `frame` from index `from` on; nullopt if one is not a string.
std::optional<std::vector<std::string>> strings(const llvm::json::Array& frame, std::size_t from) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < frame.size(); ++i) {
    auto s = frame[i].getAsString();
    if (!s) return std::nullopt;
    out.push_back(s->str());
  }
  return out;
}

/// `chain` worded from its innermost frame out; nullopt if a frame is not
/// [name, value...] or names no reason of the catalogue with that many values.
std::optional<std::string> chainText(const llvm::json::Array& chain) {
  std::optional<std::string> text;
  for (std::size_t i = chain.size(); i-- > 0;) {
    const llvm::json::Array* frame = chain[i].getAsArray();
    if (!frame || frame->empty()) return std::nullopt;
    auto name = (*frame)[0].getAsString();
    auto values = strings(*frame, 1);
    if (!name || !values) return std::nullopt;
    if (text) values->push_back(*text);
    text = reasonTextByName(*name, *values);
    if (!text) return std::nullopt;
  }
  return text;
}

}  // namespace

std::string bridgeReasonText(const llvm::json::Value* chain) {
  const llvm::json::Array* frames = chain ? chain->getAsArray() : nullptr;
  if (frames && !frames->empty())
    if (auto text = chainText(*frames)) return *text;
  return reasonText(reason::bridge_reason_unknown, chain ? jsonText(*chain) : std::string("null"));
}

std::string bridgeProbeFailures(const llvm::json::Value* workers) {
  std::string list;
  const llvm::json::Array* all = workers ? workers->getAsArray() : nullptr;
  if (!all) return reasonText(reason::bridge_reason_unknown, workers ? jsonText(*workers) : std::string("null"));
  for (const llvm::json::Value& w : *all) {
    // [worker, name, value...]: the worker, then the one frame it saw.
    const llvm::json::Array* entry = w.getAsArray();
    auto worker = entry && !entry->empty() ? (*entry)[0].getAsString() : llvm::None;
    llvm::json::Array frame;
    for (std::size_t i = 1; entry && i < entry->size(); ++i) frame.push_back((*entry)[i]);
    llvm::json::Value chain = llvm::json::Array{std::move(frame)};
    std::string what = bridgeReasonText(worker ? &chain : &w);
    list += (list.empty() ? "" : "; ") + reasonText(reason::worker_saw, worker ? worker->str() : "?", what);
  }
  return list;
}

}  // namespace flytec::rt
