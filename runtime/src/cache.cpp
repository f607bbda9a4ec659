// The task cache (see cache.h). Blob uris inside a stored entry are relative
// to the entry (`files/0`), so an entry stays valid when the run directory
// that produced it is deleted.
#include "runtime/cache.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include "diagnostics/diagnostic_reason.h"
#include "idl/serialize.h"
#include "runtime/file_io.h"
#include "runtime/literal_text.h"

namespace flytec::rt {

namespace fs = std::filesystem;
using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;

namespace {

void hashString(llvm::SHA256& h, const std::string& s) {
  std::string len = std::to_string(s.size()) + ":";
  h.update(llvm::StringRef(len));
  h.update(llvm::StringRef(s));
}

/// Hashes the content of the file or tree `p` (links inside a tree are
/// hashed as their target's text, never followed). False when `stop` is set.
bool hashPath(llvm::SHA256& h, const fs::path& p, const StopFlag* stop) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> entries;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_symlink(ec) || !it->is_directory(ec)) entries.push_back(it->path());
    std::sort(entries.begin(), entries.end());
    hashString(h, "dir");
    for (const auto& e : entries) {
      hashString(h, fs::relative(e, p).string());
      if (fs::is_symlink(e, ec)) hashString(h, "link:" + fs::read_symlink(e, ec).string());
      else if (!hashPath(h, e, stop)) return false;
    }
    return true;
  }
  hashString(h, "file");
  std::string error;
  bool ok = readRegularFile(p, stop, [&](std::string_view chunk) {
    h.update(llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()));
  }, error);
  // An unreadable input is refused when it is laid out; here it only must
  // not hash like a readable one.
  if (!ok) hashString(h, "unreadable:" + p.string());
  return !stopRequested(stop);
}

/// The SHA-256 of the content of `p`, in hex; nullopt when stopped.
std::optional<std::string> contentDigest(const fs::path& p, const StopFlag* stop) {
  llvm::SHA256 h;
  if (!hashPath(h, p, stop)) return std::nullopt;
  return llvm::toHex(h.final(), /*LowerCase=*/true);
}

/// A copy of `lit` with every blob uri replaced by a content marker, plus
/// the content hashed into `h` in traversal order.
bool canonicalize(Literal& lit, llvm::SHA256& h, const StopFlag* stop) {
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals())
      if (!canonicalize(e, h, stop)) return false;
  } else if (lit.has_map()) {
    std::vector<std::string> keys;
    for (auto& [k, _] : lit.map().literals()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys)
      if (!canonicalize((*lit.mutable_map()->mutable_literals())[k], h, stop)) return false;
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    if (!hashPath(h, blobPath(lit.scalar().blob().uri()), stop)) return false;
    lit.mutable_scalar()->mutable_blob()->set_uri("content");
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    return canonicalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), h, stop);
  }
  return true;
}

/// What an entry's files must hash to: `files/N` -> SHA-256 (the entry's
/// `digests` file, one "files/N HEX" per line).
using Digests = std::map<std::string, std::string>;

/// Copies the files `lit` points to into `files/` (read-only copies, never
/// links: a task writing to its output afterwards, or to a downstream copy,
/// must not change the entry), making uris relative.
bool externalize(Literal& lit, const fs::path& entry, int& counter, Digests& digests, const StopFlag* stop,
                 std::string& error) {
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals())
      if (!externalize(e, entry, counter, digests, stop, error)) return false;
  } else if (lit.has_map()) {
    for (auto& [_, v] : *lit.mutable_map()->mutable_literals())
      if (!externalize(v, entry, counter, digests, stop, error)) return false;
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    std::string rel = "files/" + std::to_string(counter++);
    if (!copyTree(blobPath(lit.scalar().blob().uri()), entry / rel, CopyOptions{true, stop}, error)) return false;
    auto digest = contentDigest(entry / rel, stop);
    if (!digest) return error = reasonText(reason::interrupted), false;
    digests[rel] = *digest;
    lit.mutable_scalar()->mutable_blob()->set_uri(rel);
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    return externalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), entry, counter, digests, stop,
                       error);
  }
  return true;
}

