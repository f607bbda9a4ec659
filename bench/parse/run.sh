#!/usr/bin/env bash
# Time and peak RSS of `flytec check` (load, lex, parse, resolve, type-check,
# every rule, and printing the diagnostics) on generated files of
# 1k/10k/100k/1M lines. Each size runs 3 times; the table shows the median
# wall time, the median CPU time (user+sys: on a shared machine wall time
# includes waiting for a core, CPU time does not) and the largest peak RSS.
# Diagnostics go to a file, as a user redirecting them would. Beside it, the
# stock ANTLR pipeline over the same file (bench/parse/stock_antlr.cpp: the
# grammar's lexer, then its parser with every tree kept; no AST, no checks),
# once per size up to 100k lines (1M lines would need ~3 GB).
# Usage: bench/parse/run.sh [BUILD_DIR] [SIZES...]   (FLYTEC_JOBS passes through)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
sizes=${*:-1000 10000 100000 1000000}
flytec=$build/tools/flytec
stock=$build/bench/bench_stock_antlr
ninja -C "$build" -j2 bench_stock_antlr >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '| lines | bytes | wall (median) | CPU user+sys (median) | peak RSS | RSS / file | warnings | stock ANTLR lex + parse | stock peak RSS |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
  f=$tmp/gen-$n.flyte
  /usr/bin/python3 "$here/generate.py" "$n" > "$f"
  bytes=$(stat -c %s "$f")
  : > "$tmp/walls"; : > "$tmp/cpus"; : > "$tmp/rss"
  for rep in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$flytec" check "$f" >/dev/null 2>"$tmp/err" || true
    read -r wall user sys kb < "$tmp/time"
    echo "$wall" >> "$tmp/walls"
    awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' >> "$tmp/cpus"
    echo "$kb" >> "$tmp/rss"
  done
  warnings=$(grep -c ': warning: ' "$tmp/err" || true)
  wall=$(median < "$tmp/walls"); cpu=$(median < "$tmp/cpus"); kb=$(sort -n "$tmp/rss" | tail -1)
  stockcols="| – | – |"
  if [ "$n" -le 100000 ]; then
    read -r _ lex _ parse _ peak _ < <("$stock" "$f" 2>/dev/null)
    stockcols=$(awk -v l="$lex" -v p="$parse" -v r="$peak" -v b="$bytes" 'BEGIN {
      printf "| %.3f + %.3f s | %.1f MB (%.0fx) |", l, p, r, r * 1048576 / b }')
  fi
  awk -v n="$n" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$kb" -v warn="$warnings" -v s="$stockcols" 'BEGIN {
    printf "| %d | %.2f MB | %.3f s | %.3f s | %.1f MB | %.1fx | %d %s\n", n, b / 1e6, w, c, r / 1024, r * 1024 / b, warn, s }'
done
