// Finding and reading a package's entries (see package_reader.h): archives
// through libarchive (tar, optionally gzip), a directory's top-level files, or
// one `.pb` file. Entry bytes go straight into memory through bounded reads;
// nothing is extracted to disk. Files are opened without blocking and must be
// regular files (a FIFO named `x.tgz` would otherwise wait forever for a
// writer). Decoding one entry is package_decode.cpp.
#include "idl/package_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "support/regular_file.h"

namespace flytec::idl {

namespace fs = std::filesystem;

namespace {

constexpr size_t kChunk = 64 * 1024;

std::string mib(std::uint64_t bytes) {
  return bytes % (1 << 20) == 0 ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} bytes", bytes);
}

std::string_view baseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

enum class EntryClass { FastSource, Protobuf, Other };

// flytectl's segregateSourceAndProtos: `fast*.tar.gz` (by base name) is
// pyflyte's source tarball, `*.pb` a spec, anything else invalid.
EntryClass classify(std::string_view path) {
  const std::string_view base = baseName(path);
  if (base.starts_with("fast") && base.ends_with(".tar.gz"))
    return EntryClass::FastSource;
  if (path.ends_with(".pb"))
    return EntryClass::Protobuf;
  return EntryClass::Other;
}

using Reason = PackageProblem::Reason;

// Why an archive path would escape the extraction directory, or nullopt.
std::optional<Reason> escapeReason(std::string_view path) {
  if (path.starts_with("/"))
    return Reason::AbsolutePath;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    if (path.substr(start, end - start) == "..")
      return Reason::PathTraversal;
    start = end + 1;
  }
  return std::nullopt;
}

// "./a_1.pb" and "a_1.pb" name the same entry.
std::string normalizeArchivePath(std::string_view path) {
  while (path.starts_with("./"))
    path.remove_prefix(2);
  return std::string(path);
}

// State shared by the three sources: problems, decoded entries, budgets.
struct Reader {
  const PackageReadLimits& limits;
  PackageReadResult result;
  std::uint64_t charged = 0;
  bool overBudget = false;
  std::uint64_t decodedCharged = 0;  // estimated memory of the decoded entries

  explicit Reader(const PackageReadLimits& l) : limits(l) {}

  template <Reason R, typename... Values>
  void problem(std::string entry, const Values&... values) {
    result.problems.push_back(packageProblem<R>(std::move(entry), values...));
  }

  // Counts `bytes` of uncompressed data against the package total; false
  // (after one E0905) once the total is exceeded.
  bool charge(std::uint64_t bytes, const std::string& where, const std::string& entry) {
    charged += bytes;
    if (charged <= limits.maxTotalBytes)
      return true;
    if (!overBudget)
      problem<Reason::TotalSizeExceeded>(where, mib(limits.maxTotalBytes), printableName(entry));
    overBudget = true;
    return false;
  }

  void tooLarge(const std::string& entry, std::uint64_t size) {
    problem<Reason::EntryTooLarge>(entry, size, mib(limits.maxEntryBytes));
  }

  // Decodes within what is left of the decoding budget, and charges the
  // decoded message's estimated memory to it.
  void decode(const std::string& entry, std::string_view bytes) {
    PackageEntry e;
    std::uint64_t cost = 0;
    const std::uint64_t left = limits.maxDecodedBytes - std::min(decodedCharged, limits.maxDecodedBytes);
    if (decodePackageEntry(entry, bytes, e, result.problems, left, cost)) {
      decodedCharged += cost;
      result.package.entries.push_back(std::move(e));
    }
  }

  PackageReadResult finish() {
    std::stable_sort(result.package.entries.begin(), result.package.entries.end(),
                     [](const PackageEntry& a, const PackageEntry& b) { return a.fileName < b.fileName; });
    return std::move(result);
  }
};

// --- Archives -----------------------------------------------------------------

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

ArchivePtr newArchiveReader() {
  ArchivePtr a(archive_read_new());
  if (a) {
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
  }
  return a;
}

