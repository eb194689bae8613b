#!/usr/bin/python3
"""Compares two landrenew output folders: a single run and a merged partitioned run (issue 22, item 4).

  tests/engine/compare_runs.py SINGLE_DIR MERGED_DIR [--geometry wkb|measures] [--tolerance 1e-9] [--limit N]


The rule of equality (issue 22): the merged folder holds every file a normal run writes, and

  summary.json    the same keys at every level; integers, booleans, strings and nulls exactly; every real within
                  1e-9 relative (1e-9 absolute near zero: |a - b| <= 1e-9 * max(|a|, |b|, 1)); lists element by
                  element, except four lists of records that are matched by their key, their order not compared:
                  districts (code), parks (id), clusters (id), findings.warnings (kind). An integer on one side
                  and a real on the other is a difference.
  tables.xlsx     the same sheets; each sheet holds the same rows as multisets of rows (header row included),
                  numbers with the same tolerance (two integers exactly), text exactly.
  landrenew.gpkg  the same layers (layer_styles included); each layer has the same feature count, the same
                  columns and the same rows as multisets, the fid and feature order ignored (and the freed
                  pieces' numbers, ORDER_COLUMNS, in the layer and in its sheet); attributes with the
                  same tolerance; geometries (--geometry):
                    wkb       (default) the WKB of each geometry byte for byte;
                    measures  area, length, centroid and envelope each within the tolerance (vertex order and a
                              polygon's starting point may then differ).
                  In wkb mode a row whose geometry differs but whose measures agree is named as such.
  landrenew.qgs   byte for byte.
  report.html     byte for byte except its section "数据来源与版本" (<section><h2 id="manifest">…</section>), which
                  shows manifest.json and ends with the run-time line (start time, seconds).
  manifest.json   allowed to differ (the command, the time, the project file and the inputs with their paths
                  and hashes are the run's own): only checked to exist and to parse.

Exit 0 when the folders are equal; otherwise every difference is printed, one a line, as
`file: key path: single value | merged value`, and the exit is 1. Exit 2 when a folder cannot be read.
"""

import argparse
import json
import math
import os
import re
import sys
from collections import defaultdict

# The output files of a run. Each entry: the comparer that applies to it.
COMPARED = ("summary.json", "tables.xlsx", "landrenew.gpkg", "landrenew.qgs", "report.html", "manifest.json")

# Columns that number the rows of a layer (and of its sheet in tables.xlsx, by its Chinese heading) in the
# order they are written: the freed pieces are numbered over the whole run, and a merge writes the partitions'
# pieces in RULES.md 17's attribution order but cannot always reproduce the tie-breaks among pieces of one
# record. Left out of the comparison like the feature order (the rows are still compared as multisets).
ORDER_COLUMNS = {"freed": "piece", "地块序号": "地块序号"}

# Lists of records in summary.json matched by their key: their order is not a figure.
KEYED_LISTS = {"districts": "code", "parks": "id", "clusters": "id", "findings.warnings": "kind"}

# report.html's section "数据来源与版本" is manifest.json shown (project file, inputs, their hashes) and ends with the
# run-time line: left out of the comparison, as manifest.json is.
NOT_COMPARED_IN_REPORT = re.compile(rb'<section><h2 id="manifest">.*?</section>|<span id="run-time">.*?</span>', re.S)


class Diffs:
    """Collects differences; prints them at the end (the first `limit` per file, then a count)."""

    def __init__(self, limit):
        self.limit = limit
        self.by_file = defaultdict(list)

    def add(self, file, path, single, merged):
        self.by_file[file].append((path, single, merged))

    def count(self):
        return sum(len(v) for v in self.by_file.values())

    def print(self, out):
        for file, rows in self.by_file.items():
            shown = rows[: self.limit] if self.limit > 0 else rows
            for path, single, merged in shown:
                print(f"{file}: {path}: {show(single)} | {show(merged)}", file=out)
            if len(rows) > len(shown):
                print(f"{file}: … and {len(rows) - self.limit} more differences (--limit)", file=out)


def show(v):
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, bytes):  # a geometry's WKB: its measures
        try:
            from osgeo import ogr

            return f"WKB of {len(v)} bytes {Measures(ogr.CreateGeometryFromWkb(v))!r}"
        except Exception:  # not WKB after all
            return f"<{len(v)} bytes>"
    s = json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v
    return s if len(s) <= 200 else s[:200] + "…"


