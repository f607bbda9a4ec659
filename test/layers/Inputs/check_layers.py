#!/usr/bin/env python3
"""Checks that dependencies point one way (DEVELOPERS.md, "Layout").

The layer table is DEVELOPERS.md's own layout table: each row names a
folder, its library and what it "depends on"; a library may use what it
depends on and, through them, what those depend on. Checked:

  1. every folder with an add_library() has a row, and every row a folder;
  2. no source or header of a library includes a header of a library it
     does not depend on (`#include "typecheck/..."` from frontend/);
  3. no compile command of a library's source has an include directory of
     such a library (the way round rule 2: `-I tools/driver`);
  4. no target outside tools/ compiles a source under tools/: neither in
     compile_commands.json nor in any CMake file outside tools/ (the fuzz
     targets are only configured with -DFLYTEC_FUZZ=ON, so their CMake file
     is read rather than the build).

Usage: check_layers.py SOURCE_ROOT BUILD_ROOT. Prints one line per
violation and exits 1, else prints a summary and exits 0.
"""
import json
import os
import re
import shlex
import sys

EXTERNAL_TOP = {"flyteidl": "idl"}  # generated headers and the library that owns them
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"/]+)/', re.M)
TOOLS_SOURCE = re.compile(r'\btools/[\w./-]+\.(?:cpp|cc|c)\b')
# Fixtures (test/**/Inputs/, such as this test's own bad tree) are not the build.
SKIPPED_DIRS = {".git", "third_party", "node_modules", "Inputs"}


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def layer_table(src):
    """folder -> the folders it names under "depends on" ("all": every other)."""
    rows = {}
    in_layout = False
    for line in read(os.path.join(src, "DEVELOPERS.md")).splitlines():
        if line.startswith("## "):
            in_layout = line.startswith("## Layout")
        m = re.match(r"\|\s*`([\w-]+)/`\s*\|[^|]*\|([^|]*)\|", line) if in_layout else None
        if m:
            rows[m.group(1)] = [d.strip() for d in m.group(2).split(",")]
    folders = set(rows)
    return {f: (folders - {f}) if deps == ["all"] else {d for d in deps if d in folders}
            for f, deps in rows.items()}


def closure(table):
    """folder -> every folder it may use, directly or through its dependencies."""
    out = {}

    def visit(folder, path):
        if folder in out:
            return out[folder]
        if folder in path:
            raise SystemExit("check_layers: DEVELOPERS.md's layout table has a cycle: " +
                             " -> ".join(path + [folder]))
        reach = set()
        for dep in table[folder]:
            reach |= {dep} | visit(dep, path + [folder])
        out[folder] = reach
        return reach

    for folder in table:
        visit(folder, [])
    return out


def walk(root, suffixes):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("build")]
        for name in filenames:
            if name.endswith(suffixes):
                yield os.path.join(dirpath, name)


def library_folders(src):
    """Top-level folders whose CMakeLists.txt defines a library."""
    found = set()
    for entry in sorted(os.listdir(src)):
        cmake = os.path.join(src, entry, "CMakeLists.txt")
        if os.path.isfile(cmake) and re.search(r"^\s*add_library\(", read(cmake), re.M):
            found.add(entry)
    return found


def check_table_covers_libraries(src, table, problems):
    for folder in sorted(library_folders(src) - set(table)):
        problems.append(f"{folder}/: defines a library but has no row in DEVELOPERS.md's layout table")
    for folder in sorted(set(table) - {e for e in os.listdir(src) if os.path.isdir(os.path.join(src, e))}):
        problems.append(f"DEVELOPERS.md's layout table names `{folder}/`, which does not exist")


def check_includes(src, table, reach, problems):
    for folder in sorted(table):
        if folder == "tools" or not os.path.isdir(os.path.join(src, folder)):
            continue
        for path in walk(os.path.join(src, folder), SOURCE_SUFFIXES):
            for m in INCLUDE.finditer(read(path)):
                top = EXTERNAL_TOP.get(m.group(1), m.group(1))
                if top in table and top != folder and top not in reach[folder]:
                    line = read(path).count("\n", 0, m.start()) + 1
                    problems.append(f"{os.path.relpath(path, src)}:{line}: {folder}/ includes "
                                    f"\"{m.group(1)}/...\", a layer it does not depend on")


def owner(path, src, table):
    """The table folder a path in the source tree belongs to, or None."""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(src))
    top = rel.split(os.sep)[0]
    return top if not rel.startswith("..") and top in table else None


def compile_args(entry):
    return entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])


def include_dirs(args):
    for i, arg in enumerate(args):
        if arg in ("-I", "-isystem", "-iquote") and i + 1 < len(args):
            yield args[i + 1]
        elif arg.startswith("-I") and len(arg) > 2:
            yield arg[2:]


def target_dir(entry, args):
    """The build folder of the target that compiles `entry` (before /CMakeFiles/)."""
    out = entry.get("output")
    if out is None and "-o" in args:
        out = args[args.index("-o") + 1]
    if out is None:
        return None
    out = os.path.relpath(os.path.join(entry["directory"], out), entry["directory"])
    return out.split("/CMakeFiles/")[0] if "/CMakeFiles/" in out else ""


def check_compile_commands(src, build, table, reach, problems):
    path = os.path.join(build, "compile_commands.json")
    if not os.path.isfile(path):
        problems.append(f"{path}: missing (CMAKE_EXPORT_COMPILE_COMMANDS is ON in the top CMakeLists.txt)")
        return 0
    entries = json.loads(read(path))
    reported = set()  # (folder, directory): one line for a library's whole wrong -I
    for entry in entries:
        args = compile_args(entry)
        folder = owner(entry["file"], src, table)
        source = os.path.relpath(entry["file"], src)
        if folder == "tools":
            where = target_dir(entry, args)
            if where is not None and where.split("/")[0] != "tools":
                problems.append(f"{source}: compiled by a target outside tools/ ({where}/)")
        if folder is None or folder == "tools":
            continue
        for d in include_dirs(args):
            dep = owner(os.path.join(entry["directory"], d), src, table)
            if dep and dep != folder and dep not in reach[folder] and (folder, d) not in reported:
                reported.add((folder, d))
                problems.append(f"{source}: {folder}/ is compiled with -I{d}, a layer it does not depend on")
    return len(entries)


def check_cmake_files(src, problems):
    for path in walk(src, ("CMakeLists.txt", ".cmake")):
        rel = os.path.relpath(path, src)
        if rel.split(os.sep)[0] == "tools":
            continue
        for m in TOOLS_SOURCE.finditer(read(path)):
            line = read(path).count("\n", 0, m.start()) + 1
            problems.append(f"{rel}:{line}: compiles {m.group(0)}, a source of tools/ (link a library of tools/ instead)")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, build = sys.argv[1], sys.argv[2]
    table = layer_table(src)
    if not table:
        sys.exit("check_layers: no layout table found in DEVELOPERS.md")
    reach = closure(table)
    problems = []
    check_table_covers_libraries(src, table, problems)
    check_includes(src, table, reach, problems)
    commands = check_compile_commands(src, build, table, reach, problems)
    check_cmake_files(src, problems)
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} violation(s)")
        return 1
    print(f"check_layers: {len(table)} layers, {commands} compile commands: dependencies point one way")
    return 0


if __name__ == "__main__":
    sys.exit(main())
