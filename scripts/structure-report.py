#!/usr/bin/env python3
"""Prints the structure figures issue 13 asks to be measured before and after: the ten largest classes and
methods (Java, main code), the lake paths built from strings outside the lake module, and the keys built by
string concatenation. Usage: scripts/structure-report.py [repo-dir]"""
import pathlib
import re
import sys

repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
mains = [p for p in repo.rglob("src/main/java/**/*.java") if "/target/" not in str(p)]

classes = sorted(((len(p.read_text(encoding="utf-8").splitlines()), p.relative_to(repo)) for p in mains), reverse=True)
print("ten largest classes (lines):")
for n, p in classes[:10]:
    print(f"  {n:5d}  {p}")

# a method: a line that opens a body after a parameter list, at class-member indentation, to its matching brace
head = re.compile(r"^    (?:(?:public|private|protected|static|final|synchronized|default|abstract)\s+)*"
                  r"(?:<[^>]+>\s+)?[\w<>\[\], .?]+\s+(\w+)\([^;]*$")
methods = []
for p in mains:
    lines = p.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = head.match(lines[i])
        if m and not lines[i].strip().startswith(("return", "new ", "if", "for", "while", "switch")):
            depth, j, opened = 0, i, False
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                opened = opened or "{" in lines[j]
                if opened and depth <= 0:
                    break
                if not opened and lines[j].rstrip().endswith(";"):
                    break
                j += 1
            if opened:
                methods.append((j - i + 1, f"{p.relative_to(repo)}:{i + 1} {m.group(1)}"))
                i = j
        i += 1
print("ten largest methods (lines):")
for n, where in sorted(methods, reverse=True)[:10]:
    print(f"  {n:5d}  {where}")

path_built = re.compile(r'(root\(\)\s*\+\s*"/|"/(?:bronze|silver|gold|published|audit|quarantine|reports|_candidates|_staging)\b'
                        r'|"(?:published|gold|audit)/|t\.replace\(\'\.\', \'/\'\))')
key_built = re.compile(r'\+\s*"\|"\s*\+')
outside = [p for p in mains if "/lake-contract/src/" not in str(p)]
paths = [(p, i + 1, l.strip()) for p in outside for i, l in enumerate(p.read_text(encoding="utf-8").splitlines())
         if path_built.search(l) and "jdbc:" not in l]
keys = [(p, i + 1, l.strip()) for p in mains for i, l in enumerate(p.read_text(encoding="utf-8").splitlines())
        if key_built.search(l)]
print(f"lake paths built from strings outside the lake module: {len(paths)}")
for p, i, l in paths:
    print(f"  {p.relative_to(repo)}:{i}  {l[:110]}")
print(f"keys built by string concatenation (+ \"|\" +): {len(keys)}")
for p, i, l in keys:
    print(f"  {p.relative_to(repo)}:{i}  {l[:110]}")
