// Reading flytec.toml and --cluster-profile files; see cluster_config.h and
// docs/cluster-profile.md for the keys and the Flyte configuration each one
// mirrors. The schema is the kSchema tree below: one place lists every key,
// so an unknown key anywhere gets E0013 with the nearest known one.
#include "compilation/cluster_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <functional>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace flytec::compilation {

namespace {

using tc::ResourceKind;

/// Flyte's names for a resource set (flyteadmin TaskResourceSet's JSON tags,
/// flyteadmin/pkg/runtime/interfaces/task_resource_configuration.go:5-10).
const std::vector<std::pair<std::string, ResourceKind>> kAdminKeys = {
    {"cpu", ResourceKind::Cpu},
    {"memory", ResourceKind::Memory},
    {"gpu", ResourceKind::Gpu},
    {"ephemeralStorage", ResourceKind::EphemeralStorage}};
/// Kubernetes' names (Node status.allocatable, ResourceQuota spec.hard
/// `requests.<name>`); the GPU is `gpu` whatever the plugin calls it.
const std::vector<std::pair<std::string, ResourceKind>> kKubeKeys = {
    {"cpu", ResourceKind::Cpu},
    {"memory", ResourceKind::Memory},
    {"gpu", ResourceKind::Gpu},
    {"ephemeral-storage", ResourceKind::EphemeralStorage}};

std::vector<std::string> namesOf(const std::vector<std::pair<std::string, ResourceKind>>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.first);
  return out;
}

