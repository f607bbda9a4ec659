#!/bin/sh
# `flytec check DIR` of 1,000 files x 100 lines (bench/parse/generate.py)
# with -j 1 and -j 2, alternating, RUNS runs each (default 11: on a shared
# 2-core VM the median of 7 moved by 15% between runs): the best and median times,
# the speed-up (target: at least 1.7x on 2 cores) and whether the two
# outputs are the same byte for byte (they must be). Then -j 1 pinned to
# each of the first two CPUs, and the best a perfect split could do.
# Usage: bench/check/parallel.sh [path/to/flytec] [files] [lines]
set -e
here=$(cd "$(dirname "$0")" && pwd)
flytec=${1:-$here/../../build/tools/flytec}
files=${2:-1000}
lines=${3:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
/usr/bin/python3 "$here/../parse/generate.py" "$lines" > "$tmp/one.flyte"
i=0
while [ $i -lt "$files" ]; do
  i=$((i + 1))
  sed "s/^package bench/package bench$i/" "$tmp/one.flyte" > "$tmp/src/f$i.flyte"
done
"$flytec" check -j 1 "$tmp/src" > "$tmp/out1" 2>&1 || true
"$flytec" check -j 2 "$tmp/src" > "$tmp/out2" 2>&1 || true
if cmp -s "$tmp/out1" "$tmp/out2"; then same=yes; else same=NO; fi
runs=${RUNS:-11}
rep=0
while [ $rep -lt "$runs" ]; do
  rep=$((rep + 1))
  for j in 1 2; do
    /usr/bin/time -f "%e" -a -o "$tmp/t$j" "$flytec" check -j $j "$tmp/src" >/dev/null 2>&1 || true
  done
done
stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%.3f %.3f", a[1], a[int((NR+1)/2)]}'; }
set -- $(stats "$tmp/t1") $(stats "$tmp/t2")
m1=$2; m2=$4
echo "| files x lines | -j 1 best / median | -j 2 best / median | speed-up (median) | same output |"
echo "|---|---:|---:|---:|---|"
awk -v f="$files" -v l="$lines" -v b1="$1" -v m1="$2" -v b2="$3" -v m2="$4" -v same="$same" 'BEGIN {
  printf "| %d x %d | %.3f / %.3f s | %.3f / %.3f s | %.2fx | %s |\n", f, l, b1, m1, b2, m2, m1 / (m2 > 0 ? m2 : 0.001), same }'
# The two CPUs of a VM need not be equally fast (one here ran a check 1.6x
# slower than the other): -j 1 pinned to each, and the best -j 2 could do
# if the work split perfectly, 1 / (1/t0 + 1/t1).
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  for cpu in 0 1; do
    : > "$tmp/p$cpu"
    for rep in 1 2 3 4 5; do
      /usr/bin/time -f "%e" -a -o "$tmp/p$cpu" taskset -c $cpu "$flytec" check -j 1 "$tmp/src" >/dev/null 2>&1 || true
    done
  done
  set -- $(stats "$tmp/p0") $(stats "$tmp/p1") "$m1" "$m2"
  awk -v a="$2" -v b="$4" -v m1="$5" -v m2="$6" 'BEGIN {
    ideal = 1 / (1 / a + 1 / b)
    printf "-j 1 pinned (median): CPU 0 %.3f s, CPU 1 %.3f s; a perfect split on both: %.3f s, %.2fx of -j 1; -j 2 reached %.0f%% of it\n",
      a, b, ideal, m1 / ideal, 100 * ideal / m2 }'
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
