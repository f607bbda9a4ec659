"""Runs the examples of the user documentation (see doc-examples.test).

Usage: doc_examples.py FLYTEC SRC_ROOT WORK_DIR [DOC.md ...]

Reads README.md and docs/**/*.md (or the DOC files given) and checks their
fenced blocks by the words after the fence's language (GitHub shows only the
language, so the words are for this test):

  ```flyte file              a whole file in `flytec fmt`'s layout: `flytec check` reports nothing
  ```flyte file check=E0404  the same, with exactly these codes, which the paragraph
                             before the block names
  ```flyte file run          also `flytec run`, exit 0; a following "prints `{...}`"
                             in the text is compared with the result (as JSON)
  ```flyte file=PATH ...     also: the block is the whole of PATH (from the
                             repository's root), so commands can use the file
  ```flyte fragment          part of a file, not checked
  ```sh run                  run with bash -e in a scratch directory
  ```sh needs=pyflyte,...    needs tools this repository does not ship: only its
                             `flytec ...` lines are run (yaml: `- run: flytec ...`)
  ```sh build                builds flytec or its fuzzer: not run here (the suite's
                             own build and scripts/test do that)

A `flyte` block without `file` or `fragment` is an error, and so is a shell
or yaml block without `run`, `needs=` or `build`. Each scratch directory
holds a copy of examples/, `flyte/` (a copy of examples/genomics, standing
for a user's project, as docs/ci.md calls it) and flyte-package.tgz compiled
from examples/squares, so the docs' commands run as they would in a clean
clone.
docs/diagnostics.md is generated from the catalogue, whose examples are lit
tests of their own, so it is skipped. What this does not do: run examples
that need a cluster, pyflyte or flytectl.
"""
import glob, json, os, re, shutil, subprocess, sys

FENCE = re.compile(r"^(\s*)```(\S*)(.*)$")
TIMEOUT = 120


def blocks(text):
    """Yields (line number, language, words, body, text after the block,
    the paragraph before it)."""
    lines = text.split("\n")
    i = 0
    since = []  # the lines since the previous block
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            since.append(lines[i])
            i += 1
            continue
        para = "\n".join(since).strip().split("\n\n")[-1]
        since = []
        start, indent, lang, words = i + 1, m.group(1), m.group(2), m.group(3).split()
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith("```"):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line)
            i += 1
        i += 1
        after = []
        j = i
        while j < len(lines) and not FENCE.match(lines[j]):
            after.append(lines[j])
            j += 1
        yield start, lang, words, "\n".join(body) + "\n", "\n".join(after), para


