"""Robustness of `flytec fmt` on damaged input.

Takes every `.flyte` file under the given roots, applies seeded random
mutations (inserted brackets, commas, comments, newlines; deleted bytes) and
runs `flytec fmt --stdout` on each result. Fails (exit 1, one line per case)
when fmt exits with anything but 0 or 1, prints an internal error, or, when it
succeeds, is not idempotent. Prints how many mutants were formatted and how
many were rejected as syntax errors; both must be non-zero, so the run cannot
pass by accident.

usage: mutate.py FLYTEC SCRATCH COUNT ROOT...
"""
import os
import random
import subprocess
import sys

PIECES = [b"(", b")", b"{", b"}", b"[", b"]", b",", b"\n", b"# c\n", b"## d\n", b" ", b"=", b"x",
          b"-", b'"s"', b"with", b"after", b"\xc3\xa9"]


def main():
    flytec, scratch, count, roots = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    os.makedirs(scratch, exist_ok=True)
    files = sorted(os.path.join(d, f) for r in roots for d, _, fs in os.walk(r) for f in fs
                   if f.endswith(".flyte"))
    rng = random.Random(21)
    formatted = rejected = 0
    failures = []
    for n in range(count):
        name = rng.choice(files)
        src = open(name, "rb").read()
        for _ in range(rng.randint(1, 4)):
            p = rng.randint(0, len(src))
            r = rng.random()
            if r < 0.4:
                src = src[:p] + rng.choice(PIECES) + src[p:]
            elif r < 0.7:
                src = src[:p] + src[p + rng.randint(1, 5):]
            else:
                src = src[:p] + b"\n" + src[p:]
        path = os.path.join(scratch, f"m{n}.flyte")
        with open(path, "wb") as f:
            f.write(src)
        r = subprocess.run([flytec, "fmt", "--stdout", path], capture_output=True)
        if r.returncode not in (0, 1) or b"internal error" in r.stderr:
            failures.append(f"{path} (from {name}): exit {r.returncode}: {r.stderr[-200:]!r}")
            continue
        if r.returncode == 1:
            rejected += 1
            continue
        formatted += 1
        again = path + ".fmt.flyte"
        with open(again, "wb") as f:
            f.write(r.stdout)
        r2 = subprocess.run([flytec, "fmt", "--stdout", again], capture_output=True)
        if r2.returncode != 0 or r2.stdout != r.stdout:
            failures.append(f"{path} (from {name}): not idempotent")
    for f in failures:
        print("FAIL:", f)
    print(f"{count} mutants: {formatted} formatted, {rejected} rejected, {len(failures)} failures")
    return 1 if failures or not formatted or not rejected else 0


if __name__ == "__main__":
    sys.exit(main())
