// libFuzzer target over flytec's front half: the input bytes become an
// in-memory `.flyte` program that goes through exactly what `flytec check`
// runs (a compilation::Compilation's checkSources: load, UTF-8 check, parse,
// imports, resolve, type-check, every rule), then what `check -verify` and the renderers do with
// the diagnostics, and, for a clean program, lowering to flyteidl and the
// protobuf-JSON form (`flytec compile`). A crash, sanitizer report, uncaught
// exception or timeout in any of those is a finding (docs/fuzzing.md).
//
// Several files: a line `#--- NAME` (LLVM split-file's marker, a comment to
// the language) starts a virtual file NAME next to the root `main.flyte`, so
// imports, cycles and qualified names are fuzzed too. Files come from memory
// only: an import of a virtual file gets its text, an import inside the
// private, empty temp directory is read from disk there (missing file,
// directory), and anything outside it is an empty file, so an input never
// reads the real file system. It does not run anything, write packages, or
// apply fix-its.
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "backend/lower.h"
#include "backend/package_writer.h"
#include "compilation/compilation.h"
#include "diagnostics/diagnostic_engine.h"
#include "diagnostics/json_renderer.h"
#include "diagnostics/text_renderer.h"
#include "frontend/module_graph.h"
#include "frontend/verify.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace {

/// The private temp directory all virtual files live in (real path, so the
/// loader's canonical keys start with it), removed at exit.
std::string gTempDir;

void removeTempDir() {
  if (!gTempDir.empty()) llvm::sys::fs::remove_directories(gTempDir);
}

/// More virtual files add nothing but cost; the rest of the input stays text
/// of the last file.
constexpr int kMaxFiles = 8;

/// Splits the input at `#--- NAME` lines into canonical path -> text.
std::map<std::string, std::string> splitFiles(std::string_view input, std::string* rootPath) {
  std::map<std::string, std::string> files;
  *rootPath = flytec::canonicalSourcePath(gTempDir + "/main.flyte");
  std::string* current = &files[*rootPath];
  int count = 1;
  size_t pos = 0;
  while (pos < input.size()) {
    size_t end = input.find('\n', pos);
    size_t next = end == std::string_view::npos ? input.size() : end + 1;
    std::string_view line = input.substr(pos, next - pos);
    if (line.substr(0, 5) == "#--- " && count < kMaxFiles) {
      std::string_view name = line.substr(5);
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.remove_suffix(1);
      if (!name.empty() && name.find('\0') == std::string_view::npos) {
        current = &files[flytec::canonicalSourcePath(gTempDir + "/" + std::string(name))];
        current->clear();
        ++count;
        pos = next;
        continue;
      }
    }
    current->append(line);
    pos = next;
  }
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("flytec-fuzz", dir)) abort();
  llvm::SmallString<128> real;
  if (llvm::sys::fs::real_path(dir, real)) abort();
  gTempDir = std::string(real);
  atexit(removeTempDir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace flytec;
  std::string root;
  std::map<std::string, std::string> files =
      splitFiles(std::string_view(reinterpret_cast<const char*>(data), size), &root);
  const std::string inside = gTempDir + "/";
  SourceOverlay overlay = [&](const std::string& key) -> std::optional<std::string> {
    if (auto it = files.find(key); it != files.end()) return it->second;
    if (key == gTempDir || key.compare(0, inside.size(), inside) == 0) return std::nullopt;
    return std::string();
  };

  compilation::CompilationOptions options;
  // Caps given as flags, so the resource rules compare against them too.
  options.caps = compilation::PlatformCapFlags{"4", "16Gi", "1", "100Gi", ""};
  options.overlay = overlay;
  compilation::Compilation compilation(std::move(options));
  llvm::SourceMgr& sm = compilation.sourceManager();
  DiagnosticEngine& diags = compilation.diagnostics();
  compilation::CheckedProgram checked = compilation.checkSources({root});

  // `flytec compile`: lower a clean program and print every entry as JSON.
  if (std::optional<idl::Package> pkg = compilation.lower(checked, backend::LowerOptions{}))
    for (const idl::PackageEntry& e : pkg->entries) (void)backend::entryToJson(e);

  // What `check` and `check -verify` do with the diagnostics.
  std::string out;
  llvm::raw_string_ostream os(out);
  const BufferLocator where(sm);
  for (const Diagnostic& d : diags.diagnostics()) renderText(d, where, os, false);
  renderJson(diags.diagnostics(), sm, os);
  diags.sortByLocation(sm);
  DiagnosticEngine directiveErrors;
  (void)verifyDiagnostics(diags.diagnostics(), sm, os, directiveErrors);
  return 0;
}
