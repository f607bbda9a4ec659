#!/bin/sh
# Per-element overhead of `flytec run` on a map of N elements whose command
# is `true` (plus writing its output, which every element must) versus
# `xargs -P 2 -n 1` running the same command, and the peak RSS of a
# 10,000-element map (GNU time -v). Uses test/run/Inputs's package fixture.
# usage: bench/runtime/run.sh [FLYTEC] [BUILD_PROTO_ROOT]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flytec=${1:-$root/build-rt/tools/flytec}
protos=${2:-$root/third_party/flyteidl/package/protos}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmd='true; echo 0 > /var/outputs/o0'
/usr/bin/python3 "$root/test/run/Inputs/mkpkg.py" protoc "$protos" "$root/test/run/Inputs/squares.pkgtxt" "$work/pkg" \
  "SCRIPT=$cmd" 'OUTTYPE=collection_type { simple: INTEGER }' 'ELEMTYPE=simple: INTEGER' RETRIES=0
for n in 1000 10000; do
  /usr/bin/python3 -c "import json; print(json.dumps({'xs': [0] * $n}))" > "$work/in$n.json"
done
cd "$work"
echo "== 1,000 elements, flytec run -j 2 (3 runs)"
for i in 1 2 3; do
  /usr/bin/time -f "flytec %e s" "$flytec" run pkg --inputs in1000.json -j 2 --no-cache >/dev/null 2>"$work/err" || cat "$work/err"
  tail -1 "$work/err"
done
echo "== 1,000 elements, xargs -P 2 -n 1 sh -ec (3 runs)"
mkdir -p out
for i in 1 2 3; do
  /usr/bin/time -f "xargs %e s" sh -c "seq 1000 | xargs -P 2 -n 1 sh -ec 'true; echo 0 > out/\$0'" 2>&1 | tail -1
done
echo "== 10,000 elements, flytec run -j 2: peak RSS"
/usr/bin/time -v "$flytec" run pkg --inputs in10000.json -j 2 --no-cache 2>"$work/err" >/dev/null
grep -E 'Maximum resident|Elapsed' "$work/err"
