"""Checks every catalogue row's examples (see catalogue-coverage.test).

A bad example must *emit* its code, not merely mention it:
  * a `.flyte` example is checked again with its own RUN line's options but
    `--format=json` instead of `-verify`, and the code must be among the
    reported diagnostics' `"code"`s;
  * a `.test` example must assert the code as a reported diagnostic: a
    FileCheck line (a prefix the RUN lines check, not a `-NOT` one) holding `[CODE]`,
    `"code": "CODE"` or `"ruleId": "CODE"`, or a RUN line that runs
    `-verify` over an `expected-error CODE` / `expected-warning CODE` it
    writes. A comment or a RUN line that only names the code does not count.
"""
import json, os, re, shlex, subprocess, sys

FLYTEC = os.environ.get("FLYTEC", "flytec")
# A FileCheck directive: `PREFIX:` or `PREFIX-NEXT:` etc., optionally after `#`.
DIRECTIVE = re.compile(r"^\s*(?:#|//)?\s*([A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*?)(-NEXT|-SAME|-DAG|-LABEL|-NOT|-EMPTY)?:(.*)$")


def flyte_emits(path, code):
    """Runs the example's RUN line with --format=json; True if `code` is reported."""
    run = next((l for l in open(path, errors="replace") if "RUN:" in l), None)
    if run is None or "%flytec check" not in run or "-verify" not in run:
        return False, "its RUN line is not `%flytec check -verify ...`"
    words = shlex.split(run.split("RUN:", 1)[1])
    args = []
    for w in words[1:]:
        if w == "-verify":
            w = "--format=json"
        args.append(w.replace("%s", path).replace("%S", os.path.dirname(path)))
    out = subprocess.run([FLYTEC] + args, capture_output=True, text=True)
    for stream in (out.stdout, out.stderr):
        try:
            emitted = {d.get("code") for d in json.loads(stream).get("diagnostics", [])}
        except (ValueError, AttributeError):
            continue
        return code in emitted, "reports " + (", ".join(sorted(c for c in emitted if c)) or "nothing")
    return False, "printed no JSON diagnostics"


def test_asserts(path, code):
    """True if the lit test asserts `code` as a reported diagnostic."""
    reported = (f"[{code}]", f'"code": "{code}"', f'"ruleId": "{code}"')
    lines = open(path, errors="replace").read().splitlines()
    # The prefixes FileCheck reads: CHECK unless a RUN line names others.
    prefixes = {"CHECK"}
    for line in lines:
        if "RUN:" in line:
            for names in re.findall(r"--check-prefix(?:es)?[= ](\S+)", line):
                prefixes.update(names.split(","))
    for line in lines:
        m = DIRECTIVE.match(line)
        if not m:
            continue
        prefix, suffix, rest = m.groups()
        if prefix == "RUN":
            verified = re.search(rf"expected-(?:error|warning)\s+{code}\b", rest)
            if verified and "-verify" in rest:
                return True
        elif prefix in prefixes and suffix != "-NOT" and any(r in rest for r in reported):
            return True
    return False


def main():
    root, codes_file = sys.argv[1], sys.argv[2]
    codes = open(codes_file).read().split()
    problems = []
    for code in codes:
        out = subprocess.run([FLYTEC, "explain", code], capture_output=True, text=True).stdout
        m_bad = re.search(r"Bad example \((\S+)\)", out)
        m_good = re.search(r"Good example \((\S+)\)", out)
        if not m_bad or not m_good:
            problems.append(f"{code}: no examples in `flytec explain`")
            continue
        bad, good = (os.path.join(root, m.group(1)) for m in (m_bad, m_good))
        for kind, path in (("bad", bad), ("good", good)):
            if not os.path.isfile(path):
                problems.append(f"{code}: {kind} example {path} does not exist")
            elif "RUN:" not in open(path, errors="replace").read():
                problems.append(f"{code}: {kind} example {path} is not a lit test (no RUN line)")
        if bad == good:
            problems.append(f"{code}: bad and good example are the same file")
        if not os.path.isfile(bad):
            continue
        if bad.endswith(".flyte"):
            emitted, what = flyte_emits(bad, code)
            if not emitted:
                problems.append(f"{code}: bad example {bad} does not emit {code} ({what})")
        elif not test_asserts(bad, code):
            problems.append(f"{code}: bad example {bad} does not check that {code} is reported "
                            f"(no CHECK line with [{code}] or \"code\": \"{code}\", no -verify of expected-... {code})")
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
