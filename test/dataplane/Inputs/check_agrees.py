#!/usr/bin/env python3
"""`flytec check FILE` and `flytec check PKG` agree on every package that
`flytec compile` writes.

For every `.flyte` file of the corpus (examples/, test/lower/, and the
near-miss `*-ok.flyte` files of test/check/), this checks the source; a file
with errors writes no package and is skipped. Otherwise it compiles the file
to a package directory and checks that directory: the package check must
report no error (an error there means Flyte would refuse what flytec wrote,
as E0911 did for struct field access before struct types carried
`structure.dataclass_type`), and each warning code it reports must also be
reported on the source. Prints one line per disagreement and a summary;
exits 1 on any disagreement.

Usage: check_agrees.py FLYTEC SRC_ROOT WORK_DIR
"""
import concurrent.futures
import json
import os
import subprocess
import sys


def codes(flytec, target):
    r = subprocess.run([flytec, "check", "--format=json", target], capture_output=True, text=True)
    try:
        diags = json.loads(r.stdout or "[]")
    except json.JSONDecodeError:
        return None, f"unparsable --format=json output (exit {r.returncode}): {r.stdout[:200]!r} {r.stderr[:200]!r}"
    if isinstance(diags, dict):
        diags = diags.get("diagnostics", [])
    return diags, None


def corpus(src):
    files = []
    for top in ("examples", "test/lower"):
        for d, _, fs in os.walk(os.path.join(src, top)):
            files += [os.path.join(d, f) for f in fs if f.endswith(".flyte")]
    for d, _, fs in os.walk(os.path.join(src, "test/check")):
        files += [os.path.join(d, f) for f in fs if f.endswith("-ok.flyte")]
    return sorted(files)


def one(flytec, src, work, path):
    rel = os.path.relpath(path, src)
    diags, err = codes(flytec, path)
    if err:
        return rel, "source: " + err, False
    if any(d.get("severity") == "error" for d in diags):
        return rel, None, False
    out = os.path.join(work, rel.replace("/", "__") + ".pkg")
    r = subprocess.run([flytec, "compile", path, "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        return rel, f"check is clean of errors but compile failed: {r.stderr.strip()[:300]}", True
    pdiags, err = codes(flytec, out)
    if err:
        return rel, "package: " + err, True
    perrs = [d for d in pdiags if d.get("severity") == "error"]
    if perrs:
        return rel, "check PKG reports errors the source check did not: " + "; ".join(
            f"{d.get('code')} {d.get('message')}" for d in perrs[:3]), True
    src_codes = {d.get("code") for d in diags}
    extra = sorted({d.get("code") for d in pdiags} - src_codes)
    if extra:
        return rel, "check PKG warns " + ", ".join(extra) + " which the source check does not", True
    return rel, None, True


def main():
    flytec, src, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    files = corpus(src)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: one(flytec, src, work, p), files))
    bad = [(rel, why) for rel, why, _ in results if why]
    for rel, why in bad:
        print(f"DISAGREE {rel}: {why}")
    packages = sum(1 for _, _, compiled in results if compiled)
    print(f"{len(files)} files, {packages} packages, {len(bad)} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
