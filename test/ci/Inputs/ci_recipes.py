"""Checks the CI recipes of docs/ci.md against the real flytec.

  ci_recipes.py matcher FLYTEC MATCHER.json WORKDIR -- CHECK-ARGS...
      Runs `flytec check CHECK-ARGS` (text), applies the problem matcher's
      regexp to every stderr line as GitHub's runner does (one line at a time),
      and compares what it extracts (file, line, column, severity, message,
      code) with the diagnostics of `flytec check --format=json CHECK-ARGS`,
      the oracle: the same diagnostics, in order, and no other line matched
      (source lines, carets, notes, fix-its, the summary).
  ci_recipes.py workflow FLYTEC WORKFLOW.yml SRC_ROOT WORKDIR
      Parses the GitHub Actions workflow, checks its shape (SARIF upload of
      the file the check writes, the problem matcher, register gated on main
      and using the compiled archive) and runs every `flytec ...` line of its
      `run:` steps here, with FLYTE_DIR=examples/ and FLYTE_MAIN=the squares
      example, the built flytec first on PATH.
  ci_recipes.py hooks FLYTEC HOOKS.yaml SRC_ROOT WORKDIR
      Parses .pre-commit-hooks.yaml, checks each hook's fields and runs its
      `entry` on every example file its `files` pattern selects.

A command using a flag or subcommand this build does not have yet (another
engineer's `--format=sarif`, `--baseline`, `flytec fmt`) is reported as
"not in this build", and only when the exit status is 2 with CLI11's own
refusal of exactly that flag or subcommand; every other failure fails.
Exit 1 on any failure.
"""
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys

import yaml

FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL:", message)


def js_to_python_regex(js):
    """GitHub's matcher regexps are JavaScript/.NET syntax; the subset they
    share with Python's `re` is used as is. Named groups are the one spelling
    that differs; lookbehind and flags are refused so the matcher stays in
    the common subset."""
    if "(?<=" in js or "(?<!" in js:
        raise ValueError("lookbehind is not portable across matcher engines")
    return re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", js)


def not_in_this_build(cmd, rc, stderr):
    """The build refuses a feature another branch adds: CLI11's own message."""
    if rc != 2:
        return False
    if "--format=sarif" in cmd and "--format: sarif not in" in stderr:
        return True
    if "baseline" in cmd and re.search(r"not expected: --(write-)?baseline", stderr):
        return True
    if re.match(r"\S*flytec fmt\b", cmd) and "A subcommand is required" in stderr:
        return True
    return False


def run_matcher(flytec, matcher_path, workdir, args):
    doc = json.loads(pathlib.Path(matcher_path).read_text())
    patterns = [m["pattern"] for m in doc["problemMatcher"]]
    if len(patterns) != 1 or len(patterns[0]) != 1:
        fail("expected one single-line pattern")
        return
    pattern = patterns[0][0]
    regex = re.compile(js_to_python_regex(pattern["regexp"]))
    text = subprocess.run([flytec, "check", *args], capture_output=True, text=True, cwd=workdir)
    oracle = subprocess.run([flytec, "check", "--format=json", *args], capture_output=True, text=True, cwd=workdir)
    if text.returncode != oracle.returncode:
        fail(f"text exit {text.returncode} != json exit {oracle.returncode}")
    expected = []
    notes = 0
    for d in json.loads(oracle.stdout)["diagnostics"]:
        start = (d.get("range") or {}).get("start") or {}
        line, col = start.get("line"), start.get("column")
        expected.append((d["file"], str(line) if line else None, str(col) if col else None,
                         d["severity"], d["message"], d["code"]))
        notes += len(d["notes"])
    found, unmatched = [], 0
    for raw in text.stderr.splitlines():
        m = regex.match(raw)
        if not m:
            unmatched += 1
            continue
        g = lambda key: m.group(pattern[key]) if key in pattern else None
        found.append((g("file"), g("line"), g("column"), g("severity"), g("message"), g("code")))
    if found != expected:
        fail("matcher extracted:\n  " + "\n  ".join(map(str, found)) +
             "\nbut flytec --format=json reported:\n  " + "\n  ".join(map(str, expected)))
    note_lines = sum(1 for raw in text.stderr.splitlines() if ": note: " in raw)
    if note_lines != notes:
        fail(f"{note_lines} note lines in the text output, {notes} notes in the JSON")
    for item in found:
        print("matched:", " | ".join("-" if x is None else x for x in item))
    print(f"{len(found)} diagnostics matched ({sum(1 for f in found if f[1] is None)} without a line), "
          f"{notes} notes and {unmatched - notes} other lines not matched, exit {text.returncode}")


