# lit configuration for flytec's tool tests.
#   *.flyte  -- usually `flytec check -verify %s` with expectations inline
#   *.test   -- lit scripts (driver behaviour, goldens, end-to-end runs)
# Files under an Inputs/ folder are fixtures, never tests.
import os
import lit.formats

config.name = "flytec"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".flyte", ".test"]
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.flytec_obj_root, "test")

# FileCheck, not, count live in llvm's bindir (not on PATH on Debian).
path = os.pathsep.join([config.flytec_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
for var in ["HOME", "TMPDIR", "LANG", "FLYTEC_VSIX_TEST"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%flytec", os.path.join(config.flytec_tools_dir, "flytec")))
config.substitutions.append(("%src_root", config.flytec_src_root))
config.substitutions.append(("%protoc", config.protoc))
config.substitutions.append(("%flyteidl", config.flyteidl_proto_dir))
config.substitutions.append(("%python", "/usr/bin/python3"))
# %expect-exit N CMD...: CMD must exit with status N (spec §1 exit codes).
config.substitutions.append(("%expect-exit", os.path.join(config.test_source_root, "Inputs", "expect-exit")))

shared = os.path.join(os.path.dirname(config.flytec_src_root), "shared")
if os.path.isdir(os.path.join(shared, "spec")):
    config.available_features.add("shared")
    config.substitutions.append(("%shared", shared))
if config.sanitize in ("ON", "1", "TRUE"):
    config.available_features.add("asan")
    # Memory errors and undefined behaviour fail the test (non-zero exit and
    # a report on stderr); leaks are reported too.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0:exitcode=86"
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1:exitcode=87"

# The libFuzzer binary from the clang build (build-fuzz/, scripts/fuzz): the
# fuzz smoke run needs it. Not under ASan: the fuzzer is already sanitized,
# and the sanitizer suite would only run the same 45 s again. Nor in
# `scripts/test --quick` (FLYTEC_LIT_QUICK).
if (os.path.exists(config.fuzzer) and "asan" not in config.available_features
        and not os.environ.get("FLYTEC_LIT_QUICK")):
    config.available_features.add("fuzzer")
    config.substitutions.append(("%check_fuzzer", config.fuzzer))
    config.substitutions.append(("%fuzz_seeds", os.path.join(os.path.dirname(config.fuzzer), "seeds")))
