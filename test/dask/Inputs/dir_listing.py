"""Prints a run's JSON outputs with each directory path replaced by what is
in it ({relative path: size}), so outputs of two runs (whose run directories
differ) compare byte for byte."""
import json
import os
import sys


def listing(value):
    if isinstance(value, str) and os.path.isdir(value):
        files = {}
        for root, _, names in os.walk(value):
            for name in names:
                path = os.path.join(root, name)
                files[os.path.relpath(path, value)] = os.path.getsize(path)
        return dict(sorted(files.items()))
    if isinstance(value, dict):
        return {k: listing(v) for k, v in value.items()}
    if isinstance(value, list):
        return [listing(v) for v in value]
    return value


with open(sys.argv[1]) as f:
    print(json.dumps(listing(json.load(f)), sort_keys=True))