std::string nearest(std::string_view name, const std::vector<std::string>& known) {
  std::string best;
  unsigned bestDistance = 0;
  for (const std::string& k : known) {
    unsigned d = llvm::StringRef(name).lower() == llvm::StringRef(k).lower()
                     ? 0
                     : llvm::StringRef(name).edit_distance(k, true, 4);
    if (d <= std::max<size_t>(2, name.size() / 3) && (best.empty() || d < bestDistance)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

class Reader {
 public:
  Reader(llvm::SourceMgr& sm, unsigned buffer, DiagnosticEngine& diags) : sm_(sm), buffer_(buffer), diags_(diags) {}
  bool ok = true;

  llvm::SMRange at(const toml::source_region& r) const {
    if (!r.begin) return {};
    llvm::SMLoc b = sm_.FindLocForLineAndColumn(buffer_, r.begin.line, r.begin.column);
    llvm::SMLoc e = r.end ? sm_.FindLocForLineAndColumn(buffer_, r.end.line, r.end.column) : b;
    if (!e.isValid() || e.getPointer() < b.getPointer()) e = b;
    return {b, e};
  }

  /// E0013 for every key of `t` not in `known`.
  void onlyKeys(const toml::table& t, const std::string& where, const std::vector<std::string>& known) {
    for (auto&& [key, value] : t) {
      (void)value;
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string best = nearest(key.str(), known);
      if (!best.empty()) {
        diags_.report(diag::err_config_unknown_key, at(key.source()), std::string(key.str()), where).didYouMean(best);
      } else {
        std::string keys;
        for (size_t i = 0; i < known.size(); ++i) keys += (i ? ", `" : "`") + known[i] + "`";
        diags_.report(diag::err_config_unknown_key_listed, at(key.source()), std::string(key.str()), where, keys);
      }
      ok = false;
    }
  }

  /// E0014 (`kind`, one of its wordings) on `n`'s value.
  template <unsigned N, typename... Args>
  void invalid(DiagKind<N> kind, const toml::node& n, Args&&... args) {
    diags_.report(kind, at(n.source()), std::forward<Args>(args)...);
    ok = false;
  }

  /// The table at `key`, or null (absent, or reported when not a table).
  const toml::table* table(const toml::table& t, const std::string& key, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (const toml::table* sub = n->as_table()) return sub;
    invalid(diag::err_config_invalid_value, *n, key, where);
    return nullptr;
  }

  std::optional<std::string> string(const toml::table& t, const std::string& key, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto s = n->value<std::string>(); s && !s->empty()) return *s;
    invalid(diag::err_config_expected_string, *n, key, where);
    return std::nullopt;
  }

  /// A Kubernetes quantity: a string, or a TOML number read as its decimal text.
  std::optional<idl::Quantity> quantity(const toml::table& t, const std::string& key, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    std::string text;
    if (auto s = n->value<std::string>()) text = *s;
    else if (auto i = n->value<int64_t>()) text = std::to_string(*i);
    else if (auto d = n->value<double>()) {
      text = std::to_string(*d);
      while (!text.empty() && text.back() == '0') text.pop_back();
      if (!text.empty() && text.back() == '.') text.pop_back();
    } else {
      invalid(diag::err_config_expected_quantity, *n, key, where);
      return std::nullopt;
    }
    idl::QuantityParse p = idl::parseSourceQuantity(text);
    if (!p) {
      invalid(diag::err_config_invalid_quantity, *n, key, where, text, p.error.message);
      return std::nullopt;
    }
    return p.quantity;
  }

  tc::ResourceSet resources(const toml::table& t, const std::string& where,
                            const std::vector<std::pair<std::string, ResourceKind>>& keys) {
    onlyKeys(t, where, namesOf(keys));
    tc::ResourceSet out;
    for (const auto& [key, kind] : keys) out[kind] = quantity(t, key, where);
    return out;
  }

 private:
  llvm::SourceMgr& sm_;
  unsigned buffer_;
  DiagnosticEngine& diags_;
};

void readTaskResources(Reader& r, const toml::table& cluster, tc::ClusterProfile& p, bool* limitsGiven) {
  const toml::table* tr = r.table(cluster, "task_resources", "[cluster]");
  if (!tr) return;
  r.onlyKeys(*tr, "[cluster.task_resources]", {"defaults", "limits"});
  // Keys the file sets replace Flyte's built-in ones; the others stay
  // (flytestdlib reads a section over its registered defaults).
  auto merge = [](tc::ResourceSet& into, const tc::ResourceSet& from) {
    for (ResourceKind k : tc::kResourceKinds)
      if (from[k]) into[k] = from[k];
  };
  if (const toml::table* d = r.table(*tr, "defaults", "[cluster.task_resources]"))
    merge(p.defaults, r.resources(*d, "[cluster.task_resources.defaults]", kAdminKeys));
  if (const toml::table* l = r.table(*tr, "limits", "[cluster.task_resources]")) {
    merge(p.limits, r.resources(*l, "[cluster.task_resources.limits]", kAdminKeys));
    *limitsGiven = true;
  }
}

void readPlugins(Reader& r, const toml::table& cluster, tc::ClusterProfile& p) {
  const toml::table* plugins = r.table(cluster, "plugins", "[cluster]");
  if (!plugins) return;
  r.onlyKeys(*plugins, "[cluster.plugins]", {"k8s"});
  const toml::table* k8s = r.table(*plugins, "k8s", "[cluster.plugins]");
  if (!k8s) return;
  r.onlyKeys(*k8s, "[cluster.plugins.k8s]", {"gpu-resource-name"});
  if (auto name = r.string(*k8s, "gpu-resource-name", "[cluster.plugins.k8s]")) p.gpuResourceName = *name;
}

void readNodes(Reader& r, const toml::table& cluster, tc::ClusterProfile& p) {
  const toml::node* n = cluster.get("nodes");
  if (!n) return;
  const toml::array* nodes = n->as_array();
  if (!nodes) {
    r.invalid(diag::err_config_nodes_not_array, *n);
    return;
  }
  std::vector<std::pair<std::string, ResourceKind>> keys = kKubeKeys;
  for (const toml::node& item : *nodes) {
    const toml::table* t = item.as_table();
    if (!t) {
      r.invalid(diag::err_config_node_not_table, item);
      continue;
    }
    std::vector<std::string> known = namesOf(keys);
    known.push_back("name");
    r.onlyKeys(*t, "[[cluster.nodes]]", known);
    tc::NodeShape shape;
    shape.name = r.string(*t, "name", "[[cluster.nodes]]").value_or("");
    for (const auto& [key, kind] : keys) shape.allocatable[kind] = r.quantity(*t, key, "[[cluster.nodes]]");
    for (const char* required : {"name", "cpu", "memory"})
      if (!t->get(required)) r.invalid(diag::err_config_node_key_missing, *t, required);
    p.nodes.push_back(std::move(shape));
  }
}

void readQuota(Reader& r, const toml::table& cluster, tc::ClusterProfile& p) {
  const toml::table* q = r.table(cluster, "namespace_quota", "[cluster]");
  if (!q) return;
  r.onlyKeys(*q, "[cluster.namespace_quota]", {"requests"});
  if (const toml::table* req = r.table(*q, "requests", "[cluster.namespace_quota]"))
    p.quota = r.resources(*req, "[cluster.namespace_quota.requests]", kKubeKeys);
}

/// `[platform]` (before the cluster profile): the caps, still read.
tc::PlatformCaps readPlatform(Reader& r, const toml::table& platform, DiagnosticEngine& diags,
                              llvm::SMRange where) {
  diags.report(diag::warn_platform_section_deprecated, where);
  r.onlyKeys(platform, "[platform]", {"cpu", "mem", "memory", "gpu", "ephemeral_storage"});
  tc::PlatformCaps caps;
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto q = r.quantity(platform, key, "[platform]");
    return q ? std::optional<std::string>(q->text()) : std::nullopt;
  };
  caps.cpu = text("cpu");
  caps.mem = text("mem");
  if (!caps.mem) caps.mem = text("memory");
  caps.gpu = text("gpu");
  caps.ephemeralStorage = text("ephemeral_storage");
  return caps;
}

void fillCaps(tc::PlatformCaps& caps, const tc::PlatformCaps& from) {
  if (!caps.cpu) caps.cpu = from.cpu;
  if (!caps.mem) caps.mem = from.mem;
  if (!caps.gpu) caps.gpu = from.gpu;
  if (!caps.ephemeralStorage) caps.ephemeralStorage = from.ephemeralStorage;
}

tc::PlatformCaps capsFromLimits(const tc::ResourceSet& limits) {
  auto text = [&](ResourceKind k) -> std::optional<std::string> {
    return limits[k] ? std::optional<std::string>(limits[k]->text()) : std::nullopt;
  };
  return {text(ResourceKind::Cpu), text(ResourceKind::Memory), text(ResourceKind::Gpu),
          text(ResourceKind::EphemeralStorage)};
}

}  // namespace

