// reader_fuzzer: libFuzzer over flytec's readers of untrusted data other than
// `.flyte` sources (check_fuzzer has those): JSON and packages. The first
// byte of an input picks the reader, the rest is what it reads:
//   0  `--inputs F.json`: an object whose values become literals of a few
//      declared types (run_inputs.cpp does the same after reading the file)
//   1  a task output or `--input k=v`: literalFromText for JSON types, the
//      literal then rendered back to JSON (literal_text.h)
//   2  JSON-RPC from an editor: Content-Length framing, the bounded parse,
//      and the params of every request shape the server decodes
//   3  a package archive (tar, gzip) held in memory, with small limits
//   4  one `.pb` package entry, decoded within a small budget
// The JSON readers go through support::parseJson (bounded nesting); package
// entries through the decoding budget (idl/decode_budget.h), here 256 KiB so
// that a 4 KB input can already amplify past it. Built with libFuzzer in the
// clang fuzz build (-DFLYTEC_FUZZ=ON); the normal g++ build links the same
// function into reader_replay (replay_main.cpp), which replays
// test/fuzz/reader-regressions/ in the lit suite.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "idl/package_reader.h"
#include "protocol.h"
#include "runtime/literal_parse.h"
#include "runtime/literal_text.h"
#include "support/bounded_json.h"
#include "transport.h"

namespace {

using flyteidl::core::LiteralType;
using flyteidl::core::SimpleType;

LiteralType simple(SimpleType t) {
  LiteralType l;
  l.set_simple(t);
  return l;
}
LiteralType listOf(LiteralType e) {
  LiteralType l;
  *l.mutable_collection_type() = std::move(e);
  return l;
}
LiteralType mapOf(LiteralType v) {
  LiteralType l;
  *l.mutable_map_value_type() = std::move(v);
  return l;
}
LiteralType optional(LiteralType t) {
  LiteralType l;
  *l.mutable_union_type()->add_variants() = std::move(t);
  *l.mutable_union_type()->add_variants() = simple(flyteidl::core::NONE);
  return l;
}

/// The declared types values are read as: nested lists and dicts, a struct
/// (any JSON), optionals, durations.
const std::vector<LiteralType>& types() {
  static const std::vector<LiteralType> all = {
      listOf(simple(flyteidl::core::INTEGER)),
      listOf(listOf(simple(flyteidl::core::FLOAT))),
      mapOf(listOf(optional(simple(flyteidl::core::STRING)))),
      simple(flyteidl::core::STRUCT),
      optional(listOf(simple(flyteidl::core::DURATION))),
      mapOf(simple(flyteidl::core::BOOLEAN)),
  };
  return all;
}

void readInputsFile(std::string_view text) {
  auto parsed = flytec::support::parseJson(llvm::StringRef(text.data(), text.size()));
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return;
  }
  const auto* obj = parsed->getAsObject();
  if (!obj) return;
  flytec::rt::ParseContext ctx{"/nonexistent", false, {}, false};
  size_t i = 0;
  for (const auto& [key, value] : *obj) {
    std::string error;
    auto lit = flytec::rt::literalFromJson(value, types()[i++ % types().size()], ctx, error);
    if (lit) (void)flytec::rt::literalToJson(*lit);
  }
}

void readTaskOutput(std::string_view text) {
  flytec::rt::ParseContext ctx{"/nonexistent", false, {}, false};
  for (const LiteralType& t : types()) {
    std::string error;
    if (auto lit = flytec::rt::literalFromText(text, t, ctx, error)) (void)flytec::rt::literalToJson(*lit);
  }
}

template <typename Params>
void decodeParams(const llvm::json::Value& params) {
  Params p;
  llvm::json::Path::Root root("params");
  (void)fromJSON(params, p, root);
}

void readJsonRpc(std::string_view bytes) {
  namespace lsp = flytec::lsp;
  std::FILE* in = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  std::FILE* out = std::fopen("/dev/null", "wb");
  if (!in || !out) {
    if (in) std::fclose(in);
    if (out) std::fclose(out);
    return;
  }
  lsp::Transport transport(in, out, lsp::InputStyle::Standard);
  for (int n = 0; n < 16; ++n) {
    lsp::IncomingMessage m = transport.read();
    if (m.kind == lsp::IncomingMessage::Kind::Eof) break;
    if (m.kind != lsp::IncomingMessage::Kind::Message) continue;
    auto parsed = flytec::support::parseJson(m.text);
    if (!parsed) {
      llvm::consumeError(parsed.takeError());
      continue;
    }
    const auto* obj = parsed->getAsObject();
    const llvm::json::Value* params = obj ? obj->get("params") : nullptr;
    if (!params) continue;
    decodeParams<lsp::DidOpenParams>(*params);
    decodeParams<lsp::DidChangeParams>(*params);
    decodeParams<lsp::PositionParams>(*params);
    decodeParams<lsp::ReferenceParams>(*params);
    decodeParams<lsp::CodeActionParams>(*params);
    transport.send(*parsed);  // the server echoes values back in replies
  }
  std::fclose(in);
  std::fclose(out);
}

flytec::idl::PackageReadLimits smallLimits() {
  flytec::idl::PackageReadLimits l;
  l.maxEntryBytes = 1u << 20;
  l.maxTotalBytes = 4u << 20;
  l.maxEntries = 64;
  l.maxDecodedBytes = 256u << 10;
  return l;
}

void readPackageArchive(std::string_view bytes) {
  (void)flytec::idl::readPackageArchive(bytes, "fuzz.tgz", smallLimits());
}

void readPackageEntry(std::string_view bytes) {
  flytec::idl::PackageEntry entry;
  std::vector<flytec::idl::PackageProblem> problems;
  std::uint64_t cost = 0;
  (void)flytec::idl::decodePackageEntry("000_fuzz_2.pb", bytes, entry, problems, smallLimits().maxDecodedBytes, cost);
  for (const auto& p : problems)
    for (const std::string& value : p.values) (void)flytec::idl::printableName(p.entry + value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: readInputsFile(text); break;
    case 1: readTaskOutput(text); break;
    case 2: readJsonRpc(text); break;
    case 3: readPackageArchive(text); break;
    default: readPackageEntry(text); break;
  }
  return 0;
}
