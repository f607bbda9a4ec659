// Reads `[platform]` caps from the nearest `flytec.toml` (toml++) and merges
// them under the command-line caps. Keys: cpu, mem (or memory), gpu,
// ephemeral_storage; values are quantity strings (numbers are accepted and
// written back as their decimal text). Unknown keys are ignored here.
#include "platform_caps.h"

#include <toml++/toml.h>

#include <iostream>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace flytec::driver {

namespace {

std::optional<std::string> findConfig(const std::string& input) {
  llvm::SmallString<256> dir(input);
  llvm::sys::fs::make_absolute(dir);
  if (!llvm::sys::fs::is_directory(dir)) llvm::sys::path::remove_filename(dir);
  while (!dir.empty()) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, "flytec.toml");
    if (llvm::sys::fs::exists(candidate)) return std::string(candidate);
    llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (parent == dir || parent.empty()) break;
    // `parent` points into `dir`: assigning it would copy the buffer onto
    // itself (LLVM's SmallVector asserts; found by test/fuzz). It is a prefix.
    dir.resize(parent.size());
  }
  return std::nullopt;
}

std::optional<std::string> quantityText(const toml::node* n) {
  if (!n) return std::nullopt;
  if (auto s = n->value<std::string>()) return *s;
  if (auto i = n->value<int64_t>()) return std::to_string(*i);
  if (auto d = n->value<double>()) {
    std::string s = std::to_string(*d);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  return std::nullopt;
}

}  // namespace

tc::PlatformCaps resolvePlatformCaps(const PlatformCapFlags& flags, const std::vector<std::string>& inputs,
                                     bool* ok) {
  tc::PlatformCaps caps{flags.cpu, flags.mem, flags.gpu, flags.ephemeralStorage};
  if (inputs.empty()) return caps;
  std::optional<std::string> path = findConfig(inputs.front());
  if (!path) return caps;
  toml::table config;
  try {
    config = toml::parse_file(*path);
  } catch (const toml::parse_error& err) {
    std::cerr << "flytec: error: cannot read '" << *path << "': " << err.description() << "\n";
    *ok = false;
    return caps;
  }
  const toml::table* platform = config["platform"].as_table();
  if (!platform) return caps;
  auto fill = [&](std::optional<std::string>& slot, std::initializer_list<const char*> keys) {
    if (slot) return;  // the command line wins
    for (const char* k : keys)
      if (auto v = quantityText(platform->get(k))) {
        slot = v;
        return;
      }
  };
  fill(caps.cpu, {"cpu"});
  fill(caps.mem, {"mem", "memory"});
  fill(caps.gpu, {"gpu"});
  fill(caps.ephemeralStorage, {"ephemeral_storage"});
  return caps;
}

}  // namespace flytec::driver
