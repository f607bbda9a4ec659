#!/usr/bin/env python3
"""Turns a hand-written LSP transcript into server input.

The transcript is the lit test itself: messages separated by `---` lines,
`#` lines are comments (RUN/CHECK lines). Before sending, placeholders are
replaced:  @URI(name)@  -> file URI of DIR/name,
           @TEXT(name)@ -> the JSON string of DIR/name's contents.
--framed writes Content-Length framing (the real protocol); otherwise the
delimited form of `flytec lsp --input-style=delimited`.
"""
import json
import os
import re
import sys
import urllib.parse


def main():
    args = sys.argv[1:]
    framed = "--framed" in args
    args = [a for a in args if a != "--framed"]
    directory = os.path.abspath(args[0])
    source = open(args[1]).read() if len(args) > 1 else sys.stdin.read()

    def uri(m):
        return "file://" + urllib.parse.quote(directory + "/" + m.group(1))

    def text(m):
        with open(directory + "/" + m.group(1), encoding="utf-8") as f:
            return json.dumps(f.read())

    messages, current = [], []
    for line in source.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.strip() == "---":
            if current:
                messages.append("\n".join(current))
            current = []
            continue
        current.append(line)
    if any(l.strip() for l in current):
        messages.append("\n".join(current))

    out = sys.stdout.buffer
    for msg in messages:
        msg = re.sub(r"@URI\(([^)]*)\)@", uri, msg)
        msg = re.sub(r"@TEXT\(([^)]*)\)@", text, msg)
        if not msg.strip():
            continue
        if framed:
            body = msg.encode("utf-8")
            out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        else:
            out.write(msg.encode("utf-8") + b"\n---\n")
    out.flush()


if __name__ == "__main__":
    main()
