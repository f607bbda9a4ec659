#!/usr/bin/env bash
# Time and peak RSS of `flytec check` (parse + resolve + type-check) on
# generated files of 1k/10k/100k/1M lines. Usage: bench/parse/run.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
flytec=$build/tools/flytec
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '| lines | bytes | time (s) | peak RSS (MB) | RSS / file size |\n|---|---|---|---|---|\n'
for n in 1000 10000 100000 1000000; do
  f=$tmp/gen-$n.flyte
  /usr/bin/python3 "$here/generate.py" $n > "$f"
  bytes=$(stat -c %s "$f")
  best=""
  for rep in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$flytec" check "$f" >/dev/null 2>"$tmp/err" || true
    read -r secs kb < "$tmp/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  awk -v n=$n -v b=$bytes -v t=$best -v r=$rss 'BEGIN { printf "| %d | %d | %.3f | %.1f | %.1fx |\n", n, b, t, r/1024, r*1024/b }'
done
