#!/bin/sh
# Per-task overhead of a 1,000-element map through `flytec run --dask` versus
# the same commands submitted with plain client.map from Python, on the same
# cluster (a scheduler and 2 single-threaded workers on 127.0.0.1, started
# and torn down by test/dask/Inputs/with_cluster.py).
# usage: bench/dask/run.sh [FLYTEC] [PROTO_ROOT]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flytec=${1:-$root/build-rt/tools/flytec}
protos=${2:-$root/third_party/flyteidl/package/protos}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/test/run/Inputs/mkpkg.py" protoc "$protos" "$root/test/run/Inputs/squares.pkgtxt" "$work/pkg" \
  'SCRIPT=true; echo 0 > /var/outputs/o0' 'OUTTYPE=collection_type { simple: INTEGER }' 'ELEMTYPE=simple: INTEGER' RETRIES=0
/usr/bin/python3 -c "import json; print(json.dumps({'xs': [0] * 1000}))" > "$work/in.json"
mkdir -p "$work/out"
cat > "$work/both.sh" <<EOS
set -e
cd $work
for i in 1 2; do
  /usr/bin/time -f "flytec --dask %e s" $flytec run pkg --inputs in.json --no-cache --dask \$1 >/dev/null 2>err || cat err
  tail -1 err
  /usr/bin/python3 $here/client_map.py \$1 1000 $work/out
done
EOS
cd "$work"
/usr/bin/python3 "$root/test/dask/Inputs/with_cluster.py" "$work" 2 -- sh "$work/both.sh" @ADDR@
