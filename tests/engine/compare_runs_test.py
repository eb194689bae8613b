#!/usr/bin/python3
"""The comparer of a single and a merged run (compare_runs.py) finds what it must and only that (issue 22).

  tests/engine/compare_runs_test.py LANDRENEW DEMO_DIR WORK_DIR

Runs the demo twice (--threads 1 and --threads 2) and checks, through the command line:
  - the two runs compare equal (exit 0);
  - one count changed in summary.json (industrial.parcels + 1) compares unequal (exit 1) and is named with both
    values;
and, calling the comparer on copies of the second run with one thing changed:
  - a real changed by 1e-6 relative (industrial.mu) is found; one changed by 1e-12 relative is not (the tolerance
    is 1e-9 relative, not zero);
  - the clusters listed in reverse order compare equal (matched by id); a cluster's mu changed is found;
  - a boolean turned into 0 (an integer) and a string changed are found;
  - tables.xlsx: one cell's real changed by 1e-6 relative, and one cell's text changed, are found;
  - landrenew.gpkg: the parcels' fids permuted (feature order reversed) compares equal; one parcel's area_mu
    changed by 1e-6 relative, one building deleted, and one cluster's geometry moved by 1 m are found.
Exit 0 when all hold, 1 otherwise (each failed check printed).
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # importing compare_runs must leave no __pycache__ in the tree
import compare_runs  # noqa: E402

COMPARE = os.path.join(HERE, "compare_runs.py")
failures = []


def check(what, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f"\n     {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(what)


def run_demo(landrenew, demo, out, threads):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([landrenew, "run", os.path.join(demo, "project.toml"), "-o", out, "-q", "--threads",
                    str(threads)], check=True)


def variant(base, work, name):
    """A copy of the folder `base` to change one thing in."""
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(base, d)
    return d


def edit_summary(folder, change):
    path = os.path.join(folder, "summary.json")
    with open(path, encoding="utf-8") as f:
        s = json.load(f)
    change(s)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(s, f, ensure_ascii=False, indent=2)


def summary_diffs(single, merged):
    diffs = compare_runs.Diffs(100)
    compare_runs.compare_summary(os.path.join(single, "summary.json"), os.path.join(merged, "summary.json"),
                                 1e-9, diffs)
    return [f"{p}: {compare_runs.show(a)} | {compare_runs.show(b)}" for p, a, b in diffs.by_file["summary.json"]]


def file_diffs(compare, name, single, merged, *extra):
    diffs = compare_runs.Diffs(100)
    compare(os.path.join(single, name), os.path.join(merged, name), *extra, 1e-9, diffs)
    return [f"{p}: {compare_runs.show(a)} | {compare_runs.show(b)}" for p, a, b in diffs.by_file[name]]


def gpkg_sql(folder, *statements):
    from osgeo import gdal

    gdal.UseExceptions()
    # Through GDAL's GeoPackage driver: its SQL functions (ST_IsEmpty, …) serve the R-tree triggers.
    ds = gdal.OpenEx(os.path.join(folder, "landrenew.gpkg"), gdal.OF_VECTOR | gdal.OF_UPDATE)
    for sql in statements:
        ds.ExecuteSQL(sql)
    ds = None


def move_geometry(folder, layer_name, fid, dx):
    """Moves one feature's geometry by dx metres east (every vertex)."""
    from osgeo import gdal

    gdal.UseExceptions()
    ds = gdal.OpenEx(os.path.join(folder, "landrenew.gpkg"), gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = ds.GetLayerByName(layer_name)
    feature = layer.GetFeature(fid)
    geom = feature.GetGeometryRef().Clone()

    def shift(g):
        for k in range(g.GetGeometryCount()):
            shift(g.GetGeometryRef(k))
        for k in range(g.GetPointCount()):
            g.SetPoint_2D(k, g.GetX(k) + dx, g.GetY(k))

    shift(geom)
    feature.SetGeometry(geom)
    layer.SetFeature(feature)
    ds = None


def cli(single, merged):
    p = subprocess.run([sys.executable, COMPARE, single, merged], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    landrenew, demo, work = (os.path.abspath(a) for a in sys.argv[1:4])
    os.makedirs(work, exist_ok=True)
    a, b = os.path.join(work, "single"), os.path.join(work, "again")
    run_demo(landrenew, demo, a, 1)
    run_demo(landrenew, demo, b, 2)

    code, out = cli(a, b)
    check("two runs of the demo (1 and 2 threads) compare equal: exit 0", code == 0, out[-2000:])

    v = variant(b, work, "count")
    edit_summary(v, lambda s: s["industrial"].__setitem__("parcels", s["industrial"]["parcels"] + 1))
    code, out = cli(a, v)
    check("industrial.parcels + 1: exit 1, named with both values",
          code == 1 and "summary.json: industrial.parcels: 2747 | 2748" in out, out[-2000:])

    mu = 47293.52736151441
    v = variant(b, work, "real")
    edit_summary(v, lambda s: s["industrial"].__setitem__("mu", s["industrial"]["mu"] * (1 + 1e-6)))
    d = summary_diffs(a, v)
    check("industrial.mu changed by 1e-6 relative: found", len(d) == 1 and d[0].startswith("industrial.mu: 4729"),
          d)
    edit_summary(v, lambda s: s["industrial"].__setitem__("mu", mu * (1 + 1e-12)))
    d = summary_diffs(a, v)
    check("industrial.mu changed by 1e-12 relative: within the tolerance", d == [], d)

    edit_summary(v, lambda s: s["industrial"].__setitem__("mu", mu))
    edit_summary(v, lambda s: s["clusters"].reverse())
    d = summary_diffs(a, v)
    check("clusters in reverse order: equal (matched by id)", d == [], d)
    edit_summary(v, lambda s: s["clusters"][5].__setitem__("mu", s["clusters"][5]["mu"] * 1.001))
    d = summary_diffs(a, v)
    check("one cluster's mu changed: found under clusters[id=…].mu",
          len(d) == 1 and d[0].startswith("clusters[id=LP0658].mu: "), d)

    v = variant(b, work, "types")
    edit_summary(v, lambda s: (s["parks"][0].__setitem__("meets_target", 0),
                               s["districts"][1].__setitem__("name", "南浔")))
    d = summary_diffs(a, v)
    check("a boolean become 0 and a district's name changed: both found",
          len(d) == 2 and any("meets_target: false | 0" in x for x in d)
          and any("districts[code=330503]: " in x or "districts[code=330503].name" in x for x in d), d)

    # openpyxl writes an empty string as an empty cell: both sides go through it, the changed one with its changes.
    import openpyxl

    x0, x1 = variant(b, work, "xlsx-as-saved"), variant(b, work, "xlsx")
    openpyxl.load_workbook(os.path.join(x0, "tables.xlsx")).save(os.path.join(x0, "tables.xlsx"))
    wb = openpyxl.load_workbook(os.path.join(x1, "tables.xlsx"))
    ws = wb["连片"]
    ws.cell(row=3, column=4).value = ws.cell(row=3, column=4).value * (1 + 1e-6)
    wb["园区"].cell(row=2, column=2).value = "南太湖"
    wb.save(os.path.join(x1, "tables.xlsx"))
    d = file_diffs(compare_runs.compare_xlsx, "tables.xlsx", x0, x1)
    check("tables.xlsx: a real cell changed by 1e-6 relative and a text cell changed: both found",
          len(d) == 2 and any(x.startswith("sheet 连片[连片编号=LP0002].面积(亩)") for x in d)
          and any(x.startswith("sheet 园区[园区编号=P01].园区名称: 南太湖新区 | 南太湖") for x in d), d)

    v = variant(b, work, "order")
    gpkg_sql(v, "UPDATE parcels SET fid = -fid", "UPDATE parcels SET fid = 100000 + fid")
    d = file_diffs(compare_runs.compare_gpkg, "landrenew.gpkg", a, v, "wkb")
    check("landrenew.gpkg: parcels' fids permuted (order reversed): equal", d == [], d)

    v = variant(b, work, "gpkg")
    gpkg_sql(v, "UPDATE parcels SET area_mu = area_mu * (1 + 1e-6) WHERE fid = 7",
             "DELETE FROM buildings_after WHERE fid = 11")
    move_geometry(v, "clusters", 3, 1.0)
    for mode in ("wkb", "measures"):
        d = file_diffs(compare_runs.compare_gpkg, "landrenew.gpkg", a, v, mode)
        check(f"landrenew.gpkg ({mode}): a real attribute changed by 1e-6, a feature deleted, a geometry moved: "
              "all found",
              any(x.startswith("layer parcels[") and ".area_mu: " in x for x in d)
              and any(x.startswith("buildings_after (feature count): 5670 | 5669") for x in d)
              and any(x.startswith("layer buildings_after: row only in the single run") for x in d)
              and any(x.startswith("layer clusters[cluster_id=LP0003].geom") for x in d), d)

    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
