#!/usr/bin/python3
"""Writes the realistic-variants corpus (issue 17, item 4): one folder per variant of variants.py, each with a
project.toml, the inputs the variant changes, and symlinks to the demo's other inputs.

    make_variants.py OUT_DIR [--demo geodata/huzhou-demo] [--only NAME ...] [--list]

Exits 77 (ctest: skipped) when /usr/bin/python3 lacks openpyxl, xlwt, odf or osgeo (python3-openpyxl,
python3-xlwt, python3-odf, python3-gdal; scripts/install-deps --test installs them).
"""
import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import kit  # noqa: E402
import variants  # noqa: E402,F401  (fills kit.VARIANTS)

MODULES = ("openpyxl", "xlwt", "odf", "osgeo")


def missing_modules():
    missing = []
    for m in MODULES:
        try:
            __import__(m)
        except ImportError:
            missing.append(m)
    return missing


def make(name, out, demo):
    fn = kit.VARIANTS[name][0]
    folder = out / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    fn(kit.Variant(demo, folder))
    if not (folder / "project.toml").is_file():
        raise RuntimeError(f"variant {name} wrote no project.toml")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--demo", default=str(HERE.parent.parent / "geodata" / "huzhou-demo"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--list", action="store_true", help="print the variants' names, one a line, and exit")
    args = ap.parse_args()
    if args.list:
        print("\n".join(kit.VARIANTS))
        return 0
    if not args.out:
        ap.error("OUT_DIR is needed")
    missing = missing_modules()
    if missing:
        print(f"make_variants: /usr/bin/python3 lacks {', '.join(missing)} (scripts/install-deps --test installs "
              "them); skipped")
        return 77
    names = args.only or list(kit.VARIANTS)
    unknown = [n for n in names if n not in kit.VARIANTS]
    if unknown:
        print(f"make_variants: unknown variants {unknown}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        make(name, out, Path(args.demo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