std::string archiveError(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

// Reads the current entry's data into `out`, at most maxEntryBytes.
// Returns 1 on success, 0 when the entry is too large, -1 on a read error
// (`fatal` set when the archive cannot continue).
int readEntryData(archive* a, std::uint64_t maxBytes, std::string& out, std::string& error, bool& fatal) {
  char buf[kChunk];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n == 0)
      return 1;
    if (n < 0) {
      error = archiveError(a);
      fatal = n == ARCHIVE_FATAL;
      return -1;
    }
    if (out.size() + static_cast<std::uint64_t>(n) > maxBytes)
      return 0;
    out.append(buf, static_cast<size_t>(n));
  }
}

void readArchive(Reader& r, archive* a, const std::string& displayName) {
  size_t count = 0;
  int retries = 0;
  for (;;) {
    archive_entry* e = nullptr;
    const int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF)
      return;
    if (rc == ARCHIVE_RETRY && ++retries < 3)
      continue;
    if (rc < ARCHIVE_WARN) {
      if (count == 0)
        r.problem<Reason::NotTarArchive>(displayName, archiveError(a));
      else
        r.problem<Reason::ArchiveCorrupt>(displayName, count, archiveError(a));
      return;
    }
    retries = 0;
    if (++count > r.limits.maxEntries) {
      r.problem<Reason::TooManyEntries>(displayName, r.limits.maxEntries);
      return;
    }
    const char* rawName = archive_entry_pathname(e);
    const std::string name = rawName ? normalizeArchivePath(rawName) : fmt::format("<entry #{}>", count);
    const std::uint64_t size =
        archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ? archive_entry_size(e) : 0;
    // Skipped data is still decompressed by libarchive: charge it too.
    if (!r.charge(size, displayName, name))
      return;

    if (auto why = escapeReason(name)) {
      if (*why == Reason::AbsolutePath)
        r.problem<Reason::AbsolutePath>(name);
      else
        r.problem<Reason::PathTraversal>(name);
      continue;
    }
    if (const char* target = archive_entry_hardlink(e)) {
      r.problem<Reason::HardLink>(name, printableName(target));
      continue;
    }
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(e);
      r.problem<Reason::SymbolicLinkTo>(name, printableName(target ? target : ""));
      continue;
    }
    if (type == AE_IFDIR || name.empty())
      continue;
    const EntryClass cls = classify(name);
    if (type != AE_IFREG) {
      r.problem<Reason::NotRegularEntry>(name);
      continue;
    }
    if (cls == EntryClass::FastSource)
      continue;  // pyflyte's source tarball: accepted, not read
    if (cls == EntryClass::Other) {
      r.problem<Reason::NotSpecOrSource>(name);
      continue;
    }
    if (size > r.limits.maxEntryBytes) {
      r.tooLarge(name, size);
      continue;
    }
    std::string data;
    data.reserve(static_cast<size_t>(size));
    std::string error;
    bool fatal = false;
    const int got = readEntryData(a, r.limits.maxEntryBytes, data, error, fatal);
    if (got == 0) {
      r.problem<Reason::EntryLargerThanHeader>(name, mib(r.limits.maxEntryBytes), size);
      continue;
    }
    if (got < 0) {
      r.problem<Reason::EntryUnreadable>(name, error);
      if (fatal)
        return;
      continue;
    }
    r.decode(name, data);
  }
}

// --- Files and directories -------------------------------------------------------

// Opens `p` for reading if it is a regular file (support/regular_file.h:
// a FIFO is refused, never waited on). Reports E0906 about `name` and
// returns an invalid descriptor otherwise; `size` is the file's size.
support::UniqueFd openRegularFile(Reader& r, const fs::path& p, const std::string& name, std::uint64_t& size) {
  struct stat st {};
  support::UniqueFd fd = support::openForReading(p.string(), /*followLinks=*/true, st);
  if (!fd.valid()) {
    r.problem<Reason::CannotOpen>(name, std::strerror(errno));
    return fd;
  }
  if (!S_ISREG(st.st_mode)) {
    if (S_ISFIFO(st.st_mode))
      r.problem<Reason::IsFifo>(name);
    else
      r.problem<Reason::NotRegularFile>(name);
    return support::UniqueFd();
  }
  size = static_cast<std::uint64_t>(st.st_size);
  return fd;
}

