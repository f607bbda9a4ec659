// The task cache (`cache` field; spec §11): `.flytec/cache/KEY/` holds
// `outputs.pb` (a core.LiteralMap) and the output files it points to. KEY is
// the SHA-256 of the task name, cache version, interface and input values,
// with file and dir inputs hashed by content, not path. Output files are
// stored as read-only copies with their SHA-256 in `digests`, checked on
// every hit, so a changed entry is a miss, never a changed output. Hashing
// and copying stop when the stop flag is set (SIGINT). Entries are written
// to a temporary directory and renamed into place, so concurrent runs never
// see half an entry; a corrupt entry is reported and ignored. It does not
// decide whether a task is cacheable (task_config.h does).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "flyteidl/core/interface.pb.h"
#include "flyteidl/core/literals.pb.h"
#include "runtime/file_io.h"

namespace flytec::rt {

/// The cache key of one execution, as 64 hex digits; nullopt when `stop`
/// was set while hashing input files.
std::optional<std::string> cacheKey(const std::string& taskName, const std::string& cacheVersion,
                                    const flyteidl::core::TypedInterface& iface,
                                    const flyteidl::core::LiteralMap& inputs, const StopFlag* stop = nullptr);

/// Why a cache entry cannot be used (W1009 words it): the entry's path and,
/// for a file of it, which.
struct CacheDefect {
  enum class Kind {
    UnreadableOutputs,  ///< outputs.pb does not parse
    NoDigests,          ///< the `digests` file is missing
    MissingFile,        ///< `file`: an output file is gone
    NoDigestFor,        ///< `file`: an output file has no recorded digest
    FileChanged,        ///< `file`: an output file no longer matches its digest
  };
  Kind kind;
  std::string entry;
  std::string file;
};

class Cache {
 public:
  /// A cache in `dir`; copies and checks stop when `stop` is set.
  explicit Cache(std::filesystem::path dir, const StopFlag* stop = nullptr) : dir_(std::move(dir)), stop_(stop) {}

  /// The outputs stored under `key`; nullopt on a miss. A corrupt entry (a
  /// file whose content no longer matches its digest) is a miss with
  /// `defect` set.
  std::optional<flyteidl::core::LiteralMap> lookup(const std::string& key, std::optional<CacheDefect>& defect) const;

  /// Stores `outputs` (copying the files they point to into the entry).
  /// Failures are not fatal: they return false with `error` set.
  bool store(const std::string& key, const flyteidl::core::LiteralMap& outputs, std::string& error) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  const StopFlag* stop_;
};

}  // namespace flytec::rt
