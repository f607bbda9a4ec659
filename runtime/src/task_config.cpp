// Task preparation and refusal (see task_config.h).
#include "runtime/task_config.h"

#include <google/protobuf/util/json_util.h>

#include "flyteidl/plugins/dask.pb.h"
#include "idl/quantity.h"

namespace flytec::rt {

using flyteidl::core::Resources;

namespace {

std::optional<std::chrono::milliseconds> toMillis(const google::protobuf::Duration& d) {
  int64_t ms = d.seconds() * 1000 + d.nanos() / 1000000;
  if (ms <= 0 && d.nanos() <= 0) return std::nullopt;
  return std::chrono::milliseconds(std::max<int64_t>(ms, 1));
}

void readEntries(const google::protobuf::RepeatedPtrField<Resources::ResourceEntry>& entries,
                 ResourceRequest& r) {
  for (const auto& e : entries) {
    auto q = idl::parseQuantity(e.value());
    if (!q || q->isZero()) continue;
    double v = q->toBytesOrUnits();
    if (e.name() == Resources::CPU) r.cpu = v;
    else if (e.name() == Resources::MEMORY) r.memory = static_cast<uint64_t>(v);
  }
}

}  // namespace

ResourceRequest requestsOf(const Resources& resources) {
  ResourceRequest fromLimits, fromRequests;
  readEntries(resources.limits(), fromLimits);
  readEntries(resources.requests(), fromRequests);
  ResourceRequest r = fromRequests;
  if (!r.cpu) r.cpu = fromLimits.cpu;
  if (!r.memory) r.memory = fromLimits.memory;
  return r;
}

std::optional<TaskConfig> prepareTask(const flyteidl::core::TaskTemplate& tmpl, TaskRefusal& why) {
  using Reason = TaskRefusal::Reason;
  TaskConfig c;
  c.tmpl = &tmpl;
  c.name = tmpl.id().name();
  const std::string& type = tmpl.type();
  if (type == "dask") {
    // custom = flyteidl.plugins.DaskJob as a Struct (protobuf JSON).
    flyteidl::plugins::DaskJob job;
    std::string json;
    google::protobuf::util::JsonParseOptions opts;
    opts.ignore_unknown_fields = true;
    if (!google::protobuf::util::MessageToJsonString(tmpl.custom(), &json).ok() ||
        !google::protobuf::util::JsonStringToMessage(json, &job, opts).ok()) {
      why = {Reason::CustomNotDaskJob, ""};
      return std::nullopt;
    }
    DaskClusterSpec d;
    d.workers = job.workers().number_of_workers() > 0 ? static_cast<int>(job.workers().number_of_workers()) : 1;
    // Worker limits (Kubernetes defaults a missing limit to the request).
    ResourceRequest lim, req;
    for (const auto& e : job.workers().resources().limits()) {
      Resources r;
      *r.add_limits() = e;
      ResourceRequest one = requestsOf(r);
      if (one.cpu) lim.cpu = one.cpu;
      if (one.memory) lim.memory = one.memory;
    }
    req = requestsOf(job.workers().resources());
    d.workerLimits.cpu = lim.cpu ? lim.cpu : req.cpu;
    d.workerLimits.memory = lim.memory ? lim.memory : req.memory;
    c.dask = d;
  }
  if (!tmpl.has_container()) {
    why = {Reason::NoContainer, type};
    return std::nullopt;
  }
  const auto& ct = tmpl.container();
  for (const auto& a : ct.command()) c.argv.push_back(a);
  for (const auto& a : ct.args()) c.argv.push_back(a);
  if (c.argv.empty()) {
    why = {Reason::NoCommand, ""};
    return std::nullopt;
  }
  for (const auto& a : c.argv) {
    if (a.rfind("pyflyte-", 0) == 0) {
      why = {Reason::NeedsFlytekit, a};
      return std::nullopt;
    }
  }
  if (type != "raw-container" && type != "container" && type != "container_array" && type != "dask") {
    why = {Reason::NotRawContainer, type};
    return std::nullopt;
  }
  if (ct.has_data_config()) {
    if (!ct.data_config().input_path().empty()) c.inputPrefix = ct.data_config().input_path();
    if (!ct.data_config().output_path().empty()) c.outputPrefix = ct.data_config().output_path();
  }
  std::set<std::string> inputNames;
  for (const auto& [name, _] : tmpl.interface().inputs().variables()) inputNames.insert(name);
  for (const auto& a : c.argv)
    for (const auto& n : inputPlaceholderNames(a))
      if (!inputNames.count(n)) {
        why = {Reason::UndeclaredInput, n};
        return std::nullopt;
      }
  c.refs = scanInputReferences(c.argv, c.inputPrefix, inputNames);
  c.usesInputsDir = mentionsPathPrefix(c.argv, c.inputPrefix);
  c.usesOutputsDir = mentionsPathPrefix(c.argv, c.outputPrefix);
  for (const auto& kv : ct.env()) c.env.emplace_back(kv.key(), kv.value());
  c.image = ct.image();
  c.requests = requestsOf(ct.resources());
  const auto& md = tmpl.metadata();
  c.retries = static_cast<int>(md.retries().retries());
  if (md.has_timeout()) c.timeout = toMillis(md.timeout());
  c.cacheable = md.discoverable();
  c.cacheVersion = md.discovery_version();
  return c;
}

TaskConfig applyNodeOverrides(const TaskConfig& task, const flyteidl::core::NodeMetadata* md,
                              const flyteidl::core::TaskNodeOverrides* ov) {
  TaskConfig c = task;
  if (md) {
    if (md->has_retries()) c.retries = static_cast<int>(md->retries().retries());
    if (md->has_timeout()) c.timeout = toMillis(md->timeout());
    if (md->cacheable_value_case() == flyteidl::core::NodeMetadata::kCacheable) c.cacheable = md->cacheable();
    if (md->cache_version_value_case() == flyteidl::core::NodeMetadata::kCacheVersion)
      c.cacheVersion = md->cache_version();
  }
  if (ov) {
    if (ov->has_resources()) {
      ResourceRequest r = requestsOf(ov->resources());
      if (r.cpu) c.requests.cpu = r.cpu;
      if (r.memory) c.requests.memory = r.memory;
    }
    if (!ov->container_image().empty()) c.image = ov->container_image();
  }
  return c;
}

}  // namespace flytec::rt