void readPbFile(Reader& r, const fs::path& p, const std::string& name) {
  std::uint64_t size = 0;
  support::UniqueFd file = openRegularFile(r, p, name, size);
  if (!file.valid())
    return;
  if (size > r.limits.maxEntryBytes) {
    r.tooLarge(name, size);
    return;
  }
  if (!r.charge(size, name, name))
    return;
  std::string data;
  switch (support::readToEnd(file.get(), r.limits.maxEntryBytes, size, data)) {
    case support::ReadEnd::TooLarge:
      r.problem<Reason::EntryGrew>(name, mib(r.limits.maxEntryBytes));
      return;
    case support::ReadEnd::Eof: r.decode(name, data); return;
    default: r.problem<Reason::CannotRead>(name, std::strerror(errno)); return;
  }
}

void readDirectory(Reader& r, const fs::path& dir, const std::string& displayName) {
  std::error_code ec;
  std::vector<fs::directory_entry> items;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec))
    items.push_back(*it);
  if (ec) {
    r.problem<Reason::DirectoryUnlistable>(displayName, ec.message());
    return;
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  for (const auto& item : items) {
    const std::string name = item.path().filename().string();
    const fs::file_status st = item.symlink_status(ec);
    if (ec) {
      r.problem<Reason::EntryUnstatable>(name, ec.message());
      continue;
    }
    if (fs::is_symlink(st)) {
      r.problem<Reason::SymbolicLink>(name);
      continue;
    }
    if (fs::is_directory(st))
      continue;  // top level only
    if (!fs::is_regular_file(st)) {
      r.problem<Reason::NotRegularEntry>(name);
      continue;
    }
    switch (classify(name)) {
    case EntryClass::FastSource:
      break;
    case EntryClass::Other:
      r.problem<Reason::NotSpecOrSource>(name);
      break;
    case EntryClass::Protobuf:
      readPbFile(r, item.path(), name);
      break;
    }
    if (r.overBudget)
      return;
  }
}

PackageReadResult internalError(const std::string& where, const char* what) {
  PackageReadResult res;
  res.problems.push_back(packageProblem<Reason::InternalError>(where, what));
  return res;
}

} // namespace

PackageReadResult readPackage(const std::string& path, const PackageReadLimits& limits) {
  try {
    Reader r(limits);
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      r.problem<Reason::CannotRead>(path, ec ? ec.message() : "no such file or directory");
      return r.finish();
    }
    if (fs::is_directory(st)) {
      readDirectory(r, path, path);
      return r.finish();
    }
    if (classify(path) == EntryClass::Protobuf) {
      readPbFile(r, path, path);
      return r.finish();
    }
    std::uint64_t size = 0;
    support::UniqueFd file = openRegularFile(r, path, path, size);
    if (!file.valid())
      return r.finish();
    ArchivePtr a = newArchiveReader();
    if (!a) {
      r.problem<Reason::NoArchiveReader>(path);
      return r.finish();
    }
    // libarchive reads from the descriptor and leaves closing it to us.
    if (archive_read_open_fd(a.get(), file.get(), kChunk) != ARCHIVE_OK) {
      r.problem<Reason::ArchiveUnopenable>(path, archiveError(a.get()));
      return r.finish();
    }
    readArchive(r, a.get(), path);
    return r.finish();
  } catch (const std::exception& e) {
    return internalError(path, e.what());
  } catch (...) {
    return internalError(path, "unknown exception");
  }
}

PackageReadResult readPackageArchive(std::string_view bytes, std::string_view displayName,
                                     const PackageReadLimits& limits) {
  const std::string name(displayName);
  try {
    Reader r(limits);
    ArchivePtr a = newArchiveReader();
    if (!a) {
      r.problem<Reason::NoArchiveReader>(name);
      return r.finish();
    }
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      r.problem<Reason::ArchiveUnopenable>(name, archiveError(a.get()));
      return r.finish();
    }
    readArchive(r, a.get(), name);
    return r.finish();
  } catch (const std::exception& e) {
    return internalError(name, e.what());
  } catch (...) {
    return internalError(name, "unknown exception");
  }
}

} // namespace flytec::idl
