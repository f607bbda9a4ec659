"""Prints bench/peers/report.py's Markdown for made-up measurements given as
`workload tool n median|timeout|skipped rss_kb` lines on stdin, so that a
test can check the targets' verdicts without running any peer."""
import sys

sys.path.insert(0, sys.argv[1])
import report  # noqa: E402

rows = []
for line in sys.stdin:
    if not line.strip() or line.startswith("#"):
        continue
    workload, tool, n, median, rss = line.rstrip("\n").split("|")
    row = dict(workload=workload, tool=tool, n=int(n), runs=3, rss_kb=int(rss) if rss else None, cpu=None,
               status="ok", median=None, note="")
    if median in ("timeout", "failed"):
        row.update(status=median, runs=0, note=median)
    elif median.startswith("predicted"):
        row.update(status="skipped", runs=0, note="not run: " + median)
    else:
        row["median"] = float(median)
    rows.append(row)
info = dict(date="today", mode="quick", elapsed_s=1, timeout=150, cpu="cpu", cores=2, memory="1 kB",
            os="os", load_start=(1.0,), load_end=(1.0,), versions={"flytec": "0"})
print(report.markdown(rows, info, sorted({r["n"] for r in rows})))
