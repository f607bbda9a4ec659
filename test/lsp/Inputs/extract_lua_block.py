"""Prints the first ```lua block after the heading given, from a Markdown
file (neovim-docs-config.test pastes docs/editors.md's block with it).
Usage: extract_lua_block.py FILE.md 'HEADING'"""
import sys

text = open(sys.argv[1]).read()
start = text.index("\n" + sys.argv[2] + "\n")
body = text[start:].split("```lua\n", 1)[1].split("\n```", 1)[0]
print(body)
