// Package writer (package_writer.h): deterministic archives through
// libarchive (ustar, entries sorted, mtime 0, uid/gid 0, mode 0644, gzip
// without name or timestamp), directories of `.pb`/`.json` files, and the
// atomic replace of the output path (temporary sibling, then rename; on any
// failure the temporary is removed and the output path is untouched).
#include "backend/package_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <google/protobuf/util/json_util.h>
#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "idl/serialize.h"
#include "support/bounded_json.h"

namespace flytec::backend {

namespace fs = std::filesystem;

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

std::string lowerFirst(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string errnoText(int err) { return lowerFirst(std::strerror(err)); }

/// A unique sibling of `path` for temporaries.
std::string siblingTemp(const std::string& path, const char* tag) {
  static unsigned counter = 0;
  return path + "." + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

bool writeFile(const std::string& path, const std::string& bytes, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = errnoText(errno);
    return false;
  }
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    error = errnoText(errno ? errno : EIO);
    return false;
  }
  return true;
}

/// Replace the file `path` with `bytes` atomically.
WriteResult replaceFile(const std::string& path, const std::string& bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return {"is a directory"};
  std::string tmp = siblingTemp(path, "tmp");
  std::string error;
  if (!writeFile(tmp, bytes, error)) {
    fs::remove(tmp, ec);
    return {error};
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errnoText(errno);
    fs::remove(tmp, ec);
    return {error};
  }
  return {};
}

/// Replace the directory `path` with files {name -> bytes} atomically.
WriteResult replaceDirectory(const std::string& path, const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  bool existed = fs::exists(fs::symlink_status(path, ec));
  if (existed && !fs::is_directory(path, ec)) return {"exists and is not a directory"};
  std::string tmp = siblingTemp(path, "tmp");
  if (!fs::create_directory(tmp, ec)) return {ec ? lowerFirst(ec.message()) : "cannot create a temporary directory"};
  std::string error;
  for (const auto& [name, bytes] : files)
    if (!writeFile(tmp + "/" + name, bytes, error)) {
      fs::remove_all(tmp, ec);
      return {error};
    }
  std::string old;
  if (existed) {
    old = siblingTemp(path, "old");
    if (::rename(path.c_str(), old.c_str()) != 0) {
      error = errnoText(errno);
      fs::remove_all(tmp, ec);
      return {error};
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errnoText(errno);
    if (existed) ::rename(old.c_str(), path.c_str());
    fs::remove_all(tmp, ec);
    return {error};
  }
  if (existed) fs::remove_all(old, ec);
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
      std::vector<std::pair<std::string, std::string>> files;
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
  std::vector<std::pair<std::string, std::string>> files;
  for (const idl::PackageEntry* e : sortedEntries(pkg)) {
    std::string name = e->fileName;
    if (llvm::StringRef(name).endswith(".pb")) name.resize(name.size() - 3);
    files.emplace_back(name + ".json", entryToJson(*e));
  }
  return replaceDirectory(path, files);
}

}  // namespace flytec::backend
