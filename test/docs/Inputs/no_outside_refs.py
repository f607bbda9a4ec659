"""Fails when a user-facing file points outside the repository (see
no-outside-refs.test).

Usage: no_outside_refs.py SRC_ROOT CATALOGUE.md [FILE ...]

User-facing: README.md, everything under docs/, examples/ and editors/
(except installed or vendored npm packages and the lock file, which are
third-party text), and the catalogue as `flytec explain --markdown` prints it
(the explanations and the example files it embeds). With FILEs, only those
are read. Pointing outside: a path into the sibling `shared/` folder the
developers have (`../shared`, `shared/spec`, `shared/tools`), the name of the
tool kept there (`flyte-oracle`), and section references to a specification
users do not have (`spec §6`, `§10`, `spec section 9`), and Markdown links
to a file outside the repository, to a file that does not exist, or to a
heading a Markdown file does not have. What this does not do: judge links
to public web pages, which users can follow.
"""
import os, re, sys

PATTERNS = [
    (re.compile(r"\.\./shared\b"), "a path to ../shared"),
    (re.compile(r"\bshared/(spec|tools|notes|flyte-reference)\b"), "a path into shared/"),
    (re.compile(r"flyte-oracle"), "the flyte-oracle tool of shared/"),
    (re.compile(r"§"), "a section sign (a specification users do not have)"),
    (re.compile(r"\bspec(ification)?\s+(section|appendix)\s+\w", re.I), "a specification section"),
]
SKIP_DIRS = {"node_modules", ".vscode-test", "out"}
SKIP_FILES = {"package-lock.json"}


def user_facing(root):
    yield os.path.join(root, "README.md")
    for top in ("docs", "examples", "editors"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if name not in SKIP_FILES:
                    yield os.path.join(dirpath, name)


def problems_in(path, label):
    try:
        text = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        return []  # binary files (the examples' data) hold no references
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        for pattern, what in PATTERNS:
            if pattern.search(line):
                found.append(f"{label}:{n}: {what}: {line.strip()[:120]}")
    return found


LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    return {slug(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", open(path, encoding="utf-8").read(), re.M)}


def link_problems(root, path, label):
    if not path.endswith(".md"):
        return []
    found = []
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        for m in LINK.finditer(line):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                continue  # a web page or mail address
            file_part, _, anchor = target.partition("#")
            dest = os.path.realpath(os.path.join(os.path.dirname(path), file_part)) if file_part else os.path.realpath(path)
            if os.path.commonpath([dest, os.path.realpath(root)]) != os.path.realpath(root):
                found.append(f"{label}:{n}: a link outside the repository: {target}")
            elif not os.path.exists(dest):
                found.append(f"{label}:{n}: a link to a file that does not exist: {target}")
            elif anchor and dest.endswith(".md") and anchor.lower() not in anchors(dest):
                found.append(f"{label}:{n}: a link to a heading that does not exist: {target}")
    return found


def main():
    root, catalogue = sys.argv[1], sys.argv[2]
    files = sys.argv[3:] or list(user_facing(root))
    problems = []
    for path in files:
        problems += problems_in(path, os.path.relpath(path, root))
        problems += link_problems(root, path, os.path.relpath(path, root))
    problems += problems_in(catalogue, "flytec explain --markdown")
    for p in problems:
        print(p)
    print(f"{len(files) + 1} files read, {len(problems)} references outside the repository")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
