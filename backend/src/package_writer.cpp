// Package writer (package_writer.h): deterministic archives through
// libarchive (ustar, entries sorted, mtime 0, uid/gid 0, mode 0644, gzip
// without name or timestamp) and directories of `.pb`/`.json` files. It
// replaces nothing itself: an archive is one file for support/atomic_write.h,
// a directory goes through support/directory_replace.h, told which file
// names are this writer's (so only a directory it wrote is ever replaced).
#include "backend/package_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <google/protobuf/util/json_util.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>

#include <algorithm>
#include <string_view>

#include "idl/serialize.h"
#include "support/atomic_write.h"
#include "support/directory_replace.h"
#include "support/bounded_json.h"

namespace flytec::backend {

namespace {

const google::protobuf::Message& messageOf(const idl::PackageEntry& e) {
  return std::visit([](const auto& m) -> const google::protobuf::Message& { return m; }, e.spec);
}

std::vector<const idl::PackageEntry*> sortedEntries(const idl::Package& pkg) {
  std::vector<const idl::PackageEntry*> out;
  for (const auto& e : pkg.entries) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->fileName < b->fileName; });
  return out;
}

/// A file name this writer produces: `{index}_{name}_{kind}.pb` (or `.json`
/// with --emit=json), index digits, kind 1-3. A directory holding only such
/// files (or nothing) is one flytec wrote, and may be replaced.
bool isPackageEntryName(std::string_view name) {
  std::string_view rest = name;
  if (rest.size() > 3 && rest.substr(rest.size() - 3) == ".pb") rest.remove_suffix(3);
  else if (rest.size() > 5 && rest.substr(rest.size() - 5) == ".json") rest.remove_suffix(5);
  else return false;
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return digits > 0 && rest.size() >= digits + 4 && rest[digits] == '_' && rest[rest.size() - 2] == '_' &&
         rest.back() >= '1' && rest.back() <= '3';
}

/// Replaces the directory `path` with `files` (support/directory_replace.h:
/// only an absent path, an empty directory or one this writer wrote).
WriteResult replaceDirectory(const std::string& path, const std::vector<support::DirectoryFile>& files) {
  support::DirectoryReplaceOptions options;
  options.isOwnEntry = isPackageEntryName;
  std::string error;
  if (!support::replaceDirectory(path, files, options, error)) return {error};
  return {};
}

/// Replaces the single file `path` (an archive) through the one writer.
WriteResult replaceFile(const std::string& path, const std::string& bytes) {
  std::string error;
  if (!support::writeFileAtomically(path, bytes, error)) return {error};
  return {};
}

int openCb(struct archive*, void*) { return ARCHIVE_OK; }
la_ssize_t writeCb(struct archive*, void* data, const void* buf, size_t n) {
  static_cast<std::string*>(data)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}
int closeCb(struct archive*, void*) { return ARCHIVE_OK; }

}  // namespace

PackageFormat packageFormatForPath(const std::string& path) {
  llvm::StringRef p(path);
  if (p.endswith(".tgz") || p.endswith(".tar.gz")) return PackageFormat::Tgz;
  if (p.endswith(".tar")) return PackageFormat::Tar;
  return PackageFormat::Directory;
}

std::string packageArchiveBytes(const idl::Package& pkg, bool gzip) {
  std::string bytes;
  struct archive* a = archive_write_new();
  archive_write_set_format_ustar(a);
  if (gzip) {
    archive_write_add_filter_gzip(a);
    // No timestamp (and no file name is ever set) in the gzip header.
    archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);
  }
  archive_write_open(a, &bytes, openCb, writeCb, closeCb);
  for (const idl::PackageEntry* e : sortedEntries(pkg)) {
    std::string data = idl::serializeDeterministic(messageOf(*e));
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e->fileName.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, 0, 0);
    archive_entry_set_uid(entry, 0);
    archive_entry_set_gid(entry, 0);
    archive_write_header(a, entry);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return bytes;
}

WriteResult writePackage(const idl::Package& pkg, const std::string& path) {
  switch (packageFormatForPath(path)) {
    case PackageFormat::Tgz: return replaceFile(path, packageArchiveBytes(pkg, true));
    case PackageFormat::Tar: return replaceFile(path, packageArchiveBytes(pkg, false));
    case PackageFormat::Directory: {
      std::vector<support::DirectoryFile> files;
      for (const idl::PackageEntry* e : sortedEntries(pkg))
        files.emplace_back(e->fileName, idl::serializeDeterministic(messageOf(*e)));
      return replaceDirectory(path, files);
    }
  }
  return {"unknown output format"};
}

std::string entryToJson(const idl::PackageEntry& entry) {
  std::string json;
  google::protobuf::util::JsonPrintOptions opts;
  (void)google::protobuf::util::MessageToJsonString(messageOf(entry), &json, opts);
  // Re-print through llvm::json: keys sorted, so map fields are deterministic.
  llvm::Expected<llvm::json::Value> v = support::parseJson(json);
  if (!v) {
    llvm::consumeError(v.takeError());
    return json + "\n";
  }
  return llvm::formatv("{0:2}", *v).str() + "\n";
}

WriteResult writePackageJson(const idl::Package& pkg, const std::string& path) {
  std::vector<support::DirectoryFile> files;
  for (const idl::PackageEntry* e : sortedEntries(pkg)) {
    std::string name = e->fileName;
    if (llvm::StringRef(name).endswith(".pb")) name.resize(name.size() - 3);
    files.emplace_back(name + ".json", entryToJson(*e));
  }
  return replaceDirectory(path, files);
}

}  // namespace flytec::backend
