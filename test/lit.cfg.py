# lit configuration for flytec's tool tests.
#   *.flyte  -- usually `flytec check -verify %s` with expectations inline
#   *.test   -- lit scripts (driver behaviour, goldens, end-to-end runs)
# Files under an Inputs/ folder are fixtures, never tests.
import os
import shutil
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
for var in ["HOME", "TMPDIR", "LANG", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%flytec", os.path.join(config.flytec_tools_dir, "flytec")))
config.substitutions.append(("%src_root", config.flytec_src_root))
config.substitutions.append(("%obj_root", config.flytec_obj_root))
config.substitutions.append(("%protoc", config.protoc))
config.substitutions.append(("%flyteidl", config.flyteidl_proto_dir))
config.substitutions.append(("%python", "/usr/bin/python3"))
# %expect-exit N CMD...: CMD must exit with status N (spec §1 exit codes).
config.substitutions.append(("%expect-exit", os.path.join(config.test_source_root, "Inputs", "expect-exit")))

# npm-registry: npm runs and the registry answers `npm ping` (lsp/vsix.test
# installs and packages the VS Code extension). Offline, tests requiring it
# are reported UNSUPPORTED instead of failing. One ping per lit run.
def _npm_registry_reachable():
    import shutil
    import subprocess
    if not shutil.which("npm") or not shutil.which("node"):
        return False
    try:
        return subprocess.run(["npm", "ping"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


if _npm_registry_reachable():
    config.available_features.add("npm-registry")
else:
    lit_config.note("npm registry unreachable (`npm ping` failed): lsp/vsix.test is skipped")

# %validate-sarif FILE: the pinned SARIF multitool (scripts/fetch-sarif-multitool)
# and the SARIF 2.1.0 schema it ships; fails on any error.
config.substitutions.append(("%validate-sarif", "/usr/bin/python3 " + " ".join([
    os.path.join(config.test_source_root, "Inputs", "validate-sarif"),
    os.path.join(config.flytec_src_root, "third_party", "sarif-multitool", "package")])))

# %validate-json-schema SCHEMA FILE: python3-jsonschema, draft 2020-12.
config.substitutions.append(("%validate-json-schema", "/usr/bin/python3 " +
                             os.path.join(config.test_source_root, "Inputs", "validate-json-schema")))
# Peer workflow tools (bench/peers/): tests that run them say REQUIRES.
for peer in ("cwltool", "snakemake"):
    if shutil.which(peer):
        config.available_features.add(peer)
# root: tests that make device nodes inside %t with mknod (test/outputs/).
if hasattr(os, "geteuid") and os.geteuid() == 0:
    config.available_features.add("root")
# %reader_replay FILE|DIR...: test/fuzz/reader_fuzzer.cpp without libFuzzer.
config.substitutions.append(("%reader_replay", os.path.join(config.flytec_obj_root, "test", "reader_replay")))
# %unprivileged CMD...: runs CMD as a user file permissions apply to. Root
# reads a `chmod 000` file anyway; as root this drops to `nobody` (setpriv).
if os.geteuid() == 0 and shutil.which("setpriv"):
    config.substitutions.append(("%unprivileged", "setpriv --reuid=65534 --regid=65534 --clear-groups"))
else:
    config.substitutions.append(("%unprivileged", ""))
# isolated-hosts: tests that build Dask "hosts" out of mount and network
# namespaces (test/dask/Inputs/hosts.py) need root, `ip` and `unshare`.
if os.geteuid() == 0 and shutil.which("ip") and shutil.which("unshare"):
    config.available_features.add("isolated-hosts")
# not-quick: tests that `scripts/test --quick` (FLYTEC_LIT_QUICK) skips.
if not os.environ.get("FLYTEC_LIT_QUICK"):
    config.available_features.add("not-quick")
# strace: tests that count a run's system calls (test/run/syscalls-per-element.test).
if shutil.which("strace"):
    config.available_features.add("strace")
# ext4: the test directory is on ext4 (`stat -f` says "ext2/ext3"), whose
# directory flags (lsattr) a test can read (test/run/run-dir-topdir.test).
def _fs_type(path):
    import subprocess
    try:
        return subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


os.makedirs(config.test_exec_root, exist_ok=True)
if _fs_type(config.test_exec_root) == "ext2/ext3" and shutil.which("lsattr"):
    config.available_features.add("ext4")

shared = os.path.join(os.path.dirname(config.flytec_src_root), "shared")
if os.path.isdir(os.path.join(shared, "spec")):
    config.available_features.add("shared")
    config.substitutions.append(("%shared", shared))
    # The reference tools build themselves on first use, and install the
    # Debian packages they lack: tests that start them at the same moment on
    # a fresh machine raced for apt's lock (and failed). One at a time.
    go_tools_lock = os.path.join(config.flytec_obj_root, "go-tools.lock")
    for name, tool in (("%build_flyte_oracle", "flyte-oracle"), ("%build_copilot_rt", "flyte-copilot-rt")):
        config.substitutions.append(
            (name, "flock %s bash %s" % (go_tools_lock, os.path.join(shared, "tools", tool, "build.sh"))))
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
