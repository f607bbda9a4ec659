#!/bin/sh
# Compile throughput of `flytec compile` on generated workflows of 10, 100,
# 1,000 and 10,000 nodes (bench/compile/gen.py), timed in-script.
# Usage: bench/compile/run.sh [path/to/flytec]   (prints a Markdown table)
set -e
here=$(cd "$(dirname "$0")" && pwd)
flytec=${1:-$here/../../build/tools/flytec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| nodes | package entries | mean | best | nodes/s (best) |"
echo "|---:|---:|---:|---:|---:|"
for n in 10 100 1000 10000; do
  /usr/bin/python3 "$here/gen.py" $n > "$tmp/wf$n.flyte"
  "$flytec" compile "$tmp/wf$n.flyte" -o "$tmp/out$n.tgz" 2>/dev/null
  entries=$(tar -tzf "$tmp/out$n.tgz" | wc -l)
  runs=10; [ $n -ge 10000 ] && runs=3
  # Wall time per compile (check + lower + write .tgz), best of `runs` after
  # one warm-up; hyperfine gives the same numbers where it is installed.
  /usr/bin/python3 - "$flytec" "$tmp/wf$n.flyte" "$tmp/out$n.tgz" $n $entries $runs <<'PY'
import subprocess, sys, time
flytec, src, out, n, e, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
cmd = [flytec, "compile", src, "-o", out]
subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
best, mean = min(times), sum(times) / len(times)
print(f"| {n:,} | {e} | {mean * 1000:.1f} ms | {best * 1000:.1f} ms | {n / best:,.0f} |")
PY
done
