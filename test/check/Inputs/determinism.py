#!/usr/bin/env python3
"""Determinism of `flytec check` under parallel parsing and checking.

Generates (into OUTDIR) a large file whose items carry many syntax and
literal errors spread over many declarations, a large file with semantic
warnings and errors, a multi-file project and a directory of many files, then runs `flytec check` on
each with -j1, -j2 and -j4, several times, in text and --format=json, with
and without --max-errors. Every run must give byte-identical output and the
same exit status as the first -j1 run. --max-errors makes the order of
reporting visible even though output is sorted by location: only the first
errors in source order may survive, whichever thread parsed them.

It also checks the test is not vacuous: many diagnostics on many distinct
lines, and --time-phases showing that -j2/-j4 really used several threads.

usage: determinism.py FLYTEC OUTDIR
"""
import os
import re
import subprocess
import sys

REPEATS = 2


def big_syntax_file(n):
    """n groups; each has good declarations and broken ones of several kinds."""
    out = ["package det", ""]
    for i in range(n):
        out += [
            f"task good_{i}(x: int) -> int {{",
            '    image  = "debian:bookworm-slim"',
            '    script = """echo {{.inputs.x}} > {{.outputs.o0}}"""',
            "}",
            "",
        ]
        kind = i % 5
        if kind == 0:    # unclosed parameter list
            out += [f"task broken_{i}(x: int -> int {{", '    image = "x"', "}", ""]
        elif kind == 1:  # missing expression
            out += [f"workflow wf_{i}() -> int {{", "    a = ", "    return a", "}", ""]
        elif kind == 2:  # integer out of range (reported by the AST builder)
            out += [f"task big_{i}() {{", '    image = "x"', "    retries = 99999999999999999999999", "}", ""]
        elif kind == 3:  # stray token between declarations
            out += [f"task t_{i}() {{ image = \"x\" }} )", ""]
        else:            # bad string escape (a lexical error; the item stays quiet)
            out += [f"task esc_{i}() {{", '    image = "a\\qb"', "}", ""]
    return "\n".join(out) + "\n"


def big_semantic_file(n):
    """Parses cleanly; type checking finds warnings and errors in many workflows."""
    out = ["package sem", ""]
    for i in range(n):
        out += [
            f"task sq_{i}(x: int) -> int {{",
            '    image  = "debian:bookworm-slim"',
            '    script = """echo {{.inputs.x}} > {{.outputs.o0}}"""',
            "}",
            "",
            f"workflow flow_{i}(y: int = 3) -> int {{",
            f"    a = sq_{i}(x = y)",
            f"    b = sq_{i}(x = y)",             # never read: a warning
            f'    c = sq_{i}(x = "text")' if i % 3 == 0 else f"    c = sq_{i}(x = a)",  # type error
            "    return c",
            "}",
            "",
        ]
    return "\n".join(out) + "\n"


