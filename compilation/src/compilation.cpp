// See compilation.h. The order of the phases is the contract every entry
// point relies on: configuration, load+parse, check (only after a clean
// parse), suppressions, subjects; lowering only after a check without error.
#include "compilation/compilation.h"

#include <filesystem>

#include "llvm/Support/xxhash.h"

#include "frontend/diagnostic_subjects.h"
#include "frontend/suppressions.h"
#include "typecheck/package_check.h"

namespace flytec::compilation {

Compilation::Compilation(CompilationOptions options)
    : options_(std::move(options)), diags_(options_.diagnostics) {}

const ClusterConfig& Compilation::configure(const std::vector<std::string>& inputs) {
  if (!config_) config_ = loadClusterConfig(options_.caps, inputs, sm_, diags_);
  return *config_;
}

namespace {

void hashInto(std::string& into, std::string_view part) {
  into += std::to_string(part.size());
  into += ':';
  into += part;
}

}  // namespace

uint64_t Compilation::configurationKey(const ClusterConfig& config) const {
  // Everything a rule check reads besides the sources: the caps, the
  // configuration file as written (its profile), what reports and how.
  std::string all;
  for (const std::optional<std::string>* cap :
       {&config.caps.cpu, &config.caps.mem, &config.caps.gpu, &config.caps.ephemeralStorage})
    hashInto(all, cap->value_or("-"));
  hashInto(all, config.path);
  if (config.bufferId) hashInto(all, sm_.getMemoryBuffer(config.bufferId)->getBuffer());
  hashInto(all, config.profile ? "profile" : "");
  const DiagnosticOptions& d = diags_.options();
  hashInto(all, std::to_string(d.maxErrors) + (d.allWarningsAreErrors ? "W" : "w"));
  for (DiagCode code : d.disabled) hashInto(all, "-" + std::to_string(static_cast<int>(code)));
  for (DiagCode code : d.promoted) hashInto(all, "+" + std::to_string(static_cast<int>(code)));
  return llvm::xxHash64(all);
}

std::unique_ptr<tc::SemanticModel> Compilation::analyze(const ModuleGraph& program, const ClusterConfig& config,
                                                       DiagnosticEngine& diags) {
  tc::CheckOptions options{config.caps, config.profile};
  options.cancel = options_.reparse ? options_.reparse->cancel : nullptr;
  options.recordNames = options_.recordNames;
  options.rootDeclarationsOnly = options_.rootDiagnosticsOnly;
  options.threads = configuredJobs(options_.parse.jobs);
  if (&diags == &diags_ && options_.ruleCache) {
    options.ruleCache = options_.ruleCache;
    options.configurationKey = configurationKey(config);
  }
  if (!options_.survivesCheckerFailure) return tc::analyze(program, diags, options);
  try {
    return tc::analyze(program, diags, options);
  } catch (const std::exception&) {
    return nullptr;  // the diagnostics so far stay
  }
}

CheckedProgram Compilation::checkSources(const std::vector<std::string>& sources) {
  // The configuration is read before the sources, so its buffer (and its
  // diagnostics) come first in every entry point alike.
  const ClusterConfig& config = configure(sources);
  CheckedProgram out;
  out.capsOk = config.ok;
  out.profile = config.profile;
  out.program = loadModuleGraph(sm_, diags_, sources, options_.overlay, options_.parse, options_.reparse);
  if (options_.timer) options_.timer->mark("load+parse");
  if (out.program.cancelled) return out;
  if (out.capsOk && out.program.frontendErrors == 0) {
    out.model = analyze(out.program, config, diags_);
    if (options_.ruleCache) out.ruleChecks = options_.ruleCache->lastCounts();
  } else if (options_.modelDespiteErrors) {
    // The semantic diagnostics of a program that did not parse would follow
    // from the syntax errors, and `flytec check` does not report them: they
    // go nowhere, and every entry point reports the same.
    DiagnosticEngine unreported;
    out.model = analyze(out.program, config, unreported);
  }
  if (cancelled()) return out;  // incomplete: the caller discards it
  // Suppression comments first (their own W0010/W0011 get subjects too),
  // then what each diagnostic is about, for SARIF and baselines.
  applySuppressions(diags_, out.program, sm_);
  attachSubjects(diags_.diagnostics(), out.program);
  if (options_.timer) options_.timer->mark("check");
  return out;
}

idl::PackageReadResult Compilation::readPackage(const std::string& path) {
  idl::PackageReadResult read = idl::readPackage(path);
  tc::reportPackageProblems(read, path, diags_);
  return read;
}

bool Compilation::checkPackage(const std::string& path) {
  const ClusterConfig& config = configure({path});
  std::error_code ec;
  const bool isDirectory = std::filesystem::is_directory(path, ec);
  idl::PackageReadResult read = readPackage(path);
  tc::checkPackageContents(read.package, path, isDirectory, diags_, config.caps, config.profile.get());
  return !read.unreadable();
}

std::optional<idl::Package> Compilation::lower(const CheckedProgram& checked, const backend::LowerOptions& options) {
  if (!checked.model || diags_.hasErrors()) return std::nullopt;
  std::optional<idl::Package> package = backend::lowerProgram(*checked.model, options, diags_);
  if (diags_.hasErrors()) return std::nullopt;
  return package;
}

LoweredSource Compilation::lowerToPackage(const std::string& path, const backend::LowerOptions& options) {
  LoweredSource out;
  out.checked = checkSources({path});
  out.package = lower(out.checked, options);
  return out;
}

}  // namespace flytec::compilation