std::optional<std::string> findConfigFile(const std::string& input) {
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

ClusterConfig loadClusterConfig(const PlatformCapFlags& flags, const std::vector<std::string>& inputs,
                                llvm::SourceMgr& sm, DiagnosticEngine& diags) {
  ClusterConfig out;
  out.caps = {flags.cpu, flags.mem, flags.gpu, flags.ephemeralStorage};
  bool explicitProfile = !flags.profileFile.empty();
  if (explicitProfile) {
    out.path = flags.profileFile;
  } else if (!inputs.empty()) {
    if (auto found = findConfigFile(inputs.front())) out.path = *found;
  }
  if (out.path.empty()) return out;
  auto buffer = llvm::MemoryBuffer::getFile(out.path, /*IsText=*/true);
  if (!buffer) {
    if (buffer.getError() == std::errc::no_such_file_or_directory)
      diags.reportAtPath(diag::err_file_not_found, out.path, out.path);
    else
      diags.reportAtPath(diag::err_cannot_read_path, out.path, out.path, buffer.getError().message());
    out.ok = false;
    return out;
  }
  std::string text = (*buffer)->getBuffer().str();
  unsigned id = sm.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  out.bufferId = id;
  Reader r(sm, id, diags);
  toml::table config;
  try {
    config = toml::parse(text, out.path);
  } catch (const toml::parse_error& err) {
    diags.report(diag::err_config_syntax, r.at(err.source()), out.path, std::string(err.description()));
    out.ok = false;
    return out;
  }
  r.onlyKeys(config, "flytec.toml", {"cluster", "platform"});
  tc::PlatformCaps legacy;
  if (const toml::node* platform = config.get("platform")) {
    if (const toml::table* t = platform->as_table())
      legacy = readPlatform(r, *t, diags, r.at(t->source()));
    else
      r.invalid(diag::err_config_invalid_value, *platform, std::string("platform"), std::string("flytec.toml"));
  }
  const toml::table* cluster = r.table(config, "cluster", "flytec.toml");
  if (cluster) {
    auto profile = std::make_shared<tc::ClusterProfile>(tc::ClusterProfile::flyteDefaults());
    profile->path = out.path;
    r.onlyKeys(*cluster, "[cluster]", {"task_resources", "plugins", "nodes", "namespace_quota"});
    bool limitsGiven = false;
    readTaskResources(r, *cluster, *profile, &limitsGiven);
    readPlugins(r, *cluster, *profile);
    readNodes(r, *cluster, *profile);
    readQuota(r, *cluster, *profile);
    // The caps are flyteadmin's registration check against its limits
    // (validation/task_validator.go:216): once the file has a limits table,
    // the limits flyteadmin would hold (the file's over its built-in ones).
    if (limitsGiven) fillCaps(out.caps, capsFromLimits(profile->limits));
    out.profile = std::move(profile);
  } else if (explicitProfile && r.ok) {
    diags.reportAtPath(diag::err_config_profile_without_cluster, out.path, out.path);
    r.ok = false;
  }
  fillCaps(out.caps, legacy);
  out.ok = r.ok;
  return out;
}

}  // namespace flytec::compilation
