// Resource rules on a package's `core.Resources`, as flyteadmin applies them
// at registration (validation/task_validator.go, v1.16.5) and no stricter:
// every quantity parses (Flyte's task compiler, E0501); a resource is given
// once per list; gpu is whole (E0503) and, beside a limit, equal to it
// (E0504); cpu, memory and ephemeral storage requests are at most their
// limits after both are rounded up to whole units (E0502); platform caps
// apply to requests and to a limit beside a request (E0505). What the source
// check adds (exact comparison, caps on a lone limit, negative or milli-byte
// quantities, `storage`) is W0910. Resources flyteadmin never looks at
// (node overrides, Dask groups) get only W0910s.
#include <map>

#include "idl/quantity.h"
#include "package/package_check_impl.h"

namespace flytec::tc::pkg {

namespace {

std::string resourceName(core::Resources::ResourceName n) {
  switch (n) {
  case core::Resources::CPU: return "cpu";
  case core::Resources::GPU: return "gpu";
  case core::Resources::MEMORY: return "mem";
  case core::Resources::STORAGE: return "storage";
  case core::Resources::EPHEMERAL_STORAGE: return "ephemeral_storage";
  default: return "unknown";
  }
}

bool flyteadminReads(core::Resources::ResourceName n) {
  return n == core::Resources::CPU || n == core::Resources::MEMORY || n == core::Resources::GPU ||
         n == core::Resources::EPHEMERAL_STORAGE;
}

std::optional<idl::Quantity> capFor(const PlatformCaps& caps, core::Resources::ResourceName n) {
  const std::optional<std::string>* text = nullptr;
  switch (n) {
  case core::Resources::CPU: text = &caps.cpu; break;
  case core::Resources::MEMORY: text = &caps.mem; break;
  case core::Resources::GPU: text = &caps.gpu; break;
  case core::Resources::EPHEMERAL_STORAGE: text = &caps.ephemeralStorage; break;
  default: return std::nullopt;
  }
  if (!*text) return std::nullopt;
  auto q = idl::parseQuantity(**text);
  if (!q || q->isZero()) return std::nullopt;  // flyteadmin: a zero cap is no cap
  return q;
}

struct Checker {
  const PackageIndex& index;
  const std::string& where;
  const std::string& owner;
  bool registered;
  DiagnosticEngine& diags;

  // Parses one list (requests or limits); reports what fails.
  std::map<core::Resources::ResourceName, idl::Quantity> parseList(
      const google::protobuf::RepeatedPtrField<core::Resources::ResourceEntry>& list, const char* kind) {
    std::map<core::Resources::ResourceName, idl::Quantity> out;
    for (const auto& e : list) {
      const std::string name = resourceName(e.name());
      idl::QuantityParse p = idl::parseQuantityWithReason(e.value());
      if (!p) {
        if (registered)
          diags.reportAtPath(diag::err_package_invalid_quantity, where, e.value(), name, p.error.message, owner);
        else
          diags.reportAtPath(diag::warn_package_resource_not_quantity, where, owner, kind, e.value(), name,
                             p.error.message);
        continue;
      }
      const idl::Quantity& q = *p.quantity;
      if (q.isNegative()) diags.reportAtPath(diag::warn_package_resource_negative, where, owner, kind, e.value(), name);
      if (e.name() == core::Resources::MEMORY && idl::isMilliBytes(q))
        diags.reportAtPath(diag::warn_package_memory_in_millibytes, where, owner, kind, e.value());
      if (e.name() == core::Resources::STORAGE)
        diags.reportAtPath(diag::warn_package_storage_resource, where, owner, kind);
      if (!flyteadminReads(e.name())) continue;
      if (out.count(e.name())) {
        if (registered)
          diags.reportAtPath(diag::err_package_resource_given_twice, where, owner, kind, name);
        else
          diags.reportAtPath(diag::warn_package_resource_given_twice, where, owner, kind, name);
        continue;
      }
      if (e.name() == core::Resources::GPU) {
        auto milli = q.milliValue();
        if (milli && *milli % 1000 != 0) {
          if (registered)
            diags.reportAtPath(diag::err_gpu_not_whole, where, e.value());
          else
            diags.reportAtPath(diag::warn_package_gpu_not_whole, where, owner, kind, e.value());
        }
      }
      out.emplace(e.name(), q);
    }
    return out;
  }

  void check(const core::Resources& r) {
    auto requests = parseList(r.requests(), "request");
    auto limits = parseList(r.limits(), "limit");
    for (const auto& [name, req] : requests) {
      const std::string rn = resourceName(name);
      auto lim = limits.find(name);
      const bool hasLimit = lim != limits.end();
      auto cap = capFor(index.caps, name);
      const idl::Quantity reqUnits = req.roundUpToWhole();
      if (name == core::Resources::GPU) {
        if (hasLimit && reqUnits != lim->second.roundUpToWhole()) {
          if (registered)
            diags.reportAtPath(diag::err_gpu_request_differs_from_limit, where, req.text(), lim->second.text());
          else
            diags.reportAtPath(diag::warn_package_gpu_request_differs_from_limit, where, owner, req.text(),
                               lim->second.text());
        }
        if (cap) capCheck("request", req, rn, *cap, true);
        continue;
      }
      if (hasLimit) {
        const idl::Quantity limUnits = lim->second.roundUpToWhole();
        if (limUnits < reqUnits) {
          if (registered)
            diags.reportAtPath(diag::err_request_above_limit, where, req.text(), rn, lim->second.text());
          else
            diags.reportAtPath(diag::warn_package_request_above_limit, where, owner, req.text(), rn,
                               lim->second.text());
        } else if (lim->second < req) {
          diags.reportAtPath(diag::warn_package_request_above_limit_exactly, where, owner, req.text(), rn,
                             lim->second.text());
        }
        if (cap) capCheck("limit", lim->second, rn, *cap, true);
      }
      if (cap) capCheck("request", req, rn, *cap, true);
    }
    // A limit without a request: flyteadmin checks no cap (it clamps at run time).
    for (const auto& [name, lim] : limits) {
      if (requests.count(name)) continue;
      auto cap = capFor(index.caps, name);
      if (cap) capCheck("limit", lim, resourceName(name), *cap, false);
    }
  }

  // flyteadmin compares whole units (Value()) where it checks at all; the
  // exact comparison of the source check is W0910.
  void capCheck(const char* kind, const idl::Quantity& q, const std::string& rn, const idl::Quantity& cap,
                bool flyteadminChecks) {
    if (registered && flyteadminChecks && q.roundUpToWhole() > cap.roundUpToWhole()) {
      diags.reportAtPath(diag::err_resource_above_platform_max, where, kind, q.text(), rn, cap.text());
      return;
    }
    if (q > cap)
      diags.reportAtPath(diag::warn_package_above_platform_maximum, where, owner, kind, q.text(), rn, cap.text());
  }
};

}  // namespace

void checkResources(const PackageIndex& index, const std::string& where, const std::string& owner,
                    const core::Resources& resources, bool registered, DiagnosticEngine& diags) {
  Checker{index, where, owner, registered, diags}.check(resources);
}

}  // namespace flytec::tc::pkg