def scratch_dir(work, src_root, flytec, name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(os.path.join(src_root, "examples"), os.path.join(d, "examples"))
    shutil.copytree(os.path.join(src_root, "examples", "genomics"), os.path.join(d, "flyte"))
    subprocess.run([flytec, "compile", "examples/squares/main.flyte", "-o", "flyte-package.tgz"],
                   cwd=d, check=True, capture_output=True, timeout=TIMEOUT)
    return d


def codes_of(flytec, path, cwd):
    p = subprocess.run([flytec, "check", "--format=json", path], cwd=cwd, capture_output=True,
                       text=True, timeout=TIMEOUT)
    try:
        diags = json.loads(p.stdout)["diagnostics"]
    except (ValueError, KeyError):
        return None, p.stderr
    lines = [f'  {(d.get("range") or {}).get("start", {}).get("line", "?")}: {d["code"]} {d["message"]}' for d in diags]
    return sorted({d["code"] for d in diags}), "\n".join(lines)


def same_as_file(where, words, body, src_root, problems):
    for w in words:
        if w.startswith("file=") and open(os.path.join(src_root, w[5:])).read() != body:
            problems.append(f"{where}: the block differs from {w[5:]}")


def check_flyte(flytec, where, words, body, after, before, d, problems):
    path = os.path.join(d, "main.flyte")
    with open(path, "w") as f:
        f.write(body)
    expected = sorted(c for w in words if w.startswith("check=") for c in w[6:].split(",") if c)
    for code in expected:
        if code not in before:
            problems.append(f"{where}: the text before the example does not name {code}")
    got, out = codes_of(flytec, path, d)
    if got != expected:
        problems.append(f"{where}: `flytec check` reports {got}, the doc says {expected}\n{out}")
        return
    fmt = subprocess.run([flytec, "fmt", "--check", "main.flyte"], cwd=d, capture_output=True, text=True,
                         timeout=TIMEOUT)
    if fmt.returncode != 0:
        problems.append(f"{where}: not in the layout of `flytec fmt` (docs/formatting.md)\n{fmt.stdout}")
    if "run" not in words:
        return
    p = subprocess.run([flytec, "run", "main.flyte"], cwd=d, capture_output=True, text=True, timeout=TIMEOUT)
    if p.returncode != 0:
        problems.append(f"{where}: `flytec run` exited {p.returncode}\n{p.stderr}")
        return
    m = re.search(r"prints `(\{.*?\})`", after)
    if m and json.loads(m.group(1)) != json.loads(p.stdout):
        problems.append(f"{where}: `flytec run` printed {p.stdout.strip()}, the doc says {m.group(1)}")


def shell_lines(lang, words, body):
    """The commands of a shell or yaml block that this machine can run."""
    if "run" in words:
        return body
    if lang in ("yaml", "yml"):
        cmds = [m.group(1) for m in re.finditer(r"^\s*-?\s*run:\s*(flytec\b.*)$", body, re.M)]
    else:
        cmds = [l for l in body.split("\n") if re.match(r"\s*flytec\b", l)]
    return "\n".join(cmds) + "\n"


def check_shell(flytec, where, lang, words, body, d, problems):
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(flytec)) + os.pathsep + os.environ["PATH"])
    p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", shell_lines(lang, words, body)], cwd=d, env=env,
                       capture_output=True, text=True, timeout=TIMEOUT)
    if p.returncode != 0:
        problems.append(f"{where}: the commands exited {p.returncode}\n{p.stdout}{p.stderr}")


def docs_of(src_root, given):
    if given:
        return given
    found = [os.path.join(src_root, "README.md")]
    found += sorted(glob.glob(os.path.join(src_root, "docs", "**", "*.md"), recursive=True))
    return [f for f in found if not f.endswith(os.path.join("docs", "diagnostics.md"))]


def main():
    flytec, src_root, work = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    problems, counts = [], {"checked": 0, "run": 0, "shell": 0}
    for doc in docs_of(src_root, sys.argv[4:]):
        rel = os.path.relpath(doc, src_root)
        for n, (line, lang, words, body, after, before) in enumerate(blocks(open(doc).read())):
            where = f"{rel}:{line}"
            shell = lang in ("sh", "bash", "console", "yaml", "yml")
            runs_shell = "run" in words or any(w.startswith("needs=") for w in words)
            marked_shell = runs_shell or "build" in words
            kinds = {w.split("=")[0] for w in words}
            if lang == "flyte" and not ({"file", "fragment"} & kinds):
                problems.append(f"{where}: a `flyte` block needs `file` or `fragment` after the language")
            elif shell and not marked_shell:
                problems.append(f"{where}: a shell block needs `run`, `needs=TOOL,...` or `build` after the language")
            elif lang == "flyte" and "file" in kinds:
                same_as_file(where, words, body, src_root, problems)
                d = scratch_dir(work, src_root, flytec, f"{rel.replace('/', '_')}-{n}")
                check_flyte(flytec, where, words, body, after, before, d, problems)
                counts["checked"] += 1
                counts["run"] += "run" in words
            elif shell and runs_shell:
                d = scratch_dir(work, src_root, flytec, f"{rel.replace('/', '_')}-{n}")
                check_shell(flytec, where, lang, words, body, d, problems)
                counts["shell"] += 1
    for p in problems:
        print("problem:", p)
    print(f"{counts['checked']} flyte files checked, {counts['run']} run, {counts['shell']} shell blocks run, "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
