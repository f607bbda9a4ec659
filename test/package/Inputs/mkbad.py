"""mkbad.py KIND OUT [PB_DIR]: writes a hostile or broken package for the
robustness tests. KINDs: suffix (a LaunchPlan named _1), other (a README
entry), traversal (`../x.pb`, `/abs_1.pb`, a symlink), bomb (a 200 MiB entry
of zeros, ~200 KiB compressed), corrupt (a truncated gzip), garbage (a `.pb`
of random bytes and a truncated one)."""
import io, os, sys, tarfile

kind, out = sys.argv[1], sys.argv[2]
pbdir = sys.argv[3] if len(sys.argv) > 3 else None

def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))

def good(name):
    return open(os.path.join(pbdir, name), "rb").read()

if kind == "corrupt":
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        add(t, "001_a_1.pb", good("001_pkg.double_1.pb") * 50)
    open(out, "wb").write(buf.getvalue()[: len(buf.getvalue()) // 2])
    sys.exit(0)

with tarfile.open(out, "w:gz") as t:
    if kind == "suffix":
        add(t, "001_pkg.double_1.pb", good("001_pkg.double_1.pb"))
        add(t, "009_pkg.lp_1.pb", good("004_pkg.wf_3.pb"))
    elif kind == "other":
        add(t, "001_pkg.double_1.pb", good("001_pkg.double_1.pb"))
        add(t, "README.md", b"hello\n")
    elif kind == "traversal":
        add(t, "../escape_1.pb", good("001_pkg.double_1.pb"))
        add(t, "/abs_1.pb", good("001_pkg.double_1.pb"))
        link = tarfile.TarInfo("002_link_1.pb")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        t.addfile(link)
    elif kind == "bomb":
        class Zeros(io.RawIOBase):
            def __init__(self, n): self.n = n
            def readable(self): return True
            def readinto(self, b):
                k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k
        info = tarfile.TarInfo("001_bomb_1.pb")
        info.size = 200 << 20
        t.addfile(info, io.BufferedReader(Zeros(info.size)))
    elif kind == "garbage":
        add(t, "001_garbage_1.pb", bytes((i * 131 + 7) % 256 for i in range(4096)))
        add(t, "002_truncated_2.pb", good("003_pkg.wf_2.pb")[:40])
