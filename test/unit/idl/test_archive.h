// Test helper: writes tar / tar.gz archives with libarchive, including the
// hostile entries (links, `../`, absolute paths, huge zero-filled entries)
// that the package reader must refuse. Not a test itself.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flytec::idl::testing {

/// One entry to write.
struct TestEntry {
  enum Type { File, Dir, Symlink, Hardlink, Fifo } type = File;
  std::string name;
  std::string data;             // File: the contents
  std::uint64_t zeros = 0;      // File: write this many zero bytes instead of `data`
  std::string linkTarget;       // Symlink/Hardlink
};

inline TestEntry fileEntry(std::string name, std::string data) {
  TestEntry e;
  e.name = std::move(name);
  e.data = std::move(data);
  return e;
}
inline TestEntry zerosEntry(std::string name, std::uint64_t zeros) {
  TestEntry e;
  e.name = std::move(name);
  e.zeros = zeros;
  return e;
}
inline TestEntry specialEntry(TestEntry::Type type, std::string name, std::string linkTarget = "") {
  TestEntry e;
  e.type = type;
  e.name = std::move(name);
  e.linkTarget = std::move(linkTarget);
  return e;
}

/// Writes `entries` to `path` (pax format, gzip-compressed when `gzip`).
inline void writeArchive(const std::string& path, const std::vector<TestEntry>& entries, bool gzip = true) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) {
    archive_write_add_filter_gzip(a);
    archive_write_set_filter_option(a, "gzip", "compression-level", "1");
  }
  if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK)
    throw std::runtime_error(archive_error_string(a));
  for (const TestEntry& t : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, t.name.c_str());
    archive_entry_set_perm(e, 0644);
    switch (t.type) {
    case TestEntry::File:
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_size(e, t.zeros ? static_cast<la_int64_t>(t.zeros) : static_cast<la_int64_t>(t.data.size()));
      break;
    case TestEntry::Dir:
      archive_entry_set_filetype(e, AE_IFDIR);
      break;
    case TestEntry::Symlink:
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, t.linkTarget.c_str());
      break;
    case TestEntry::Hardlink:
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_hardlink(e, t.linkTarget.c_str());
      archive_entry_set_size(e, 0);
      break;
    case TestEntry::Fifo:
      archive_entry_set_filetype(e, AE_IFIFO);
      break;
    }
    if (archive_write_header(a, e) != ARCHIVE_OK)
      throw std::runtime_error(archive_error_string(a));
    if (t.type == TestEntry::File) {
      if (t.zeros) {
        const std::string chunk(1 << 20, '\0');
        for (std::uint64_t left = t.zeros; left > 0;) {
          const std::uint64_t n = left < chunk.size() ? left : chunk.size();
          archive_write_data(a, chunk.data(), static_cast<size_t>(n));
          left -= n;
        }
      } else if (!t.data.empty()) {
        archive_write_data(a, t.data.data(), t.data.size());
      }
    }
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

} // namespace flytec::idl::testing
