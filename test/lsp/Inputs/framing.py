#!/usr/bin/env python3
"""Writes Content-Length framed input with broken headers in between, for
framing.test: a non-numeric length, a header block without a length, a
lower-case header name plus Content-Type, then a body that is not JSON."""
import sys

out = sys.stdout.buffer


def framed(body, headers=None):
    data = body.encode()
    head = headers if headers is not None else "Content-Length: %d\r\n" % len(data)
    out.write(head.encode() + b"\r\n" + data)


framed('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}')
out.write(b"Content-Length: abc\r\n\r\n")
out.write(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n")
body = '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
framed(body, "content-length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n" % len(body))
framed("{not json")
framed('{"jsonrpc":"2.0","method":"exit"}')
out.flush()
