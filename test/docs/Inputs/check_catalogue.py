"""Checks every catalogue row's examples (see catalogue-coverage.test)."""
import os, re, subprocess, sys

root, codes_file = sys.argv[1], sys.argv[2]
codes = open(codes_file).read().split()
problems = []
for code in codes:
    out = subprocess.run([os.environ.get("FLYTEC", "flytec"), "explain", code], capture_output=True, text=True).stdout
    m_bad = re.search(r"Bad example \((\S+)\)", out)
    m_good = re.search(r"Good example \((\S+)\)", out)
    if not m_bad or not m_good:
        problems.append(f"{code}: no examples in `flytec explain`")
        continue
    bad, good = (os.path.join(root, m.group(1)) for m in (m_bad, m_good))
    for kind, path in (("bad", bad), ("good", good)):
        if not os.path.isfile(path):
            problems.append(f"{code}: {kind} example {path} does not exist")
        elif "RUN:" not in open(path, errors="replace").read():
            problems.append(f"{code}: {kind} example {path} is not a lit test (no RUN line)")
    if os.path.isfile(bad) and code not in open(bad, errors="replace").read():
        problems.append(f"{code}: bad example {bad} does not mention {code}")
    if bad == good:
        problems.append(f"{code}: bad and good example are the same file")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
