#!/usr/bin/env python3
"""Framed session with one huge document (N tasks, 7 lines each, ~3.5 MB
for N = 20000) for huge-document.test: open it, hover the last task. The document is
big_source.py's."""
import json
import sys

from big_source import source_lines

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
lines = source_lines(n)
text = "\n".join(lines) + "\n"
uri = "file:///tmp/flytec-lsp-huge-test/huge.flyte"
msgs = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
    {"jsonrpc": "2.0", "method": "initialized", "params": {}},
    {"jsonrpc": "2.0", "method": "textDocument/didOpen",
     "params": {"textDocument": {"uri": uri, "languageId": "flyte", "version": 1, "text": text}}},
    {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
     "params": {"textDocument": {"uri": uri}, "position": {"line": len(lines) - 3, "character": 9}}},
    {"jsonrpc": "2.0", "id": 3, "method": "shutdown"},
    {"jsonrpc": "2.0", "method": "exit"},
]
out = sys.stdout.buffer
for m in msgs:
    body = json.dumps(m).encode()
    out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
out.flush()
