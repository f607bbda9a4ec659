"""mkbad.py KIND OUT [PB_DIR]: writes a hostile or broken package for the
robustness tests. KINDs: suffix (a LaunchPlan named _1), other (a README
entry), traversal (`../x.pb`, `/abs_1.pb`, a symlink), bomb (a 200 MiB entry
of zeros, ~200 KiB compressed), amplify (4 WorkflowSpecs of 64 MiB, each
32M empty nodes: 2 wire bytes per node, ~260 KiB compressed in all), corrupt
(a truncated gzip), garbage (a `.pb` of random bytes and a truncated one),
names (entries whose names hold a newline, ESC and CR)."""
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
    elif kind == "amplify":
        size = 64 << 20
        body = size - 6  # WorkflowSpec.template (field 1): a 5-byte length, then nodes
        nodes = b"\x22\x00"  # WorkflowTemplate.nodes (field 4): an empty Node
        head = b"\x0a" + bytes([(body >> (7 * i) & 0x7f) | (0x80 if i < 4 else 0) for i in range(5)])
        data = head + nodes * ((size - len(head)) // 2)
        for i in range(4):
            add(t, "00%d_amplify_2.pb" % (i + 1), data)
    elif kind == "names":
        add(t, "001_pkg.double_1.pb", good("001_pkg.double_1.pb"))
        add(t, "002_forged\nerror: all good [E0000]_1.pb", b"junk")
        add(t, "003_\x1b[31mred\x1b[0m\r_1.pb", b"junk")
        add(t, "004_\x1b]8;;x\x07link.txt", b"x")
    elif kind == "garbage":
        add(t, "001_garbage_1.pb", bytes((i * 131 + 7) % 256 for i in range(4096)))
        add(t, "002_truncated_2.pb", good("003_pkg.wf_2.pb")[:40])
