#!/usr/bin/env python3
"""Writes an LSP session (Content-Length framing) whose second message nests
arrays DEPTH levels deep inside `params`, followed by ordinary requests: the
server must answer the deep one with a parse error and keep answering.

usage: deep_message.py DEPTH"""
import json
import sys

depth = int(sys.argv[1])
out = sys.stdout.buffer


def send(body):
    data = body.encode()
    out.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)


send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}))
send('{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":' + "[" * depth + "]" * depth + "}}")
send(json.dumps({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}))
send(json.dumps({"jsonrpc": "2.0", "method": "exit"}))
