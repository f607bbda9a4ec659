"""Idempotence and meaning preservation of `flytec fmt` over the corpus.

Copies test/ and examples/ into a scratch directory twice (imports resolve
inside each copy), keeps every `.flyte` file that `flytec check` accepts
(exit 0), formats it in place in the second copy, then requires:
  - formatting the formatted file again changes nothing (byte for byte);
  - `flytec compile` of the original and of the formatted file both succeed
    or both fail, and when they succeed every output file is byte-identical.
Prints one line per failure, naming the path; exits 1 on any failure or when
fewer than --min clean inputs were found (so it cannot pass vacuously).

usage: roundtrip.py FLYTEC SRC_ROOT SCRATCH --min N --min-compiled M
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def same_tree(a, b):
    """Lists differing or missing files between directories a and b."""
    diffs = []
    names_a = {os.path.relpath(os.path.join(d, f), a) for d, _, fs in os.walk(a) for f in fs}
    names_b = {os.path.relpath(os.path.join(d, f), b) for d, _, fs in os.walk(b) for f in fs}
    for n in sorted(names_a ^ names_b):
        diffs.append(f"only in one output: {n}")
    for n in sorted(names_a & names_b):
        if not filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False):
            diffs.append(f"differs: {n}")
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flytec")
    ap.add_argument("src_root")
    ap.add_argument("scratch")
    ap.add_argument("--min", type=int, required=True, help="fewest clean inputs accepted")
    ap.add_argument("--min-compiled", type=int, required=True, help="fewest lowered and compared")
    args = ap.parse_args()

    shutil.rmtree(args.scratch, ignore_errors=True)
    orig = os.path.join(args.scratch, "orig")
    fmtd = os.path.join(args.scratch, "fmt")
    for top in ("test", "examples"):
        shutil.copytree(os.path.join(args.src_root, top), os.path.join(orig, top), symlinks=True)
        shutil.copytree(os.path.join(args.src_root, top), os.path.join(fmtd, top), symlinks=True)

    inputs = sorted(os.path.relpath(os.path.join(d, f), orig)
                    for d, _, fs in os.walk(orig) for f in fs if f.endswith(".flyte"))
    clean = [p for p in inputs if run([args.flytec, "check", os.path.join(orig, p)]).returncode == 0]

    failures = []
    compiled = 0
    for rel in clean:
        src, dst = os.path.join(orig, rel), os.path.join(fmtd, rel)
        r = run([args.flytec, "fmt", dst])
        if r.returncode != 0:
            failures.append(f"{rel}: fmt exited {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
            continue
        with open(dst, "rb") as f:
            once = f.read()
        r = run([args.flytec, "fmt", "--stdout", dst])
        if r.returncode != 0 or r.stdout != once:
            failures.append(f"{rel}: not idempotent (second fmt exit {r.returncode})")
        outs = []
        for tag, path in (("a", src), ("b", dst)):
            out = os.path.join(args.scratch, "out", rel.replace(os.sep, "__"), tag)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            outs.append((out, run([args.flytec, "compile", path, "-o", out]).returncode))
        (out_a, rc_a), (out_b, rc_b) = outs
        if rc_a != rc_b:
            failures.append(f"{rel}: compile exit {rc_a} before formatting, {rc_b} after")
        elif rc_a == 0:
            compiled += 1
            for d in same_tree(out_a, out_b):
                failures.append(f"{rel}: lowered output {d}")

    for f in failures:
        print("FAIL:", f)
    print(f"checked {len(inputs)} inputs, {len(clean)} clean, {compiled} compiled and compared, "
          f"{len(failures)} failures")
    if len(clean) < args.min:
        print(f"FAIL: only {len(clean)} clean inputs, expected at least {args.min}")
        return 1
    if compiled < args.min_compiled:
        print(f"FAIL: only {compiled} inputs compiled, expected at least {args.min_compiled}")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
