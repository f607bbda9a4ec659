#!/bin/sh
# Per-task overhead of a 1,000-element map through `flytec run --dask` versus
# the same commands submitted with plain client.map from Python
# (client_map.py says exactly what it does), on the same cluster: a
# scheduler and 2 single-threaded workers on 127.0.0.1, started and torn
# down by test/dask/Inputs/with_cluster.py. Each side runs as a process of
# its own and is timed from start to exit (Python start, `import
# distributed` and connecting included on both sides), ROUNDS times
# interleaved, with N=1000 and N=1 (the difference is the per-element cost).
# With BEFORE (another flytec binary, e.g. an older build), it is timed too,
# interleaved, as `before`. Between runs the previous run's files are moved
# aside, not deleted: for about 30 s after a mass delete, ext4's inode
# allocator skips the recently freed inodes one by one (`recently_deleted`),
# which made every file and directory either side created cost 5-10x more
# and dominated flytec's own profile (it creates more: 3 directories per
# element, and the `total` step's 1,000 input files). RM=1 deletes them as
# before.
# usage: bench/dask/run.sh [FLYTEC] [PROTO_ROOT] [ROUNDS] [BEFORE]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flytec=${1:-$root/build/tools/flytec}
protos=${2:-$root/third_party/flyteidl/package/protos}
rounds=${3:-3}
before=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/test/run/Inputs/mkpkg.py" protoc "$protos" "$root/test/run/Inputs/squares.pkgtxt" "$work/pkg" \
  'SCRIPT=true; echo 0 > /var/outputs/o0' 'OUTTYPE=collection_type { simple: INTEGER }' 'ELEMTYPE=simple: INTEGER' RETRIES=0 >/dev/null
for n in 1 1000; do
  /usr/bin/python3 -c "import json; print(json.dumps({'xs': [0] * $n}))" > "$work/in$n.json"
done
cat > "$work/both.sh" <<EOS
set -e
cd $work
aside() { if [ "${RM:-0}" = 1 ]; then rm -rf "\$@"; else for d in "\$@"; do [ -e "\$d" ] && mv "\$d" $work/trash/\$(date +%s%N); done; fi; true; }
mkdir -p $work/trash
t() { s=\$(date +%s.%N); "\$@" >/dev/null 2>\$work/err || { cat \$work/err; exit 1; }; e=\$(date +%s.%N); echo "\$s \$e" | awk '{ printf "%.2f", \$2 - \$1 }'; }
for r in \$(seq $rounds); do
  for n in 1 1000; do
    aside $work/.flytec/runs $work/out
    echo "flytec \$n \$(t $flytec run pkg --inputs in\$n.json --no-cache --dask \$1)"
    if [ -n "$before" ]; then
      aside $work/.flytec/runs
      echo "before \$n \$(t $before run pkg --inputs in\$n.json --no-cache --dask \$1)"
    fi
    echo "client.map \$n \$(t /usr/bin/python3 $here/client_map.py \$1 \$n $work/out)"
  done
done
EOS
cd "$work"
/usr/bin/python3 "$root/test/dask/Inputs/with_cluster.py" "$work" 2 -- sh "$work/both.sh" @ADDR@ > "$work/times"
cat "$work/times"
/usr/bin/python3 - "$work/times" <<'EOP'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    who, n, s = line.split()
    t.setdefault((who, int(n)), []).append(float(s))
med = {k: statistics.median(v) for k, v in t.items()}
for who in [w for w in ("before", "flytec", "client.map") if (w, 1) in med]:
    print("%-10s N=1 %.2f s  N=1000 %.2f s  per element %.2f ms"
          % (who, med[(who, 1)], med[(who, 1000)], (med[(who, 1000)] - med[(who, 1)])))
print("ratio end to end %.2fx, per element %.2fx" % (
    med[("flytec", 1000)] / med[("client.map", 1000)],
    (med[("flytec", 1000)] - med[("flytec", 1)]) / (med[("client.map", 1000)] - med[("client.map", 1)])))
EOP
