#!/usr/bin/env python3
"""Copies LLVM 14's llvm/Support/JSON.h with json::Array's inline member
functions defined after json::Value instead of inside the class (what LLVM 15
does), for clang builds only (cmake/Dependencies.cmake).

Why: with -std=c++20 and libstdc++ 12, std::vector's members are constexpr and
clang-14 instantiates them as soon as an inline function body uses them; inside
json::Array, json::Value is still incomplete, so JSON.h does not compile.
Only where the bodies are written changes: the class layout and every
signature stay the same, so the copy is ABI-identical to the system header
that libLLVM-14.so was built with. Template members stay in the class (their
instantiation is deferred anyway). Fails loudly if the header's shape changed.

usage: patch_llvm_json.py SRC DST
"""
import os
import re
import sys


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    text = open(src).read()
    start = text.index("class Array {\n")
    end = text.index("\n};\ninline bool operator!=(const Array &L, const Array &R)", start)
    body = text[start:end]

    moved = []

    def move(m: re.Match) -> str:
        indent, sig, const, code = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        if sig.startswith("template") or sig.startswith("explicit"):
            return m.group(0)
        friend = sig.startswith("friend ")
        decl_sig = sig
        if friend:
            out_sig = sig[len("friend "):]
        else:
            # Qualify the name (the identifier or operator before the '(').
            name = re.search(r"(operator\S*?|\w+)\($", sig[: sig.index("(") + 1])
            if not name:
                raise SystemExit(f"patch_llvm_json.py: cannot parse {sig!r}")
            out_sig = sig[: name.start(1)] + "Array::" + sig[name.start(1):]
            out_sig = re.sub(r"^(const_iterator|iterator) ", r"Array::\1 ", out_sig)
        moved.append(f"inline {out_sig}{const} {{{code}}}")
        return f"{indent}{decl_sig}{const};"

    # One-line members `SIG [const] { BODY }` and the two-line `insert`.
    pattern = re.compile(r"^( +)([^\n;{}]*\))( const)? \{((?:[^{}]|\n)*?)\}$", re.M)
    new_body = pattern.sub(move, body)
    if len(moved) < 15:
        raise SystemExit(f"patch_llvm_json.py: moved only {len(moved)} members; header changed?")

    value_at = text.index("class Value {", end)
    value_end = text.index("\n};\n", value_at) + len("\n};\n")
    out = (text[:start] + new_body + text[end:value_end]
           + "\n// json::Array members, defined once json::Value is complete (flytec clang patch).\n"
           + "\n".join(moved) + "\n" + text[value_end:])
    if os.path.exists(dst) and open(dst).read() == out:
        return 0  # unchanged: keep the timestamp, so nothing rebuilds
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = dst + ".tmp"
    with open(tmp, "w") as f:
        f.write(out)
    os.replace(tmp, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
