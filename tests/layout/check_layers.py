#!/usr/bin/env python3
"""The folders of the library are layers (README "Layout", docs/layout.md): a file includes only headers of its own
layer or of the layers below it, so no two folders include each other. Also: no header or source sits outside the
layers, every rule is in namespace landrenew::rules, and tests/unit mirrors the folders.

Usage: check_layers.py SOURCE_DIR      (exit 1 with one line per violation)
"""
import pathlib
import re
import sys

# Lowest first. The library's front door (include/landrenew/job.hpp, src/job.cpp) sits above every layer and the
# CLI above it; the generator (src/gen) is a program of its own that uses only the library's core and geom.
LAYERS = ["core", "config", "geom", "io", "rules", "pipeline", "out", "audit"]
RANK = {name: i for i, name in enumerate(LAYERS)}
RANK["job"] = len(LAYERS)
RANK["cli"] = len(LAYERS) + 1

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of_include(path):
    """The layer an include names: "landrenew/io/gdal.hpp" and the internal "io/bind.hpp" are both io."""
    parts = path.split("/")
    if parts[0] == "landrenew":
        parts = parts[1:]
    if parts == ["job.hpp"]:
        return "job"
    return parts[0] if len(parts) > 1 and parts[0] in RANK else None


def main(root):
    root = pathlib.Path(root)
    problems = []
    files = []
    for base in (root / "include" / "landrenew", root / "src"):
        for f in sorted(base.rglob("*")):
            rel = f.relative_to(base)
            if f.suffix not in (".hpp", ".cpp") or rel.parts[0] == "gen":
                continue
            if rel.parts in (("job.hpp",), ("job.cpp",)):
                layer = "job"
            elif len(rel.parts) >= 2 and rel.parts[0] in RANK:
                layer = rel.parts[0]
            else:
                problems.append(f"{f.relative_to(root)}: outside the layers ({', '.join(LAYERS)})")
                continue
            files.append((f, layer))
    for f, layer in files:
        text = f.read_text(encoding="utf-8")
        for m in INCLUDE.finditer(text):
            used = layer_of_include(m.group(1))
            if used is not None and RANK[used] > RANK[layer]:
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{f.relative_to(root)}:{line}: the {layer} layer includes {m.group(1)} "
                                f"of the {used} layer above it")
        if layer == "rules" and not re.search(r"^namespace landrenew::rules\b", text, re.M):
            problems.append(f"{f.relative_to(root)}: a rule outside namespace landrenew::rules")
    unit = root / "tests" / "unit"
    for t in sorted(unit.rglob("*_test.cpp")):
        rel = t.relative_to(unit)
        if rel.parts != ("job_test.cpp",) and (len(rel.parts) != 2 or rel.parts[0] not in LAYERS):
            problems.append(f"{t.relative_to(root)}: unit tests sit in the folder of the layer they test")
    for p in problems:
        print(p)
    print(f"{len(files)} files in {len(LAYERS)} layers; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
