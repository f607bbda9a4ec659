// Reading a Flyte package: a `.tgz`/`.tar.gz`/`.tar` archive (libarchive), a
// directory of `.pb` files (top level only), or a single `.pb` file.
//
// Each `.pb` entry is decoded as `flytectl register files` does: the message
// its `_1/_2/_3` suffix names is tried first, then the others in the order
// TaskSpec, WorkflowSpec, LaunchPlan; entries come out sorted by file name
// (flytectl's registration order). `fast*.tar.gz` entries (pyflyte's source
// tarballs) are accepted and skipped.
//
// The reader never throws and never prints. Entries are read straight into
// memory through bounded buffers (nothing is extracted to disk); each entry
// and the whole package are size-limited, so a compression bomb is a problem
// report, not an out-of-memory. Problems (codes of spec §9/§10):
//   W0901 the suffix names another message than the content decodes as
//   E0902 an entry that is neither `.pb` nor `fast*.tar.gz` (or not a file)
//   E0903 path traversal (`../x`, an absolute path) or a link entry
//   E0904 an entry that does not decode as any of the three messages
//   E0905 an entry, or the package, over the size limits (or too many entries),
//         or entries whose decoded messages would take more than the budget
//   E0906 the archive or file is unreadable or corrupt
// It does not check what the messages say; typecheck's package checker does.
#pragma once

#include "idl/package.h"

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flytec::idl {

/// One problem found while reading a package: what went wrong and the
/// values its message names; the wording is the diagnostic's
/// (package_problems.def).
struct PackageProblem {
  enum class Reason : unsigned char {
#define PACKAGE_PROBLEM(code, reason, diag, nvalues) reason,
#include "idl/package_problems.def"
#undef PACKAGE_PROBLEM
  };
  /// The entry's path inside the package, or the package path itself for
  /// problems of the whole archive.
  std::string entry;
  Reason reason;
  /// Sizes, limits, paths, the system's error text: as many as the reason's
  /// row says, in the order of its message.
  std::vector<std::string> values;

  /// `W0901`, `E0902` ... `E0906`.
  std::string_view code() const;
  bool isError() const { return code()[0] == 'E'; }
  bool operator==(const PackageProblem&) const = default;
};

/// How many values a problem of `reason` carries.
constexpr unsigned packageProblemValues(PackageProblem::Reason reason) {
  switch (reason) {
#define PACKAGE_PROBLEM(code, reason, diag, nvalues) \
  case PackageProblem::Reason::reason: return nvalues;
#include "idl/package_problems.def"
#undef PACKAGE_PROBLEM
  }
  return 0;
}

inline std::string packageProblemValue(std::string_view text) { return std::string(text); }
template <std::integral N>
std::string packageProblemValue(N number) { return std::to_string(number); }

/// The problem `R` about `entry`; a call with another number of values than
/// its row says does not compile.
template <PackageProblem::Reason R, typename... Values>
PackageProblem packageProblem(std::string entry, const Values&... values) {
  static_assert(sizeof...(Values) == packageProblemValues(R), "this problem carries another number of values");
  return {std::move(entry), R, {packageProblemValue(values)...}};
}

/// Bounds on what the reader accepts.
struct PackageReadLimits {
  /// Largest single entry (uncompressed), in bytes.
  std::uint64_t maxEntryBytes = 64ull << 20;
  /// Largest total of all entries' uncompressed sizes, skipped ones included.
  std::uint64_t maxTotalBytes = 1ull << 30;
  /// Most archive entries (directories included).
  std::size_t maxEntries = 100000;
  /// Largest estimate of the memory the decoded messages take, all entries
  /// together (idl/decode_budget.h): what a few wire bytes can cost once
  /// decoded is bounded before protobuf allocates it.
  std::uint64_t maxDecodedBytes = 1ull << 30;
};

/// A package and what went wrong reading it. Entries that could not be
/// decoded are absent from `package`.
struct PackageReadResult {
  Package package;
  std::vector<PackageProblem> problems;

  /// True when some problem is an error (E-code).
  bool hasErrors() const;
  /// True when the package, or part of it, could not be read: E0905 (over a
  /// limit) or E0906 (unreadable, not a file, corrupt). The documented exit
  /// status for these is 2, not the 1 of a package Flyte would reject.
  bool unreadable() const;
};

/// Reads a package from `path`: a directory, a `.pb` file, or otherwise an
/// archive (tar, optionally gzip-compressed).
PackageReadResult readPackage(const std::string& path, const PackageReadLimits& limits = {});

/// Reads a package archive held in memory; `displayName` names it in problems.
PackageReadResult readPackageArchive(std::string_view archiveBytes, std::string_view displayName,
                                     const PackageReadLimits& limits = {});

/// Decodes one `.pb` entry's bytes as flytectl does (see above), appending
/// W0901/E0904 to `problems`. Returns false when nothing decodes.
bool decodePackageEntry(const std::string& fileName, std::string_view bytes, PackageEntry& out,
                        std::vector<PackageProblem>& problems);

/// The same within a decoding budget: an attempt whose estimated memory
/// exceeds `budget` is not made (E0905). `cost` is set to the estimate of
/// the message that decoded.
bool decodePackageEntry(const std::string& fileName, std::string_view bytes, PackageEntry& out,
                        std::vector<PackageProblem>& problems, std::uint64_t budget, std::uint64_t& cost);

/// `name` (an entry's path, a package path) made safe to print in a
/// diagnostic: control characters (a newline, ESC, CR ...), invalid UTF-8,
/// Unicode line separators and bidirectional overrides become `\n`, `\r`,
/// `\t`, `\xNN` or `\u{NNNN}`, and `\` becomes `\\`, so a hostile name
/// cannot forge or recolour a line of a CI log. Everything else is kept.
std::string printableName(std::string_view name);

} // namespace flytec::idl