/// Makes the entry's uris absolute, checking each file against `digests`;
/// false with `defect` set on a file that fails, or unset when stopped.
bool internalize(Literal& lit, const fs::path& entry, const Digests& digests, const StopFlag* stop,
                 std::optional<CacheDefect>& defect) {
  using Kind = CacheDefect::Kind;
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals())
      if (!internalize(e, entry, digests, stop, defect)) return false;
  } else if (lit.has_map()) {
    for (auto& [_, v] : *lit.mutable_map()->mutable_literals())
      if (!internalize(v, entry, digests, stop, defect)) return false;
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    const std::string& rel = lit.scalar().blob().uri();
    fs::path p = entry / rel;
    std::error_code ec;
    if (!fs::exists(p, ec)) return defect = CacheDefect{Kind::MissingFile, entry.string(), p.string()}, false;
    auto want = digests.find(rel);
    if (want == digests.end()) return defect = CacheDefect{Kind::NoDigestFor, entry.string(), rel}, false;
    auto got = contentDigest(p, stop);
    if (!got) return false;
    if (*got != want->second) return defect = CacheDefect{Kind::FileChanged, entry.string(), rel}, false;
    lit.mutable_scalar()->mutable_blob()->set_uri(p.string());
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    return internalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), entry, digests, stop, defect);
  }
  return true;
}

std::string renderDigests(const Digests& d) {
  std::string out;
  for (const auto& [rel, hex] : d) out += rel + " " + hex + "\n";
  return out;
}

std::optional<Digests> readDigests(const fs::path& p) {
  std::ifstream in(p);
  if (!in) return std::nullopt;
  Digests d;
  std::string rel, hex;
  while (in >> rel >> hex) d[rel] = hex;
  return d;
}

}  // namespace

std::optional<std::string> cacheKey(const std::string& taskName, const std::string& cacheVersion,
                                    const flyteidl::core::TypedInterface& iface, const LiteralMap& inputs,
                                    const StopFlag* stop) {
  llvm::SHA256 h;
  // v2: entries hold copies and a `digests` file (v1 entries hard-linked
  // task outputs, which a task could change).
  hashString(h, "flytec-cache-v2");
  hashString(h, taskName);
  hashString(h, cacheVersion);
  hashString(h, idl::serializeDeterministic(iface));
  LiteralMap canon = inputs;
  std::vector<std::string> keys;
  for (const auto& [k, _] : canon.literals()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys)
    if (!canonicalize((*canon.mutable_literals())[k], h, stop)) return std::nullopt;
  hashString(h, idl::serializeDeterministic(canon));
  auto digest = h.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::optional<LiteralMap> Cache::lookup(const std::string& key, std::optional<CacheDefect>& defect) const {
  fs::path entry = dir_ / key;
  std::error_code ec;
  if (!fs::is_directory(entry, ec)) return std::nullopt;
  std::ifstream in(entry / "outputs.pb", std::ios::binary);
  LiteralMap outputs;
  if (!in || !outputs.ParseFromIstream(&in)) {
    defect = CacheDefect{CacheDefect::Kind::UnreadableOutputs, entry.string(), ""};
    return std::nullopt;
  }
  auto digests = readDigests(entry / "digests");
  if (!digests) {
    defect = CacheDefect{CacheDefect::Kind::NoDigests, entry.string(), ""};
    return std::nullopt;
  }
  for (auto& [_, v] : *outputs.mutable_literals())
    if (!internalize(v, entry, *digests, stop_, defect)) {
      if (stopRequested(stop_)) defect.reset();
      return std::nullopt;
    }
  return outputs;
}

bool Cache::store(const std::string& key, const LiteralMap& outputs, std::string& error) const {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::path tmp = dir_ / (".tmp-" + key.substr(0, 16) + "-" + std::to_string(getpid()) + "-" +
                         std::to_string(counter++));
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp / "files", ec);
  if (ec) return error = reasonText(reason::cannot_create, tmp.string(), ec.message()), false;
  LiteralMap stored = outputs;
  int n = 0;
  Digests digests;
  for (auto& [_, v] : *stored.mutable_literals())
    if (!externalize(v, tmp, n, digests, stop_, error)) {
      fs::remove_all(tmp, ec);
      return false;
    }
  {
    std::ofstream out(tmp / "outputs.pb", std::ios::binary);
    out << idl::serializeDeterministic(stored);
    std::ofstream dig(tmp / "digests");
    dig << renderDigests(digests);
    if (!dig) out.setstate(std::ios::failbit);
    if (!out) {
      fs::remove_all(tmp, ec);
      return error = reasonText(reason::cache_entry_unwritable, (dir_ / key).string()), false;
    }
  }
  fs::path entry = dir_ / key;
  fs::rename(tmp, entry, ec);
  if (ec) {
    // Another run stored it first (rename onto a non-empty directory fails),
    // or an old corrupt entry is in the way: replace it.
    std::optional<CacheDefect> defect;
    if (!lookup(key, defect).has_value()) {
      fs::path old = dir_ / (".old-" + key.substr(0, 16) + "-" + std::to_string(getpid()) + "-" +
                             std::to_string(counter++));
      std::error_code ec2;
      fs::rename(entry, old, ec2);
      fs::rename(tmp, entry, ec2);
      fs::remove_all(old, ec2);
    }
    fs::remove_all(tmp, ec);
  }
  return true;
}

}  // namespace flytec::rt
