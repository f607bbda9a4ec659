#!/bin/sh
# Staged mode (workers that share no file system with the client) versus
# plain Dask shipping the same bytes, on the isolated-hosts cluster of
# test/dask/Inputs/hosts.py (2 workers with 2 threads, each in a mount
# namespace of its own with the checkout hidden, one in a network namespace
# of its own; needs root):
#   - 1,000 elements with 1 KiB inputs: `flytec run --dask` (staged, chosen
#     by auto-detection) versus plain client.map of the same command shipping
#     the same bytes (client_map_staged.py map);
#   - 100 elements of 1 MiB each: versus the raw transfer floor, scatter +
#     gather of the same bytes (client_map_staged.py floor), and, for
#     reference, client.map of the same command.
# Each side is a process timed from start to exit (Python start, `import
# distributed` and connecting included on both sides), ROUNDS times
# interleaved on one cluster. After the rounds every side's outputs are
# checked against its inputs (byte for byte); a failed run stops the bench.
# FLYTEC_ARGS adds options to every `flytec run` (e.g. `--dask-python
# WRAPPER` to try another version of the bridge scripts without a rebuild);
# CASES=small (or large) runs one case only. Between runs the previous
# run's files are moved aside, not deleted, as in run.sh (a mass delete
# makes ext4 without a journal skip the freed inodes one by one for a
# while; here that was 30% of flytec's client-side CPU for the 1,000
# element map, 4.9 s against 3.5 s); RM=1 deletes them as before.
# usage: bench/dask/staged.sh [FLYTEC] [ROUNDS]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flytec=$(realpath "${1:-$root/build/tools/flytec}")
rounds=${2:-3}
[ -x "$flytec" ] || { echo "staged.sh: no flytec at $flytec" >&2; exit 2; }
# Under the checkout, which the workers do not see (--hide).
work=$(mktemp -d -p "$root/build" bench-staged.XXXXXX)
trap 'rm -rf "$work"' EXIT
cases=${CASES:-small large}
for spec in small:1000:1024 large:100:1048576; do
  case " $cases " in *" ${spec%%:*} "*) ;; *) continue ;; esac
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
aside() { if [ "${RM:-0}" = 1 ]; then rm -rf "\$@"; else for d in "\$@"; do [ -e "\$d" ] && mv "\$d" $work/trash/\$(date +%s%N); done; fi; true; }
mkdir -p $work/trash
# t SIDE CASE CMD...: runs CMD in the case's directory, appends "SIDE CASE SECONDS" to times.
t() {
  side=\$1 name=\$2; shift 2
  cd $work/\$name
  s=\$(date +%s.%N)
  if ! "\$@" > $work/\$side-\$name.out 2> $work/\$side-\$name.err; then
    echo "staged.sh: \$side \$name failed:" >&2; tail -20 $work/\$side-\$name.err >&2; exit 1
  fi
  e=\$(date +%s.%N)
  echo "\$s \$e" | awk -v k="\$side \$name" '{ printf "%s %.2f\n", k, \$2 - \$1 }' | tee -a $work/times
}
for r in \$(seq $rounds); do
  for name in $cases; do
    n=\$(ls $work/\$name/in | wc -l)
    aside $work/\$name/.flytec/runs $work/\$name/out
    t flytec \$name $flytec run $here/staged.flyte --inputs inputs.json --no-cache --dask \$DASK_ADDR $FLYTEC_ARGS
    aside $work/\$name/out
    t client.map \$name /usr/bin/python3 $here/client_map_staged.py map \$DASK_ADDR $work/\$name \$n
    if [ \$name = large ]; then
      aside $work/\$name/out
      t floor \$name /usr/bin/python3 $here/client_map_staged.py floor \$DASK_ADDR $work/\$name \$n
    fi
  done
done
EOS
cd "$work"
/usr/bin/python3 "$root/test/dask/Inputs/hosts.py" "$work" 2 --netns --hide "$root" -- sh "$work/all.sh" > "$work/hosts.out" || {
  cat "$work/hosts.out"; echo "staged.sh: the bench failed (cluster log: $work/hosts.log)" >&2; trap - EXIT; exit 1; }
grep "bridge:" "$work"/small/.flytec/dask/bridge-*.log | tail -3
/usr/bin/python3 - "$work" <<'EOP'
import json, os, statistics, sys
work = sys.argv[1]
# The last round's outputs, byte for byte against the inputs.
for name in ("small", "large"):
    d = os.path.join(work, name)
    if not os.path.isdir(d):
        continue
    n = len(os.listdir(d + "/in"))
    outs = json.load(open(os.path.join(work, "flytec-%s.out" % name)))["o0"]
    ins = json.load(open(d + "/inputs.json"))["files"]
    assert len(outs) == n, "flytec %s: %d outputs for %d inputs" % (name, len(outs), n)
    for i, o in zip(ins, outs):
        assert open(i, "rb").read() == open(o, "rb").read(), "flytec %s: %s differs from %s" % (name, o, i)
    for i in range(n):  # the floor (large) or client.map (small) ran last
        assert open("%s/in/%d" % (d, i), "rb").read() == open("%s/out/%d" % (d, i), "rb").read(), \
            "%s: out/%d differs from its input" % (name, i)
t = {}
for line in open(os.path.join(work, "times")):
    side, name, secs = line.split()
    t.setdefault((side, name), []).append(float(secs))
for (side, name), v in sorted(t.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    print("%-10s %-5s %s" % (side, name, " ".join("%.2f" % x for x in v)))
med = {k: statistics.median(v) for k, v in t.items()}
print("medians of %d rounds; outputs checked" % max(len(v) for v in t.values()))
if ("flytec", "small") in med:
    print("1,000 x 1 KiB: flytec %.2f s, client.map %.2f s: %.2fx (target <= 1.2x)" % (
        med[("flytec", "small")], med[("client.map", "small")], med[("flytec", "small")] / med[("client.map", "small")]))
if ("flytec", "large") in med:
    print("100 x 1 MiB: flytec %.2f s, scatter+gather %.2f s: %.2fx (target <= 1.5x); client.map %.2f s: %.2fx" % (
    med[("flytec", "large")], med[("floor", "large")], med[("flytec", "large")] / med[("floor", "large")],
    med[("client.map", "large")], med[("flytec", "large")] / med[("client.map", "large")]))
EOP
