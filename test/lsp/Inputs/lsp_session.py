#!/usr/bin/env python3
"""An interactive LSP client for tests of the asynchronous server.

usage: lsp_session.py FLYTEC INPUT_DIR TRANSCRIPT [server args...]

Starts `FLYTEC lsp [server args]` and sends the transcript's messages with
Content-Length framing (same transcript form and @URI(..)@ / @TEXT(..)@
placeholders as transcript.py). A comment line `# WAIT: text` makes the
client read server messages until one whose compact JSON contains `text`
before it sends the next message (10 s timeout: exit 1); `# SLEEP: ms`
pauses that long before the next message; `# WAITLOG: text` waits (10 s at
most) until the server's `--log-file` has a line containing `text`, so a test
can act while the server is in a known state; `# COPY: A B` copies file A to B
in INPUT_DIR (both relative) before the next message. Every server
message is printed as one line of compact JSON with sorted keys.
"""
import json
import shutil
import os
import re
import subprocess
import sys
import threading
import queue
import time
import urllib.parse


def read_messages(stream, q):
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                q.put(None)
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = stream.read(length)
        q.put(json.loads(body))


def main():
    flytec, directory, transcript = sys.argv[1:4]
    directory = os.path.abspath(directory)
    server_args = sys.argv[4:]

    def uri(m):
        return "file://" + urllib.parse.quote(directory + "/" + m.group(1))

    def text(m):
        with open(directory + "/" + m.group(1), encoding="utf-8") as f:
            return json.dumps(f.read())

    # A WAIT inside a block applies after that block's message is sent.
    steps, current, waits = [], [], []

    def flush():
        if any(l.strip() for l in current):
            steps.append(("send", "\n".join(current)))
        steps.extend(("wait", w) for w in waits)
        current.clear()
        waits.clear()

    for line in open(transcript).read().splitlines():
        s = line.strip()
        if s.startswith("# WAIT:"):
            waits.append(s[len("# WAIT:"):].strip())
        elif s.startswith("# WAITLOG:"):
            flush()
            steps.append(("waitlog", s[len("# WAITLOG:"):].strip()))
        elif s.startswith("# SLEEP:"):
            flush()
            steps.append(("sleep", float(s[len("# SLEEP:"):].strip())))
        elif s.startswith("# COPY:"):
            flush()
            steps.append(("copy", s[len("# COPY:"):].split()))
        elif s.startswith("#"):
            continue
        elif s == "---":
            flush()
        else:
            current.append(line)
    flush()

    proc = subprocess.Popen([flytec, "lsp"] + server_args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    q = queue.Queue()
    threading.Thread(target=read_messages, args=(proc.stdout, q), daemon=True).start()

    def show(msg):
        print(json.dumps(msg, sort_keys=True, separators=(",", ":")), flush=True)

    log_file = server_args[server_args.index("--log-file") + 1] if "--log-file" in server_args else None

    def log_has(text):
        try:
            with open(log_file, encoding="utf-8") as f:
                return any(text in line for line in f)
        except FileNotFoundError:
            return False

    for kind, payload in steps:
        if kind == "waitlog":
            deadline = time.time() + 10
            while not log_has(payload):
                if time.time() > deadline:
                    print("TIMEOUT waiting for the log line: " + payload, file=sys.stderr)
                    proc.kill()
                    return 1
                time.sleep(0.005)
            continue
        if kind == "sleep":
            time.sleep(payload / 1000)
            continue
        if kind == "copy":
            shutil.copyfile(os.path.join(directory, payload[0]), os.path.join(directory, payload[1]))
            continue
        if kind == "send":
            body = re.sub(r"@TEXT\(([^)]*)\)@", text, re.sub(r"@URI\(([^)]*)\)@", uri, payload)).encode()
            proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            proc.stdin.flush()
            continue
        deadline = time.time() + 10
        while True:
            try:
                msg = q.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                print("TIMEOUT waiting for: " + payload, file=sys.stderr)
                proc.kill()
                return 1
            if msg is None:
                print("server closed its output while waiting for: " + payload, file=sys.stderr)
                return 1
            show(msg)
            if payload in json.dumps(msg, sort_keys=True, separators=(",", ":")):
                break
    proc.stdin.close()
    while True:
        msg = q.get(timeout=10)
        if msg is None:
            break
        show(msg)
    return proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
