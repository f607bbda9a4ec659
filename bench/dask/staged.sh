#!/bin/sh
# Staged mode (workers that share no file system with the client) versus
# plain Dask shipping the same bytes, on the isolated-hosts cluster of
# test/dask/Inputs/hosts.py (2 workers with 2 threads, each in a mount
# namespace of its own, one in a network namespace of its own; needs root):
#   - 1,000 elements with 1 KiB inputs: `flytec run --dask` (staged) versus
#     plain client.map of the same command shipping the same bytes;
#   - 100 elements of 1 MiB each: versus the raw transfer floor, scatter +
#     gather of the same bytes.
# Each side is a process timed from start to exit, ROUNDS times interleaved.
# usage: bench/dask/staged.sh [FLYTEC] [ROUNDS]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flytec=${1:-$root/build/tools/flytec}
rounds=${2:-3}
work=$(mktemp -d -p "$root/build" bench-staged.XXXXXX)
trap 'rm -rf "$work"' EXIT
for spec in small:1000:1024 large:100:1048576; do
  name=${spec%%:*}; rest=${spec#*:}; n=${rest%%:*}; size=${rest#*:}
  mkdir -p "$work/$name/in"
  /usr/bin/python3 - "$work/$name" "$n" "$size" <<'EOP'
import json, os, sys
d, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    with open("%s/in/%d" % (d, i), "wb") as f:
        f.write(os.urandom(size))
json.dump({"files": ["%s/in/%d" % (d, i) for i in range(n)]}, open(d + "/inputs.json", "w"))
EOP
done
cat > "$work/all.sh" <<EOS
set -e
t() { s=\$(date +%s.%N); "\$@" >/dev/null 2>$work/err || { cat $work/err; exit 1; }; e=\$(date +%s.%N); echo "\$s \$e" | awk '{ printf "%.2f", \$2 - \$1 }'; }
for r in \$(seq $rounds); do
  for name in small large; do
    n=\$(ls $work/\$name/in | wc -l)
    cd $work/\$name && rm -rf .flytec/runs out
    echo "flytec \$name \$(t $flytec run $here/staged.flyte --inputs inputs.json --no-cache --dask \$DASK_ADDR)"
    rm -rf out
    if [ \$name = small ]; then
      echo "client.map \$name \$(t /usr/bin/python3 $here/client_map_staged.py map \$DASK_ADDR $work/\$name \$n)"
    else
      echo "floor \$name \$(t /usr/bin/python3 $here/client_map_staged.py floor \$DASK_ADDR $work/\$name \$n)"
    fi
  done
done
EOS
cd "$work"
/usr/bin/python3 "$root/test/dask/Inputs/hosts.py" "$work" 2 --netns --hide "$root" -- sh "$work/all.sh" > "$work/times"
grep -v "jobs left" "$work/times"
/usr/bin/python3 - "$work/times" <<'EOP'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        t.setdefault((parts[0], parts[1]), []).append(float(parts[2]))
med = {k: statistics.median(v) for k, v in t.items()}
print("1,000 x 1 KiB: flytec %.2f s, client.map %.2f s: %.2fx" % (
    med[("flytec", "small")], med[("client.map", "small")], med[("flytec", "small")] / med[("client.map", "small")]))
print("100 x 1 MiB: flytec %.2f s, scatter+gather %.2f s: %.2fx" % (
    med[("flytec", "large")], med[("floor", "large")], med[("flytec", "large")] / med[("floor", "large")]))
EOP
