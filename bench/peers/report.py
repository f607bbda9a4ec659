"""Turns bench/run's measurements into bench/results/latest.{json,md,svg}.

Tables (median, ratio to flytec at the same size, growth from the previous
size, peak RSS), the issue's targets each judged met / not met from the same
run, a log-log gnuplot SVG of time against size, and the block between the
`<!-- peers:begin -->` / `<!-- peers:end -->` markers of bench/README.md. It
measures nothing itself and never reruns a tool.
"""
import json
import os
import subprocess
import tempfile

TITLES = {"validate": "Static validation: N-step pipeline with an N-element scatter",
          "map": "Local execution: map of N `true` commands, 2 at a time"}
FLYTEC = {"validate": "flytec check", "map": "flytec run -j 2"}
SLACK_KB = 4096  # RSS noise allowed by the linearity check (allocator, page cache)


def fmt_time(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_ratio(r):
    return f"{r:.2f}×" if r < 10 else f"{r:,.0f}×"


def lookup(rows, workload, tool, n):
    return next((r for r in rows if r["workload"] == workload and r["tool"] == tool and r["n"] == n), None)


def ratio(rows, row):
    """(text, value, is_lower_bound) of row's cost against flytec's at the same size."""
    base = lookup(rows, row["workload"], FLYTEC[row["workload"]], row["n"])
    if not base or base["median"] is None:
        return "", None, False
    if row["median"] is not None:
        value = row["median"] / base["median"]
        return fmt_ratio(value), value, False
    if row["status"] == "timeout" or "predicted" in row["note"]:
        bound = row["timeout_s"] / base["median"]
        return f"> {fmt_ratio(bound)}", bound, True
    return "", None, False


def table(rows, workload):
    out = ["| N | tool | runs | median | × flytec | growth | CPU | peak RSS | note |",
           "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in sorted((r for r in rows if r["workload"] == workload), key=lambda r: r["n"]):
        prev = lookup(rows, workload, row["tool"], row["n"] // 10)
        growth = (f"{row['median'] / prev['median']:.1f}×"
                  if prev and prev["median"] and row["median"] is not None else "")
        median = fmt_time(row["median"]) if row["median"] is not None else row["status"]
        rss = f"{row['rss_kb'] / 1024:.0f} MB" if row["rss_kb"] else ""
        cpu = fmt_time(row["cpu"]) if row.get("cpu") is not None else ""
        tool = f"**{row['tool']}**" if row["tool"] == FLYTEC[workload] else row["tool"]
        out.append(f"| {row['n']:,} | {tool} | {row['runs'] or ''} | {median} | {ratio(rows, row)[0]} "
                   f"| {growth} | {cpu} | {rss} | {row['note']} |")
    return "\n".join(out)


def targets(rows, sizes):
    """The issue's targets, each as (text, verdict) with verdict 'met', 'not met' or 'not measured'."""
    result = []
    cwl = lookup(rows, "validate", "cwltool --validate", 1000)
    if cwl and ratio(rows, cwl)[1] is not None:
        text, value, bound = ratio(rows, cwl)
        verdict = "met" if value >= 1000 else ("not measured" if bound else "not met")
        result.append((f"validation ≥ 1,000× faster than `cwltool --validate` at 1,000 steps: {text}", verdict))
    else:
        result.append(("validation ≥ 1,000× faster than `cwltool --validate` at 1,000 steps", "not measured"))
    worst, slower = None, []
    for n in sizes:
        f = lookup(rows, "map", FLYTEC["map"], n)
        x = lookup(rows, "map", "xargs -P 2", n)
        if f and x and f["median"] and x["median"]:
            r = f["median"] / x["median"]
            worst = max(worst or 0, r)
        for peer in ("cwltool --parallel", "snakemake -j 2"):
            p = lookup(rows, "map", peer, n)
            if f and f["median"] and p:
                _, value, _ = ratio(rows, p)
                if value is None or value <= 1:
                    slower.append(f"{peer} at {n:,} ({p['status']})" if value is None else f"{peer} at {n:,}")
    result.append((f"local map ≤ 1.2× `xargs -P 2` at every size: worst flytec/xargs = "
                   f"{worst:.2f}×" if worst else "local map ≤ 1.2× `xargs -P 2`",
                   "not measured" if worst is None else ("met" if worst <= 1.2 else "not met")))
    result.append(("local map faster than cwltool and Snakemake at every size"
                   + (": not shown against " + ", ".join(slower) if slower else ""),
                   "met" if not slower else "not met"))
    for workload in ("validate", "map"):
        mine = [r for r in rows if r["workload"] == workload and r["tool"] == FLYTEC[workload] and r["rss_kb"]]
        if len(mine) < 3:
            result.append((f"memory linear ({FLYTEC[workload]})", "not measured"))
            continue
        base = mine[0]["rss_kb"]
        linear = all(b["rss_kb"] - base <= (b["n"] / a["n"]) * max(a["rss_kb"] - base, 0) + SLACK_KB
                     for a, b in zip(mine, mine[1:]))
        per = (mine[-1]["rss_kb"] - base) / (mine[-1]["n"] - mine[0]["n"])
        result.append((f"memory linear ({FLYTEC[workload]}): {base / 1024:.0f} MB at {mine[0]['n']:,} → "
                       f"{mine[-1]['rss_kb'] / 1024:.0f} MB at {mine[-1]['n']:,}, {per:.2f} KB per element",
                       "met" if linear else "not met"))
    return result


def markdown(rows, info, sizes):
    """The results as Markdown: run and machine, one table per workload, the targets."""
    for r in rows:
        r["timeout_s"] = info["timeout"]
    v = info["versions"]
    lines = [
        f"Run {info['date']} (`bench/run{' --quick' if info['mode'] == 'quick' else ''}`, "
        f"{info['elapsed_s']} s; per-run timeout {info['timeout']} s). Machine: {info['cpu']}, "
        f"{info['cores']} cores, {info['memory']}, {info['os']}; load average "
        f"{info['load_start'][0]:.1f} at the start, {info['load_end'][0]:.1f} at the end (shared with "
        "other builds: absolute times are noisy, ratios from the same run are what counts).",
        "",
        "Versions: " + "; ".join(f"{k} `{val}`" for k, val in v.items()) + ".",
        "",
        "Median of `runs` runs (hyperfine; a single run is the GNU `time` run). × flytec: this row's "
        "median over flytec's at the same size (`>`: a lower bound, the peer timed out or was not run "
        "because it would). growth: this row over the same tool at a tenth of the size. CPU: user + "
        "system time of the whole process tree, mean of the same runs (less sensitive to a loaded "
        "machine than wall time). Peak RSS: the largest single process of the tree (GNU `time`), "
        "from one run.",
    ]
    for workload in ("validate", "map"):
        if any(r["workload"] == workload for r in rows):
            lines += ["", f"#### {TITLES[workload]}", "", table(rows, workload)]
    lines += ["", "#### Targets (issue 23)", ""]
    lines += [f"- {text}: **{verdict}**" for text, verdict in targets(rows, sizes)]
    return "\n".join(lines) + "\n"


def plot(rows, svg):
    tmp = tempfile.mkdtemp(prefix="flytec-plot-")
    panels = []
    for workload in ("validate", "map"):
        series = []
        for tool in dict.fromkeys(r["tool"] for r in rows if r["workload"] == workload):
            pts = [r for r in rows if r["workload"] == workload and r["tool"] == tool and r["median"]]
            if not pts:
                continue
            path = os.path.join(tmp, f"{len(panels)}-{len(series)}.dat")
            with open(path, "w") as f:
                f.writelines(f"{r['n']} {r['median']}\n" for r in pts)
            series.append(f"'{path}' using 1:2 with linespoints lw 2 pt 7 ps 0.6 title '{tool}'")
        if series:
            panels.append((TITLES[workload].split(":")[0], series))
    script = ["set terminal svg size 1100,440 dynamic font 'sans,11'", f"set output '{svg}.tmp'",
              "set logscale xy", "set grid", "set key below", "set xlabel 'N (steps / elements)'",
              "set ylabel 'median wall time (s)'", f"set multiplot layout 1,{len(panels)}"]
    for title, series in panels:
        script += [f"set title '{title}'", "plot " + ", ".join(series)]
    script.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    os.replace(svg + ".tmp", svg)


def write_all(rows, info, out_dir, readme):
    """Writes latest.json, latest.md and latest.svg into out_dir; refreshes readme's marked block."""
    sizes = sorted({r["n"] for r in rows})
    body = markdown(rows, info, sizes)
    for name, text in (("latest.json", json.dumps({"info": info, "rows": rows}, indent=1) + "\n"),
                       ("latest.md", "# flytec against peer tools: latest run\n\n" + body)):
        with open(os.path.join(out_dir, name + ".tmp"), "w") as f:
            f.write(text)
        os.replace(os.path.join(out_dir, name + ".tmp"), os.path.join(out_dir, name))
    plot(rows, os.path.join(out_dir, "latest.svg"))
    if readme:
        with open(readme) as f:
            text = f.read()
        begin, end = "<!-- peers:begin -->", "<!-- peers:end -->"
        if begin in text and end in text:
            text = text[:text.index(begin) + len(begin)] + "\n" + body + text[text.index(end):]
            with open(readme + ".tmp", "w") as f:
                f.write(text)
            os.replace(readme + ".tmp", readme)
