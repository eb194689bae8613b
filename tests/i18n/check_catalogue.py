#!/usr/bin/env python3
"""The Chinese catalogue against the sources (issue 21 item 6): every msgid the sources mark has a Chinese
translation, no fragment keeps a msgid the sources no longer have (stale), no msgid is translated two ways.

    check_catalogue.py SOURCE_DIR [--pot OUT.pot]

Extraction is xgettext's, with the keywords of include/landrenew/core/i18n.hpp; the comparison is msgcat,
msgcmp msgattrib and msgcomm's (GNU gettext). Exit 0 when the catalogue is complete, 1 with the list otherwise."""
import argparse
import pathlib
import subprocess
import sys
import tempfile

KEYWORDS = ["tr", "trf", "trf_in:2", "tr_both", "N_", "trn:1,2", "translate_plural:2,3"]
LAYERS = ["core", "config", "geom", "io", "rules", "pipeline", "out", "audit", "cli"]


def sources(root: pathlib.Path) -> list[str]:
    files = [root / "src" / "job.cpp"]
    for layer in LAYERS:
        for base in (root / "src" / layer, root / "include" / "landrenew" / layer):
            files += sorted(base.glob("*.cpp")) + sorted(base.glob("*.hpp"))
    return [str(f.relative_to(root)) for f in files if f.exists()]


def run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("source_dir")
    ap.add_argument("--pot", help="also write the extracted template here")
    args = ap.parse_args()
    root = pathlib.Path(args.source_dir).resolve()
    fragments = sorted(str(p) for p in (root / "po" / "zh_CN").glob("*.po"))
    if not fragments:
        print("no po/zh_CN/*.po", file=sys.stderr)
        return 1
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "landrenew.pot"
        cmd = ["xgettext", "--language=C++", "--from-code=UTF-8", "--no-wrap", "--sort-output", "-o", str(pot)]
        cmd += [f"--keyword={k}" for k in KEYWORDS] + sources(root)
        r = run(cmd, cwd=root)
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            return 1
        if args.pot:
            pathlib.Path(args.pot).write_bytes(pot.read_bytes())
        merged = pathlib.Path(tmp) / "merged.po"
        r = run(["msgcat", "--no-wrap", "-o", str(merged)] + fragments)
        if r.returncode != 0:
            problems.append("msgcat: " + r.stderr.strip())
        elif "#-#-#-#-#" in merged.read_text(encoding="utf-8"):
            problems.append("a msgid is translated two ways in the fragments (msgcat marked it):")
            text = merged.read_text(encoding="utf-8")
            for block in text.split("\n\n"):
                if "#-#-#-#-#" in block:
                    problems.append("  " + block.replace("\n", "\n  "))
        stats = run(["msgfmt", "--statistics", "-o", "/dev/null", str(merged)])
        if "fuzzy" in stats.stderr or "untranslated" in stats.stderr:
            problems.append("msgfmt: " + stats.stderr.strip())
        # msgids in one of the two only: from the template (msgstr "") the untranslated, from the catalogue
        # (a translation) the stale.
        unique = run(["msgcomm", "--unique", "--no-wrap", str(merged), str(pot)])
        blocks = [b for b in unique.stdout.split("\n\n") if "msgid " in b and not b.startswith('msgid ""')]
        missing = [b for b in blocks if b.rstrip().endswith('msgstr ""')]
        stale = [b for b in blocks if not b.rstrip().endswith('msgstr ""')]
        if missing:
            problems.append(f"{len(missing)} msgids of the sources without a Chinese translation (add them to "
                            "a po/zh_CN fragment):\n\n" + "\n\n".join(missing))
        if stale:
            problems.append(f"{len(stale)} stale msgids (in po/zh_CN but no longer in the sources):\n\n" +
                            "\n\n".join(stale))
        untranslated = run(["msgattrib", "--untranslated", "--no-wrap", str(merged)])
        blocks = [b for b in untranslated.stdout.split("\n\n") if "msgid " in b and 'msgid ""\nmsgstr ""\n"' not in b]
        if blocks:
            problems.append("untranslated entries:\n" + "\n\n".join(blocks))
        n = sum(1 for line in pot.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")) - 1
    if problems:
        print("\n".join(problems))
        return 1
    print(f"catalogue complete: {n} msgids, each translated once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
