#!/usr/bin/env python3
"""Prints a JSON list nested N levels deep: N `[` then N `]` (2N bytes)."""
import sys

n = int(sys.argv[1])
sys.stdout.write("[" * n + "]" * n + "\n")
