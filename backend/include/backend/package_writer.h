// Writing a lowered package to disk (spec §1, §10): a `.tgz`/`.tar.gz`
// archive, an uncompressed `.tar`, or a directory of `.pb` files; and the
// `--emit=json` form, one protobuf-JSON file per entity.
//
// Deterministic: entries sorted by name, mtime 0, uid/gid 0, mode 0644, no
// gzip file name or timestamp, protobuf serialised deterministically, so the
// same package gives the same bytes. Written as every output of flytec is
// (docs/outputs.md): an archive through support/atomic_write.h (a temporary
// renamed into place; a link written through; a device or FIFO written
// into), a directory through support/directory_replace.h, which replaces only
// an absent path, an empty directory or a directory of this writer's own
// `NNN_name_K.pb`/`.json` files, and refuses any other (the error names what
// it holds). On failure the output path is as it was. It does not lower or
// check anything.
#pragma once

#include <string>

#include "idl/package.h"

namespace flytec::backend {

/// How an output path is written, from its name.
enum class PackageFormat { Tgz, Tar, Directory };

/// `.tgz`/`.tar.gz` -> Tgz, `.tar` -> Tar, anything else -> Directory.
PackageFormat packageFormatForPath(const std::string& path);

/// The outcome of a write: empty `error` on success, else why it failed (an
/// OS or libarchive message, lower-case) for E0004.
struct WriteResult {
  std::string error;
  explicit operator bool() const { return error.empty(); }
};

/// Writes `pkg` to `path` in the format its name selects.
WriteResult writePackage(const idl::Package& pkg, const std::string& path);

/// The archive bytes `writePackage` would write (Tgz or Tar), for tests and
/// for callers that keep the package in memory.
std::string packageArchiveBytes(const idl::Package& pkg, bool gzip);

/// One entry as protobuf JSON (lowerCamelCase field names, as flytekit and
/// flytectl print them), keys sorted and indented, ending in a newline.
std::string entryToJson(const idl::PackageEntry& entry);

/// Writes every entry as `{idx}_{name}_{k}.json` into the directory `path`
/// (replaced atomically).
WriteResult writePackageJson(const idl::Package& pkg, const std::string& path);

}  // namespace flytec::backend
