"""Issue 18 / RULES 23: the demo's register as an XLSX keyed by ZDDM (no geometry; variants.py
register_xlsx_by_parcel_codes) against the demo's polygon register.

    register_by_codes.py --landrenew BIN --demo geodata/huzhou-demo --work DIR

Checks, deriving every expected figure here with GDAL/GEOS rather than taking it from a run:
  1. both runs count the same records;
  2. a record whose polygon is its listed parcels (symmetric difference below 1 m²) has the same industrial mu in
     both runs, and the code run's footprint_parcels lists its codes;
  3. the freed totals differ by area(∪ counted listed-parcel footprints ∩ industrial land) − area(∪ counted
     polygons ∩ industrial land), both unions computed here from the inputs and the run's industrial flags.
Exit 0 when all hold, 1 otherwise, 77 when /usr/bin/python3 lacks osgeo or openpyxl.
"""
import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
M2_PER_MU = 10000.0 / 15.0


def run(landrenew, project, out):
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([landrenew, "run", str(project), "-o", str(out), "-q"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"landrenew run {project} failed ({p.returncode}): {p.stderr}")
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def records(ogr, out):
    ds = ogr.Open(str(out / "landrenew.gpkg"))
    return {f.GetField("record_id"): {k: f.GetField(k) for k in ("counted", "industrial_mu", "footprint_parcels")}
            for f in ds.GetLayerByName("renewal")}


def union(ogr, geoms):
    multi = ogr.Geometry(ogr.wkbMultiPolygon)

    def add(g):  # the polygons of a polygon, multipolygon or collection (MakeValid may give one)
        if g is None or g.IsEmpty():
            return
        t = ogr.GT_Flatten(g.GetGeometryType())
        if t == ogr.wkbPolygon:
            multi.AddGeometry(g)
        elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
            for k in range(g.GetGeometryCount()):
                add(g.GetGeometryRef(k))
    for g in geoms:
        add(g)
    return multi.UnionCascaded()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    try:
        from osgeo import ogr
        import openpyxl  # noqa: F401
    except ImportError:
        return 77
    ogr.UseExceptions()
    from osgeo import gdal
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # the demo's planted self-intersections
    import kit
    import variants
    demo, work = Path(a.demo).resolve(), Path(a.work)
    folder = work / "register_by_codes"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    variants.register_xlsx_by_parcel_codes(kit.Variant(demo, folder))
    poly_sum = run(a.landrenew, demo / "project.toml", work / "out-polygons")
    code_sum = run(a.landrenew, folder / "project.toml", work / "out-codes")
    poly, code = records(ogr, work / "out-polygons"), records(ogr, work / "out-codes")
    problems = []

    # 1. The same records count.
    counted = sorted(r for r, v in poly.items() if v["counted"])
    if counted != sorted(r for r, v in code.items() if v["counted"]):
        problems.append("the two registers do not count the same records")

    # Inputs: parcels by code, the run's industrial parcels (by source FID), the register's polygons and codes.
    pds = ogr.Open(str(demo / "parcels.shp"))
    parcels, by_code = {}, {}
    for f in pds.GetLayer():
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        parcels[f.GetFID()] = g.Clone() if g.IsValid() else g.MakeValid()  # landrenew repairs them too
        by_code.setdefault((f.GetField("ZDDM") or "").strip().upper(), []).append(f.GetFID())
    out = ogr.Open(str(work / "out-polygons" / "landrenew.gpkg"))
    industrial = [parcels[f.GetField("source_fid")] for f in out.GetLayerByName("parcels")
                  if f.GetField("industrial") == 1 and f.GetField("source_fid") in parcels]
    land = union(ogr, industrial)
    rds = ogr.Open(str(demo / "renewal.gpkg"))
    polygon_of, listed_of = {}, {}
    for f in rds.GetLayerByName("renewal"):
        rid = f.GetField("XMBH")
        polygon_of[rid] = f.GetGeometryRef().Clone()
        codes = [c.strip().upper() for c in (f.GetField("ZDDM") or "").split(";") if c.strip()]
        listed_of[rid] = (codes, union(ogr, [parcels[p] for c in codes for p in by_code.get(c, [])]))

    # 2. Where the footprints are the same parcels, the same industrial land; elsewhere the two differ by no more
    # than the area of the footprints' symmetric difference (the industrial land either may gain or lose).
    same = 0
    for rid, (codes, listed) in listed_of.items():
        if code[rid]["footprint_parcels"] != ";".join(codes):
            problems.append(f"{rid}: footprint_parcels {code[rid]['footprint_parcels']!r}, listed {codes}")
        apart = polygon_of[rid].SymDifference(listed).GetArea() / M2_PER_MU
        same += apart < 1e-9
        if abs(poly[rid]["industrial_mu"] - code[rid]["industrial_mu"]) > apart + 1e-6:
            problems.append(f"{rid}: industrial mu {poly[rid]['industrial_mu']} from its polygon, "
                            f"{code[rid]['industrial_mu']} from its listed parcels, which differ by {apart} mu")

    # 3. The totals differ by what the footprints differ on industrial land.
    u_poly = union(ogr, [polygon_of[r] for r in counted]).Intersection(land).GetArea() / M2_PER_MU
    u_code = union(ogr, [listed_of[r][1] for r in counted]).Intersection(land).GetArea() / M2_PER_MU
    expected = u_code - u_poly
    measured = code_sum["freed"]["mu"] - poly_sum["freed"]["mu"]
    if abs(u_poly - poly_sum["freed"]["mu"]) > 0.01:
        problems.append(f"the polygon register frees {poly_sum['freed']['mu']:.4f} mu, derived here {u_poly:.4f}")
    if abs(measured - expected) > 0.01:
        problems.append(f"freed differs by {measured:.4f} mu, derived {expected:.4f} mu")
    print(f"{same} of {len(listed_of)} records' polygons are exactly their listed parcels; freed {poly_sum['freed']['mu']:.2f} "
          f"mu (polygons) vs {code_sum['freed']['mu']:.2f} mu (codes): {measured:+.4f} mu, derived {expected:+.4f} mu "
          f"from the footprints' difference on industrial land")
    for p in problems[:20]:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
