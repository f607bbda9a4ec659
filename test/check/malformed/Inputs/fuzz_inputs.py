"""Malformed-input drivers for flytec check (see truncations.test, random-bytes.test).

  fuzz_inputs.py truncate FILE WORKDIR STEP   every prefix of FILE at STEP-byte steps
  fuzz_inputs.py random WORKDIR COUNT         COUNT random files (bytes, tokens, NULs)

Each input is checked with `flytec check`; anything but exit 0/1, any
"internal error" and any run over 10 s fails the test.
"""
import os, random, subprocess, sys

def check(path):
    try:
        p = subprocess.run(["flytec", "check", path], capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        sys.exit(f"hang: {path}")
    err = p.stderr.decode(errors="replace")
    if p.returncode not in (0, 1) or "internal error" in err:
        sys.exit(f"exit {p.returncode} on {path}:\n{err[-2000:]}")

def main():
    mode = sys.argv[1]
    if mode == "truncate":
        data = open(sys.argv[2], "rb").read()
        work, step = sys.argv[3], int(sys.argv[4])
        os.makedirs(work, exist_ok=True)
        for n in range(0, len(data) + 1, step):
            path = os.path.join(work, f"cut{n}.flyte")
            open(path, "wb").write(data[:n])
            check(path)
    elif mode == "random":
        work, count = sys.argv[2], int(sys.argv[3])
        os.makedirs(work, exist_ok=True)
        rng = random.Random(20261125)
        words = ["task", "workflow", "struct", "enum", "launchplan", "import", "package", "map", "partial",
                 "(", ")", "[", "]", "{", "}", ",", "=", ":", ".", "->", "?", "x", "\"s\"", '"""r"""', "1",
                 "2.5", "5m", "with", "after", "return", "none", "#c\n", "##d\n", "\n", "\"", '"""', "\\", "@"]
        for i in range(count):
            kind = i % 3
            if kind == 0:
                data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
            elif kind == 1:
                data = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 400))).encode()
            else:
                data = b"task t() {" + b"\0" * rng.randrange(1, 100) + b"}"
            path = os.path.join(work, f"r{i}.flyte")
            open(path, "wb").write(data)
            check(path)
    else:
        sys.exit("usage: see the docstring")

main()