def command_lines(script):
    """The `flytec ...` commands of a `run:` block, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", script)
    return [line.strip() for line in joined.splitlines() if line.strip().startswith("flytec ")]


def run_commands(commands, env, workdir):
    ran = skipped = 0
    for cmd in commands:
        p = subprocess.run(["bash", "-eo", "pipefail", "-c", cmd], capture_output=True, text=True,
                           cwd=workdir, env=env)
        if p.returncode == 0:
            ran += 1
            print("ran:", cmd)
        elif not_in_this_build(cmd, p.returncode, p.stderr):
            skipped += 1
            print("not in this build:", cmd, "--", p.stderr.splitlines()[0])
        else:
            fail(f"`{cmd}` exited {p.returncode}:\n{p.stderr}")
    return ran, skipped


def tool_env(flytec):
    env = dict(os.environ)
    env["PATH"] = str(pathlib.Path(flytec).resolve().parent) + os.pathsep + env.get("PATH", "")
    return env


def check_workflow(flytec, path, src_root, workdir):
    doc = yaml.safe_load(pathlib.Path(path).read_text())
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    if not triggers or "pull_request" not in triggers or "push" not in triggers:
        fail(f"triggers: {triggers}")
    steps = [s for job in doc["jobs"].values() for s in job.get("steps", [])]
    uses = [s.get("uses", "") for s in steps]
    for action in ("actions/checkout@", "github/codeql-action/upload-sarif@"):
        if not any(u.startswith(action) for u in uses):
            fail(f"no step uses {action}")
    for name, job in doc["jobs"].items():
        if any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in job.get("steps", [])):
            if (job.get("permissions") or doc.get("permissions") or {}).get("security-events") != "write":
                fail(f"job {name} uploads SARIF without `security-events: write`")
    runs = [s["run"] for s in steps if "run" in s]
    sarif_steps = [r for r in runs if "--format=sarif" in r]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    sarif_file = upload["with"]["sarif_file"]
    if not any(re.search(r">\s*" + re.escape(sarif_file) + r"\b", r) for r in sarif_steps):
        fail(f"no `flytec check --format=sarif` step writes {sarif_file}")
    if not any("::add-matcher::" in r and "flytec-problem-matcher.json" in r for r in runs):
        fail("the problem matcher is never added")
    register = doc["jobs"].get("register", {})
    if "refs/heads/main" not in register.get("if", "") or "check" not in str(register.get("needs")):
        fail(f"register job not gated on main after check: {register.get('if')}")
    reg_runs = " ".join(s.get("run", "") for s in register.get("steps", []))
    register_cmd = re.search(r"flytectl\b.*register files --archive pkg\.tgz.*", re.sub(r"\\\n\s*", " ", reg_runs))
    if not register_cmd or not all(f in register_cmd.group(0) for f in ("--project", "--domain", "--version")):
        fail("no `flytectl register files --archive pkg.tgz --project P --domain D --version V`")
    commands = [c for r in runs for c in command_lines(r)]
    env = tool_env(flytec)
    env.update(FLYTE_DIR=str(pathlib.Path(src_root) / "examples"),
               FLYTE_MAIN=str(pathlib.Path(src_root) / "examples" / "squares" / "main.flyte"))
    ran, skipped = run_commands(commands, env, workdir)
    sarif = pathlib.Path(workdir) / sarif_file
    if sarif.exists() and sarif.stat().st_size:
        if json.loads(sarif.read_text()).get("version") != "2.1.0":
            fail("flytec.sarif is not SARIF 2.1.0")
    if not (pathlib.Path(workdir) / "pkg.tgz").exists():
        fail("the compile step wrote no pkg.tgz")
    print(f"workflow: {len(commands)} flytec commands, {ran} ran, {skipped} not in this build")


def check_hooks(flytec, path, src_root, workdir):
    hooks = yaml.safe_load(pathlib.Path(path).read_text())
    examples = sorted(str(p) for p in (pathlib.Path(src_root) / "examples").rglob("*"))
    env = tool_env(flytec)
    for hook in hooks:
        for key in ("id", "name", "entry", "language", "files"):
            if key not in hook:
                fail(f"hook {hook.get('id')} has no `{key}`")
        if hook.get("language") != "system":
            fail(f"hook {hook['id']}: language {hook.get('language')}")
        pattern = re.compile(hook["files"])
        if not pattern.search("a/b.flyte") or pattern.search("b.flyte.bak") or pattern.search("b.py"):
            fail(f"hook {hook['id']}: files pattern {hook['files']!r} selects the wrong files")
        files = [f for f in examples if pattern.search(f)]  # pre-commit uses re.search
        cmd = hook["entry"] + " " + " ".join(shlex.quote(f) for f in files)
        ran, skipped = run_commands([cmd], env, workdir)
        print(f"hook {hook['id']}: {len(files)} files, {'ran' if ran else 'not in this build' if skipped else 'failed'}")


def main():
    mode, flytec = sys.argv[1], sys.argv[2]
    if mode == "matcher":
        sep = sys.argv.index("--")
        run_matcher(flytec, sys.argv[3], sys.argv[4], sys.argv[sep + 1:])
    elif mode == "workflow":
        pathlib.Path(sys.argv[5]).mkdir(parents=True, exist_ok=True)
        check_workflow(flytec, sys.argv[3], sys.argv[4], sys.argv[5])
    elif mode == "hooks":
        pathlib.Path(sys.argv[5]).mkdir(parents=True, exist_ok=True)
        check_hooks(flytec, sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit(f"unknown mode {mode}")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
