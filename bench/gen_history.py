#!/usr/bin/env python3
"""Writes a git fast-import stream of a synthetic Python repository with a long history.

Usage: gen_history.py COMMITS [--files N] [--seed S] | git fast-import --quiet

The tree always ends with about N files (default 1500) in about N/25
packages, whatever COMMITS is, so histories of different lengths differ
only in their length. The first commit adds the tree; every later commit is
one of:
  - a small change: 1-3 modules of one package (and its test 1 time in 2);
  - a feature: 3-8 files across two packages, plus the package's registry;
  - an addition: a new module in a package, with the package's __init__.py
    and its test file (what sibling patterns learn), and when the tree is
    over N files one old addition is deleted in the same commit;
  - a maintenance commit ("Bump version ...") touching setup.py.
Contents are small Python modules whose blobs are unique per commit.
Deterministic for a given (COMMITS, --files, --seed).
"""

import argparse
import random
import sys


def module_text(path, rev, imports):
    name = path.rsplit("/", 1)[-1][:-3]
    lines = [f'"""Module {name}: part of the synthetic benchmark tree."""', ""]
    lines += [f"from {imp} import helper_{i}" for i, imp in enumerate(imports)]
    lines += ["", "", f"class {name.title().replace('_', '')}:", f'    """Handles {name}."""', ""]
    lines += [f"    def run_{name}(self, value):", f"        return value + {rev}", ""]
    lines += [f"def helper_{name}(x):", f'    """Helper of {name}."""', "    return x * 2", ""]
    lines.append(f"REVISION = {rev}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("commits", type=int)
    ap.add_argument("--files", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = sys.stdout.buffer
    packages = [f"src/pkg{p:02d}" for p in range(max(2, args.files // 25))]
    files = {}  # path -> revision
    added = []  # paths added after the first commit, oldest first
    for pkg in packages:
        files[f"{pkg}/__init__.py"] = 0
        files[f"tests/test_{pkg.rsplit('/', 1)[-1]}.py"] = 0
    per_pkg = max(1, (args.files - len(files)) // len(packages))
    for pkg in packages:
        for m in range(per_pkg):
            files[f"{pkg}/mod{m:03d}.py"] = 0
    files["setup.py"] = 0
    mark = [0]
    t0 = 1420070400  # 2015-01-01

    def blob(path, rev):
        pkg = path.split("/")[1] if path.startswith("src/") else "pkg00"
        text = module_text(path, rev, [f"src.{pkg}.mod000"] if rev % 3 else []).encode()
        return b"M 100644 inline " + path.encode() + b"\ndata " + str(len(text)).encode() + b"\n" + text + b"\n"

    def commit(n, message, changes, deletes=()):
        mark[0] += 1
        msg = message.encode()
        when = t0 + n * 3600
        parts = [b"commit refs/heads/main\n", b"mark :%d\n" % mark[0],
                 b"committer Bench <bench@example.com> %d +0000\n" % when,
                 b"data %d\n" % len(msg), msg, b"\n"]
        if mark[0] > 1:
            parts.append(b"from :%d\n" % (mark[0] - 1))
        for p in deletes:
            parts.append(b"D " + p.encode() + b"\n")
        for p in changes:
            files[p] = n
            parts.append(blob(p, n))
        parts.append(b"\n")
        out.write(b"".join(parts))

    commit(0, "Initial import", sorted(files))
    for n in range(1, args.commits):
        pkg = rnd.choice(packages)
        short = pkg.rsplit("/", 1)[-1]
        mods = [p for p in (f"{pkg}/mod{m:03d}.py" for m in range(per_pkg)) if p in files]
        kind = rnd.random()
        if kind < 0.55:
            changes = rnd.sample(mods, min(len(mods), rnd.randint(1, 3)))
            if rnd.random() < 0.5:
                changes.append(f"tests/test_{short}.py")
            commit(n, f"Fix {short} handling in {changes[0].rsplit('/', 1)[-1]} (#{n})", changes)
        elif kind < 0.8:
            other = rnd.choice(packages)
            omods = [p for p in files if p.startswith(other + "/mod")]
            changes = rnd.sample(mods, min(len(mods), rnd.randint(2, 4)))
            changes += rnd.sample(omods, min(len(omods), rnd.randint(1, 3)))
            changes += [f"{pkg}/__init__.py", f"tests/test_{short}.py"]
            commit(n, f"Add {short} support for feature {n % 97} (#{n})", sorted(set(changes)))
        elif kind < 0.95:
            new = f"{pkg}/extra{n:06d}.py"
            deletes = []
            if len(files) >= args.files and added:
                gone = added.pop(0)
                deletes.append(gone)
                del files[gone]
            added.append(new)
            commit(n, f"Add {new.rsplit('/', 1)[-1]} to {short} (#{n})",
                   [new, f"{pkg}/__init__.py", f"tests/test_{short}.py"], deletes)
        else:
            commit(n, f"Bump version to 1.{n // 100}.{n % 100}", ["setup.py"])


if __name__ == "__main__":
    main()