def project(dirpath, n):
    """main imports three modules, each with broken and fine declarations."""
    os.makedirs(dirpath, exist_ok=True)
    for m in ("alpha", "beta", "gamma"):
        with open(os.path.join(dirpath, m + ".flyte"), "w") as f:
            f.write(big_syntax_file(n).replace("package det", f"package {m}"))
    with open(os.path.join(dirpath, "main.flyte"), "w") as f:
        f.write('package main\n\nimport "alpha.flyte"\nimport "beta.flyte"\nimport "gamma.flyte"\n\n')
        f.write(big_syntax_file(n // 4).replace("package det\n", ""))
    return os.path.join(dirpath, "main.flyte")


RULE_ERRORS = """
task bad_placeholder(x: int) -> int {
    image  = "debian:bookworm-slim"
    script = \"\"\"echo {{.inputs.y}} > {{.outputs.o0}}\"\"\"
}

task bad_resources() {
    image    = "debian:bookworm-slim"
    script   = "true"
    requests = { cpu = "2" }
    limits   = { cpu = "1" }
}
"""


def directory(dirpath, n, broken):
    """A directory of n files checked as one command (files parsed and checked
    in parallel). `broken`: syntax errors and invalid UTF-8 in some files
    (then no semantic check runs); else semantic errors and warnings, a
    module imported by many files, and files whose entities collide under
    one Flyte name (a check across files)."""
    os.makedirs(dirpath, exist_ok=True)
    with open(os.path.join(dirpath, "common.flyte"), "w") as f:
        f.write(big_semantic_file(3).replace("package sem", "package common"))
    for i in range(n):
        kind = i % 3
        data = None
        if broken and kind == 0:
            data = big_syntax_file(6).replace("package det", f"package d{i}").encode()
        elif broken and kind == 1:
            data = (big_semantic_file(4).replace("package sem", f"package u{i}") + "# caf\xe9\n").encode("latin-1")
        elif kind == 2:
            data = (f"package clash\n\ntask same() {{\n    image = \"debian:{i}\"\n    script = \"true\"\n}}\n\n"
                    + big_semantic_file(4).replace("package sem\n", "")).encode()
        else:  # errors from two rule checks: --max-errors shows the order they join in
            data = (big_semantic_file(6).replace("package sem\n", f'package s{i}\n\nimport "common.flyte"\n')
                    + RULE_ERRORS).encode()
        with open(os.path.join(dirpath, f"f{i:03}.flyte"), "wb") as f:
            f.write(data)
    return dirpath


def run(flytec, args, jobs):
    cmd = [flytec, "check", "-j", str(jobs), "--color", "never"] + args
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def threads_used(flytec, path, jobs):
    p = subprocess.run([flytec, "check", "-j", str(jobs), "--time-phases", path], capture_output=True)
    m = re.search(rb"\((\d+) items, (\d+) threads?\)", p.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def main():
    flytec, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    syntax = os.path.join(outdir, "syntax.flyte")
    with open(syntax, "w") as f:
        f.write(big_syntax_file(1500))
    semantic = os.path.join(outdir, "semantic.flyte")
    with open(semantic, "w") as f:
        f.write(big_semantic_file(1000))
    main_file = project(os.path.join(outdir, "project"), 200)
    many_broken = directory(os.path.join(outdir, "many-broken"), 90, broken=True)
    many = directory(os.path.join(outdir, "many"), 90, broken=False)

    failures = 0
    cases = [
        ("syntax", [syntax]),
        ("syntax --max-errors 37", ["--max-errors", "37", syntax]),
        ("syntax json", ["--format=json", syntax]),
        ("semantic", [semantic]),
        ("semantic --max-errors 53", ["--max-errors", "53", semantic]),
        ("semantic json", ["--format=json", semantic]),
        ("project", [main_file]),
        ("project --max-errors 101", ["--max-errors", "101", main_file]),
        ("project json", ["--format=json", main_file]),
        ("directory", [many]),
        ("directory --max-errors 240", ["--max-errors", "240", many]),
        ("directory json", ["--format=json", many]),
        ("directory, syntax", [many_broken]),
        ("directory, syntax --max-errors 41", ["--max-errors", "41", many_broken]),
    ]
    for name, args in cases:
        before = failures
        ref = run(flytec, args, 1)
        text = ref[1] + ref[2]
        lines = set(re.findall(rb":(\d+):\d+", text)) | set(re.findall(rb'"line": (\d+)', text))
        if name.startswith("directory"):  # small files: places are file and line
            lines = set(re.findall(rb"(f\d{3}\.flyte\"?(?::\d+|,))", text))
        diags = len(re.findall(rb"\[E\d{4}\]|\[W\d{4}\]|\"code\": ?\"[EW]\d{4}\"", text))
        # Not vacuous: many diagnostics spread over many places in the file.
        minimum = 30 if "max-errors" in name else 200
        places = min(minimum, 60) if name.startswith("directory") else minimum  # JSON: one place a file
        if diags < minimum or len(lines) < places:
            print(f"FAIL {name}: only {diags} diagnostics on {len(lines)} lines (want >= {minimum})")
            failures += 1
        for jobs in (1, 2, 4):
            for rep in range(REPEATS if jobs > 1 else 1):
                got = run(flytec, args, jobs)
                if got != ref:
                    print(f"FAIL {name}: -j{jobs} run {rep + 1} differs from -j1 "
                          f"(exit {got[0]} vs {ref[0]}, {len(got[1]) + len(got[2])} vs {len(text)} bytes)")
                    failures += 1
        if failures == before:
            print(f"ok {name}: {diags} diagnostics on {len(lines)} lines, exit {ref[0]}, "
                  f"identical for -j1, -j2 x{REPEATS}, -j4 x{REPEATS}")

    # The parallel path really ran: several threads on the large files.
    for path in (syntax, semantic, many):
        for jobs in (2, 4):
            items, threads = threads_used(flytec, path, jobs)
            if threads != jobs or items < 700:
                print(f"FAIL {os.path.basename(path)}: -j{jobs} parsed {items} items on {threads} threads")
                failures += 1
    print("FAILED" if failures else "PASSED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
