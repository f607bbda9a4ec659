"""For each source, the cluster-profile diagnostics of `flytec check SRC` and
of `flytec check PKG` (PKG compiled from SRC without a profile) agree: the
same codes with the same messages (profile-agrees.test).

Usage: profile_agrees.py FLYTEC PROFILE WORK SRC...
Prints one line per source: `NAME: N agree` or the differences."""
import collections, json, os, subprocess, sys

PROFILE_CODES = ("E1101", "W1102", "W1103")


def profile_diags(flytec, profile, path):
    p = subprocess.run([flytec, "check", "--format=json", "--cluster-profile", profile, path],
                       capture_output=True, text=True, timeout=120)
    diags = json.loads(p.stdout)["diagnostics"]
    return collections.Counter((d["code"], d["message"]) for d in diags if d["code"] in PROFILE_CODES)


def main():
    flytec, profile, work, sources = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    failed = False
    for src in sources:
        name = os.path.basename(src)
        pkg = os.path.join(work, name + ".tgz")
        subprocess.run([flytec, "compile", src, "-o", pkg], check=True, capture_output=True, timeout=120)
        want, got = profile_diags(flytec, profile, src), profile_diags(flytec, profile, pkg)
        if want == got:
            print(f"{name}: {sum(got.values())} agree")
            continue
        failed = True
        for d in sorted((want - got).elements()):
            print(f"{name}: only the source: {d}")
        for d in sorted((got - want).elements()):
            print(f"{name}: only the package: {d}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