def is_real(v):
    return isinstance(v, float)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def close(a, b, tol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol * max(abs(a), abs(b), 1.0)


def values_equal(a, b, tol):
    """Cell or attribute values: two integers exactly, numbers within tol, anything else exactly."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (type(a) is type(b) and a == b)
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if is_number(a) and is_number(b):
        return close(float(a), float(b), tol)
    return type(a) is type(b) and a == b


# ---------------------------------------------------------------------------------------------------------
# summary.json


def compare_json(a, b, path, tol, diffs, file):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                diffs.add(file, f"{path}.{k}" if path else k, a[k], "(missing)")
        for k in b:
            if k not in a:
                diffs.add(file, f"{path}.{k}" if path else k, "(missing)", b[k])
        for k in a:
            if k in b:
                compare_json(a[k], b[k], f"{path}.{k}" if path else k, tol, diffs, file)
    elif isinstance(a, list) and isinstance(b, list):
        key = KEYED_LISTS.get(path)
        if key is not None and all(isinstance(x, dict) and key in x for x in a + b):
            compare_keyed(a, b, path, key, tol, diffs, file)
            return
        if len(a) != len(b):
            diffs.add(file, f"{path} (length)", len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            compare_json(x, y, f"{path}[{i}]", tol, diffs, file)
    elif is_real(a) and is_real(b):
        if not close(a, b, tol):
            diffs.add(file, path, a, b)
    elif type(a) is not type(b) or a != b:  # ints, bools, strings, null; or two different types
        diffs.add(file, path, a, b)


def compare_keyed(a, b, path, key, tol, diffs, file):
    """A list of records matched by `key` (sorted by it: the key is unique in a run's summary)."""
    ma, mb = defaultdict(list), defaultdict(list)
    for x in a:
        ma[str(x[key])].append(x)
    for x in b:
        mb[str(x[key])].append(x)
    for k in sorted(set(ma) | set(mb)):
        xs, ys = ma.get(k, []), mb.get(k, [])
        here = f"{path}[{key}={k}]"
        if len(xs) != len(ys):
            diffs.add(file, f"{here} (records with this {key})", len(xs), len(ys))
        for x, y in zip(xs, ys):
            compare_json(x, y, here, tol, diffs, file)


def drop_key(doc, dotted):
    """Removes a dotted key ("findings.warnings") from a summary, if present."""
    *parents, last = dotted.split(".")
    for k in parents:
        doc = doc.get(k, {}) if isinstance(doc, dict) else {}
    if isinstance(doc, dict):
        doc.pop(last, None)


def compare_summary(single, merged, tol, diffs, file="summary.json", as_merge_says=False):
    with open(single, encoding="utf-8") as f:
        a = json.load(f)
    with open(merged, encoding="utf-8") as f:
        b = json.load(f)
    if as_merge_says:  # what the merge says it has not recombined yet is left out of both
        for key in b.get("merge", {}).get("not_merged", []):
            drop_key(a, key)
            drop_key(b, key)
        b.pop("merge", None)
    compare_json(a, b, "", tol, diffs, file)


# ---------------------------------------------------------------------------------------------------------
# Rows as multisets (tables.xlsx sheets, GeoPackage layers)


def compare_row_multisets(name, columns, rows_a, rows_b, tol, diffs, file, approx_cols=()):
    """rows_*: tuples, one value per column. Rows are grouped by their exact values (reals and the columns in
    approx_cols left out); within a group they are paired in order of their reals and compared within tol.
    Rows left without a partner are paired by their first column where that is unique (e.g. an id), to name
    the differing columns; the rest are printed whole."""
    if len(rows_a) != len(rows_b):
        diffs.add(file, f"{name} (rows)", len(rows_a), len(rows_b))

    def approximate(i, v):
        return isinstance(v, float) or i in approx_cols

    def exact_key(row):  # every value but the reals (and approx_cols); a boolean apart from an integer
        return tuple(None if approximate(i, v) else (v, "bool") if isinstance(v, bool) else v
                     for i, v in enumerate(row))

    def approx_sort_key(row):  # the reals (and approx_cols), to pair rows within a group
        out = []
        for i, v in enumerate(row):
            if not approximate(i, v):
                continue
            if isinstance(v, Measures):
                out.append((1, v.kind, v.values))
            elif v is None:
                out.append((2,))
            else:
                out.append((0, float(v)))
        return tuple(out)

    ga, gb = defaultdict(list), defaultdict(list)
    for r in rows_a:
        ga[exact_key(r)].append(r)
    for r in rows_b:
        gb[exact_key(r)].append(r)
    left_a, left_b = [], []
    for k in list(ga) + [k for k in gb if k not in ga]:  # the single run's order first: a stable printout
        xs = sorted(ga.get(k, []), key=approx_sort_key)
        ys = sorted(gb.get(k, []), key=approx_sort_key)
        n = min(len(xs), len(ys))
        for x, y in zip(xs[:n], ys[:n]):
            if not all(cell_equal(u, v, tol) for u, v in zip(x, y)):
                left_a.append(x)
                left_b.append(y)
        left_a.extend(xs[n:])
        left_b.extend(ys[n:])
    if not left_a and not left_b:
        return

    # Pair what is left by the first column, where it names one row on each side.
    by_id_a, by_id_b = defaultdict(list), defaultdict(list)
    for r in left_a:
        by_id_a[repr(r[0])].append(r)
    for r in left_b:
        by_id_b[repr(r[0])].append(r)
    for ident in list(by_id_a) + [i for i in by_id_b if i not in by_id_a]:
        xs, ys = by_id_a.get(ident, []), by_id_b.get(ident, [])
        if len(xs) == 1 and len(ys) == 1:
            for col, u, v in zip(columns, xs[0], ys[0]):
                if not cell_equal(u, v, tol):
                    diffs.add(file, f"{name}[{columns[0]}={show(xs[0][0])}].{col}", u, v)
            continue
        for r in xs:
            diffs.add(file, f"{name}: row only in the single run", dict(zip(columns, r)), "(none)")
        for r in ys:
            diffs.add(file, f"{name}: row only in the merged run", "(none)", dict(zip(columns, r)))


def cell_equal(u, v, tol):
    if isinstance(u, Measures) and isinstance(v, Measures):
        return u.close(v, tol)
    return values_equal(u, v, tol)


# ---------------------------------------------------------------------------------------------------------
# tables.xlsx


def compare_xlsx(single, merged, tol, diffs, file="tables.xlsx"):
    import openpyxl

    def sheets(path):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
        finally:
            wb.close()

    a, b = sheets(single), sheets(merged)
    if list(a) != list(b):
        diffs.add(file, "sheets", list(a), list(b))
    for title in a:
        if title not in b:
            continue
        width = max((len(r) for r in a[title] + b[title]), default=0)
        pad = lambda rows: [r + (None,) * (width - len(r)) for r in rows]  # noqa: E731
        header = a[title][0] if a[title] else ()
        columns = [str(header[i]) if i < len(header) and header[i] is not None else f"column {i + 1}"
                   for i in range(width)]
        keep = [i for i, c in enumerate(columns) if c not in ORDER_COLUMNS.values()]
        cut = lambda rows: [tuple(r[i] for i in keep) for r in rows]  # noqa: E731
        compare_row_multisets(f"sheet {title}", [columns[i] for i in keep], cut(pad(a[title])), cut(pad(b[title])),
                              tol, diffs, file)


# ---------------------------------------------------------------------------------------------------------
# landrenew.gpkg


class Measures:
    """A geometry by its measures: area, length, centroid, envelope (for --geometry measures)."""

    def __init__(self, geom):
        if geom is None or geom.IsEmpty():
            self.values = ()
            self.kind = "empty" if geom is not None else "null"
        else:
            c = geom.Centroid()
            e = geom.GetEnvelope()
            dim = geom.GetDimension()  # a surface's length is its boundary's (Length() warns on surfaces)
            length = geom.Boundary().Length() if dim == 2 else geom.Length() if dim == 1 else 0.0
            area = geom.GetArea() if dim == 2 else 0.0
            self.values = (area, length, c.GetX(), c.GetY(), *e)
            self.kind = geom.GetGeometryName()

    def close(self, other, tol):
        return self.kind == other.kind and len(self.values) == len(other.values) and all(
            close(x, y, tol) for x, y in zip(self.values, other.values))

    def __repr__(self):
        return f"({self.kind} area={self.values[0]!r} length={self.values[1]!r} centroid=({self.values[2]!r}, " \
               f"{self.values[3]!r}))" if self.values else f"({self.kind})"


def gpkg_wkb(blob):
    """The WKB inside a GeoPackage geometry blob (after its header and envelope: GeoPackage 1.3, 2.1.3)."""
    if blob is None:
        return None
    if blob[:2] != b"GP":
        raise ValueError("a geometry blob without the GP magic")
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return bytes(blob[8 + envelope:])


def layer_names(db):
    return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid")]


def read_layer(db, name, geometry_mode):
    """One layer (a table of gpkg_contents) read with SQLite itself: columns but the primary key (fid), the
    geometry last, as WKB or Measures."""
    quoted = '"' + name.replace('"', '""') + '"'
    info = db.execute(f"PRAGMA table_info({quoted})").fetchall()  # cid, name, type, notnull, default, pk
    geom = db.execute("SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
                      "WHERE table_name = ?", (name,)).fetchone()
    columns = [(c[1], c[2]) for c in info if not c[5] and (geom is None or c[1] != geom[0])]
    if geom is not None:
        columns.append((geom[0], c_type(info, geom[0])))
    select = ", ".join('"' + c.replace('"', '""') + '"' for c, _ in columns)
    rows = db.execute(f"SELECT {select} FROM {quoted}").fetchall()
    if geom is not None:
        if geometry_mode == "wkb":
            rows = [r[:-1] + (gpkg_wkb(r[-1]),) for r in rows]
        else:
            from osgeo import ogr

            rows = [r[:-1] + (Measures(ogr.CreateGeometryFromWkb(gpkg_wkb(r[-1])) if r[-1] else None),)
                    for r in rows]
    srs = None
    if geom is not None:
        org = db.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                         "WHERE srs_id = ?", (geom[2],)).fetchone()
        srs = f"{org[0]}:{org[1]}" if org else f"srs_id {geom[2]}"
    return {"columns": [c for c, _ in columns], "types": [t for _, t in columns], "rows": rows,
            "count": len(rows), "srs": srs, "geometry": geom is not None}


def c_type(info, column):
    return next(c[2] for c in info if c[1] == column)


def compare_gpkg(single, merged, geometry_mode, tol, diffs, file="landrenew.gpkg"):
    import sqlite3

    da = sqlite3.connect(f"file:{single}?mode=ro", uri=True)
    db = sqlite3.connect(f"file:{merged}?mode=ro", uri=True)
    try:
        names_a, names_b = layer_names(da), layer_names(db)
        if names_a != names_b:
            diffs.add(file, "layers", names_a, names_b)
        for name in names_a:
            if name in names_b:  # one layer at a time on both sides: the memory of one layer
                compare_layer(name, read_layer(da, name, geometry_mode), read_layer(db, name, geometry_mode),
                              geometry_mode, tol, diffs, file)
    finally:
        da.close()
        db.close()


def compare_layer(name, la, lb, geometry_mode, tol, diffs, file):
    if la["count"] != lb["count"]:
        diffs.add(file, f"{name} (feature count)", la["count"], lb["count"])
    if la["columns"] != lb["columns"] or la["types"] != lb["types"]:
        diffs.add(file, f"{name} (columns)", list(zip(la["columns"], la["types"])),
                  list(zip(lb["columns"], lb["types"])))
        return
    if la["srs"] != lb["srs"]:
        diffs.add(file, f"{name} (CRS)", la["srs"], lb["srs"])
    if ORDER_COLUMNS.get(name) in la["columns"]:
        drop = la["columns"].index(ORDER_COLUMNS[name])
        cut = lambda layer: {**layer, "columns": [c for i, c in enumerate(layer["columns"]) if i != drop],  # noqa: E731
                             "rows": [r[:drop] + r[drop + 1:] for r in layer["rows"]]}
        la, lb = cut(la), cut(lb)
    geom_col = len(la["columns"]) - 1 if la["geometry"] else None
    approx = (geom_col,) if geometry_mode == "measures" and geom_col is not None else ()
    before = diffs.count()
    compare_row_multisets(f"layer {name}", la["columns"], la["rows"], lb["rows"], tol, diffs, file, approx)
    if geometry_mode == "wkb" and geom_col is not None and diffs.count() > before:
        note_geometry_only(name, la, lb, geom_col, tol, diffs, file)


def note_geometry_only(name, la, lb, geom_col, tol, diffs, file):
    """In wkb mode: says whether the rows would match if geometries were compared by their measures."""
    from osgeo import ogr

    def as_measures(rows):
        return [r[:geom_col] + (Measures(ogr.CreateGeometryFromWkb(r[geom_col]) if r[geom_col] else None),)
                + r[geom_col + 1:] for r in rows]

    probe = Diffs(0)
    compare_row_multisets(name, la["columns"], as_measures(la["rows"]), as_measures(lb["rows"]), tol, probe, file,
                          (geom_col,))
    if probe.count() == 0:
        diffs.add(file, f"layer {name} (note)", "the rows above differ only in their geometries' WKB",
                  "area, length, centroid and envelope agree within the tolerance (--geometry measures)")


# ---------------------------------------------------------------------------------------------------------
# The other files


def compare_bytes(single, merged, diffs, file, strip=None):
    with open(single, "rb") as f:
        a = f.read()
    with open(merged, "rb") as f:
        b = f.read()
    if strip is not None:
        a, b = strip.sub(b"", a), strip.sub(b"", b)
    if a == b:
        return
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            diffs.add(file, f"line {i + 1} (first differing line)", x.decode("utf-8", "replace")[:200],
                      y.decode("utf-8", "replace")[:200])
            return
    diffs.add(file, "lines", len(la), len(lb))


def compare_dirs(single, merged, geometry_mode="wkb", tol=1e-9, limit=0, as_merge_says=False, skipped=None):
    diffs = Diffs(limit)
    for name in COMPARED:
        pa, pb = os.path.join(single, name), os.path.join(merged, name)
        if not os.path.isfile(pa):
            raise FileNotFoundError(f"{pa}: not in the single run's folder")
        if not os.path.isfile(pb):
            if as_merge_says and name != "summary.json":
                skipped.append(name)
                continue
            diffs.add(name, "(file)", "present", "(missing)")
            continue
        if name == "summary.json":
            compare_summary(pa, pb, tol, diffs, as_merge_says=as_merge_says)
        elif name == "tables.xlsx":
            compare_xlsx(pa, pb, tol, diffs)
        elif name == "landrenew.gpkg":
            compare_gpkg(pa, pb, geometry_mode, tol, diffs)
        elif name == "report.html":
            compare_bytes(pa, pb, diffs, name, NOT_COMPARED_IN_REPORT)
        elif name == "manifest.json":
            with open(pb, encoding="utf-8") as f:
                try:
                    json.load(f)
                except ValueError as e:
                    diffs.add(name, "(parse)", "JSON", str(e))
        else:
            compare_bytes(pa, pb, diffs, name)
    extra = sorted(set(os.listdir(merged)) - set(os.listdir(single)))
    missing = sorted(set(os.listdir(single)) - set(os.listdir(merged)) - set(COMPARED))
    for name in extra:
        diffs.add(name, "(file)", "(missing)", "present")
    for name in missing:
        diffs.add(name, "(file)", "present", "(missing)")
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("single", metavar="SINGLE_DIR", help="OUT_DIR of a single `landrenew run`")
    ap.add_argument("merged", metavar="MERGED_DIR", help="OUT_DIR of `landrenew merge`")
    ap.add_argument("--geometry", choices=("wkb", "measures"), default="wkb",
                    help="compare geometries by their WKB (default) or by area, length, centroid and envelope")
    ap.add_argument("--tolerance", type=float, default=1e-9, help="relative tolerance for reals (default 1e-9)")
    ap.add_argument("--limit", type=int, default=0,
                    help="print at most N differences per file, and how many more there are (default: all)")
    ap.add_argument("--as-merge-says", action="store_true",
                    help="leave out what the merge says it has not recombined yet (summary.json merge.not_merged) "
                         "and the files it does not write yet, and name them; everything else as without it")
    args = ap.parse_args()
    for d in (args.single, args.merged):
        if not os.path.isdir(d):
            print(f"compare_runs: {d}: not a folder", file=sys.stderr)
            return 2
    try:
        skipped = []
        diffs = compare_dirs(args.single, args.merged, args.geometry, args.tolerance, args.limit,
                             args.as_merge_says, skipped)
        if args.as_merge_says:
            with open(os.path.join(args.merged, "summary.json"), encoding="utf-8") as f:
                left = json.load(f).get("merge", {}).get("not_merged", [])
            print(f"compare_runs: not compared, as the merge says it does not recombine them yet: summary.json "
                  f"{', '.join(left) or '(nothing)'}; files {', '.join(skipped) or '(none)'}")
    except (OSError, ValueError, RuntimeError) as e:
        print(f"compare_runs: {e}", file=sys.stderr)
        return 2
    if diffs.count():
        diffs.print(sys.stdout)
        print(f"compare_runs: {diffs.count()} differences between {args.single} (single) and {args.merged} (merged)")
        return 1
    print(f"compare_runs: {args.merged} equals {args.single} (reals within {args.tolerance:g} relative, "
          f"geometries by {args.geometry}; manifest.json and report.html's section of it not compared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
