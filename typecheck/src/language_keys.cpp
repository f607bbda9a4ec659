// See language_keys.h.
#include "typecheck/language_keys.h"

namespace flytec::tc {

const std::vector<LanguageKey>& taskFieldKeys() {
  static const std::vector<LanguageKey> keys = {
      {"image", "str, required: container image"},
      {"command", "list[str]: argv, no shell"},
      {"script", "str: run as `sh -ec SCRIPT`"},
      {"requests", "{cpu, mem, gpu, ephemeral_storage}"},
      {"limits", "{cpu, mem, gpu, ephemeral_storage}"},
      {"retries", "int >= 0"},
      {"timeout", "duration > 0"},
      {"interruptible", "bool"},
      {"cache", "\"VERSION\" or { version = \"v1\", serialize = true }"},
      {"env", "dict[str, str]"},
      {"dask", "a Dask cluster for the task: scheduler and worker groups", /*block=*/true},
  };
  return keys;
}

const std::vector<LanguageKey>& resourceKeys() {
  static const std::vector<LanguageKey> keys = [] {
    std::vector<LanguageKey> out;
    for (const char* name : {"cpu", "mem", "gpu", "ephemeral_storage"})
      out.push_back({name, "resource quantity (Kubernetes form: \"500m\", \"1Gi\")"});
    return out;
  }();
  return keys;
}

const std::vector<LanguageKey>& mapOptionKeys() {
  static const std::vector<LanguageKey> keys = {
      {"concurrency", "map option"},
      {"min_success_ratio", "map option"},
      {"min_successes", "map option"},
  };
  return keys;
}

std::vector<std::string> keyNames(const std::vector<LanguageKey>& keys) {
  std::vector<std::string> names;
  for (const LanguageKey& k : keys) names.push_back(k.name);
  return names;
}

}  // namespace flytec::tc
