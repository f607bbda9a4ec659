#!/bin/sh
# Throughput and peak RSS of `flytec check` on generated workflows of 10,
# 100, 1,000 and 10,000 nodes with maps, partial-style bound inputs, defaults
# and resources (bench/compile/gen.py), and the 10,000 : 1,000 cost ratio
# (target <= 12x: linear). Usage: bench/check/run.sh [path/to/flytec]
set -e
here=$(cd "$(dirname "$0")" && pwd)
flytec=${1:-$here/../../build/tools/flytec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| nodes | best time | peak RSS | nodes/s |"
echo "|---:|---:|---:|---:|"
for n in 10 100 1000 10000; do
  /usr/bin/python3 "$here/../compile/gen.py" $n > "$tmp/wf$n.flyte"
  best=""
  for rep in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$flytec" check "$tmp/wf$n.flyte" >/dev/null 2>&1 || true
    read -r secs kb < "$tmp/t"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  echo "$n $best" >> "$tmp/times"
  awk -v n=$n -v t=$best -v r=$rss 'BEGIN { printf "| %d | %.3f s | %.1f MB | %.0f |\n", n, t, r/1024, n/(t>0?t:0.001) }'
done
awk '$1==1000{a=$2} $1==10000{b=$2} END { printf "\n10,000 : 1,000 nodes = %.1fx\n", b/(a>0?a:0.001) }' "$tmp/times"
