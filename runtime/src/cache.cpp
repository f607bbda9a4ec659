// The task cache (see cache.h). Blob uris inside a stored entry are relative
// to the entry (`files/0`), so an entry stays valid when the run directory
// that produced it is deleted.
#include "runtime/cache.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include "idl/serialize.h"
#include "runtime/input_layout.h"
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

void hashPath(llvm::SHA256& h, const fs::path& p) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> entries;
    for (const auto& e : fs::recursive_directory_iterator(p, ec))
      if (e.is_regular_file()) entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
    hashString(h, "dir");
    for (const auto& e : entries) {
      hashString(h, fs::relative(e, p).string());
      hashPath(h, e);
    }
    return;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    hashString(h, "missing:" + p.string());
    return;
  }
  hashString(h, "file");
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    h.update(llvm::ArrayRef<uint8_t>(reinterpret_cast<uint8_t*>(buf), static_cast<size_t>(in.gcount())));
  }
}

/// A copy of `lit` with every blob uri replaced by a content marker, plus
/// the content hashed into `h` in traversal order.
void canonicalize(Literal& lit, llvm::SHA256& h) {
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals()) canonicalize(e, h);
  } else if (lit.has_map()) {
    std::vector<std::string> keys;
    for (auto& [k, _] : lit.map().literals()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys) canonicalize((*lit.mutable_map()->mutable_literals())[k], h);
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    hashPath(h, blobPath(lit.scalar().blob().uri()));
    lit.mutable_scalar()->mutable_blob()->set_uri("content");
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    canonicalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), h);
  }
}

/// Copies the files `lit` points to into `files/`, making uris relative.
bool externalize(Literal& lit, const fs::path& entry, int& counter, std::string& error) {
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals())
      if (!externalize(e, entry, counter, error)) return false;
  } else if (lit.has_map()) {
    for (auto& [_, v] : *lit.mutable_map()->mutable_literals())
      if (!externalize(v, entry, counter, error)) return false;
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    std::string rel = "files/" + std::to_string(counter++);
    if (!linkOrCopy(blobPath(lit.scalar().blob().uri()), entry / rel, error)) return false;
    lit.mutable_scalar()->mutable_blob()->set_uri(rel);
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    return externalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), entry, counter, error);
  }
  return true;
}

bool internalize(Literal& lit, const fs::path& entry, std::string& error) {
  if (lit.has_collection()) {
    for (auto& e : *lit.mutable_collection()->mutable_literals())
      if (!internalize(e, entry, error)) return false;
  } else if (lit.has_map()) {
    for (auto& [_, v] : *lit.mutable_map()->mutable_literals())
      if (!internalize(v, entry, error)) return false;
  } else if (lit.has_scalar() && lit.scalar().has_blob()) {
    fs::path p = entry / lit.scalar().blob().uri();
    std::error_code ec;
    if (!fs::exists(p, ec)) return error = "missing file " + p.string(), false;
    lit.mutable_scalar()->mutable_blob()->set_uri(p.string());
  } else if (lit.has_scalar() && lit.scalar().has_union_()) {
    return internalize(*lit.mutable_scalar()->mutable_union_()->mutable_value(), entry, error);
  }
  return true;
}

}  // namespace

std::string cacheKey(const std::string& taskName, const std::string& cacheVersion,
                     const flyteidl::core::TypedInterface& iface, const LiteralMap& inputs) {
  llvm::SHA256 h;
  hashString(h, "flytec-cache-v1");
  hashString(h, taskName);
  hashString(h, cacheVersion);
  hashString(h, idl::serializeDeterministic(iface));
  LiteralMap canon = inputs;
  std::vector<std::string> keys;
  for (const auto& [k, _] : canon.literals()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) canonicalize((*canon.mutable_literals())[k], h);
  hashString(h, idl::serializeDeterministic(canon));
  auto digest = h.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::optional<LiteralMap> Cache::lookup(const std::string& key, std::string& warning) const {
  fs::path entry = dir_ / key;
  std::error_code ec;
  if (!fs::is_directory(entry, ec)) return std::nullopt;
  std::ifstream in(entry / "outputs.pb", std::ios::binary);
  LiteralMap outputs;
  if (!in || !outputs.ParseFromIstream(&in)) {
    warning = "ignoring corrupt cache entry " + entry.string() + ": unreadable outputs.pb";
    return std::nullopt;
  }
  std::string error;
  for (auto& [_, v] : *outputs.mutable_literals())
    if (!internalize(v, entry, error)) {
      warning = "ignoring corrupt cache entry " + entry.string() + ": " + error;
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
  if (ec) return error = "cannot create " + tmp.string() + ": " + ec.message(), false;
  LiteralMap stored = outputs;
  int n = 0;
  for (auto& [_, v] : *stored.mutable_literals())
    if (!externalize(v, tmp, n, error)) {
      fs::remove_all(tmp, ec);
      return false;
    }
  {
    std::ofstream out(tmp / "outputs.pb", std::ios::binary);
    out << idl::serializeDeterministic(stored);
    if (!out) {
      fs::remove_all(tmp, ec);
      return error = "cannot write cache entry", false;
    }
  }
  fs::path entry = dir_ / key;
  fs::rename(tmp, entry, ec);
  if (ec) {
    // Another run stored it first (rename onto a non-empty directory fails),
    // or an old corrupt entry is in the way: replace it.
    std::string warning;
    if (!lookup(key, warning).has_value()) {
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
