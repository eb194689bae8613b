#!/usr/bin/python3
"""Writes the seed inputs of the fuzz targets into tests/fuzz/corpus/<target>/ (small files, committed; run
again only to change them). Crashes found by scripts/fuzz are added beside them as crash-<sha1> and replayed
by ctest (fuzz_replay_<target>).

    tests/fuzz/make_seeds.py
"""
import struct
from pathlib import Path

from osgeo import ogr, osr

HERE = Path(__file__).resolve().parent / "corpus"


def write(target, name, data):
    d = HERE / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def projects():
    write("project", "minimal.toml", '[parcels]\npath = "parcels.shp"\n')
    write("project", "full.toml", '''name = "湖州"
profile = "huzhou-2023"
analysis_crs = "EPSG:4549"
audit_date = "2026-12-31"
[parcels]
path = "parcels.shp"
encoding = "GBK"
crs = "EPSG:4549"
landuse_scheme = "GB/T 21010-2017"
[parcels.fields]
id = "ZDDM"
landuse = "DLBM"
credit_code = "QLRZJH"
[buildings_before]
path = "b.gpkg"
layer = "b2022"
label = "2022"
[districts]
path = "d.geojson"
[enterprises]
path = "e.xlsx"
layer = "亩均评价"
[enterprises.fields]
tax = "实缴税金(万元)"
[enterprises.units]
tax = "万元"
electricity = "万千瓦时"
''')
    write("project", "pg.toml", '[parcels]\npath = "PG:dbname=x password=secret"\nlayer = "public.zd"\n')


def profiles():
    write("profile", "base.toml", '''[profile]
name = "bureau"
version = "1"
base = "huzhou-2023"
[geometry]
area_mismatch_tolerance = 0.02
overlap_min_m2 = 2
[landuse]
ambiguous = "industrial"
industrial_names = ["工业用地"]
[[landuse.scheme]]
name = "x"
pattern = '^[0-9]{4}$'
industrial_codes = ["0601", "0602"]
[mujun]
percentiles = [20, 60, 90]
[[mujun.group]]
name = "规上"
size_values = ["规上", "是"]
[[mujun.group.indicators]]
metric = "tax_per_mu"
weight = 0.5
base = "mean"
cap = 3
[freed]
goal_mu = 30000
period_start = "2023-01-01"
period_end = "2027-12-31"
district_quotas = { "330502" = 4000.5 }
[clusters]
gap_m = 15
min_mu = 50
''')
    write("profile", "standalone.toml", '''[profile]
name = "small"
[landuse]
[[landuse.scheme]]
name = "s"
industrial_codes = ["M1"]
[admission]
name = "a"
[[admission.indicator]]
metric = "far"
compare = ">="
threshold = 1.2
[low_efficiency]
enterprise_classes = ["C", "D"]
tax_per_mu_mode = "district_mean"
admission_supplied_from = "2023-04-03"
[wuwei]
approved_not_supplied_years = 2
started_not_completed_built_share = 0.3333
''')


def cells():
    for i, text in enumerate(["12.5", "-3", "+1e3", " 4,5 ", "N/A", "1e400", "0x1p3", "2023-05-17", "2023/5/17",
                              "2023.5.17", "2023年5月17日", "20230517", "2023-02-29 12:00", "A;B、C，D／E|F",
                              "实缴税金（万元）", "\u3000 9133050006XXXXXX3Q \u3000", "91330500MA2B0000XX"]):
        write("cells", f"cell-{i:02d}", text)


def dbf_bytes(fields, records, ldid):
    """A dBASE III file: fields [(name, type, length)], records [[bytes per field]]."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = bytearray(struct.pack("<BBBBIHH20x", 3, 124, 11, 28, len(records), header_len, record_len))
    out[29] = ldid
    for name, kind, length in fields:
        out += name.encode("ascii").ljust(11, b"\0") + kind.encode("ascii") + b"\0" * 4 + bytes([length, 0]) + \
            b"\0" * 14
    out += b"\x0d"
    for rec in records:
        out += b" " + b"".join(v.ljust(f[2], b" ")[: f[2]] for v, f in zip(rec, fields))
    out += b"\x1a"
    return bytes(out)


def dbfs():
    fields = [("ZDDM", "C", 12), ("QLR", "C", 24), ("ZDMJ", "N", 10)]
    gbk = [[b"330502001", "湖州织里".encode("gbk"), b"1234.5"], [b"330502002", "南浔".encode("gbk"), b"88"]]
    utf8 = [[b"330502001", "湖州织里".encode("utf-8"), b"1234.5"]]
    # The first byte is even: no .cpg. Odd: (byte >> 1) bytes of .cpg follow.
    write("dbf_encoding", "gbk-ldid-0x4d", b"\0" + dbf_bytes(fields, gbk, 0x4D))
    write("dbf_encoding", "gbk-no-ldid", b"\0" + dbf_bytes(fields, gbk, 0))
    write("dbf_encoding", "utf8-no-ldid", b"\0" + dbf_bytes(fields, utf8, 0))
    cpg = b"ANSI 936"
    write("dbf_encoding", "cpg-ansi-936", bytes([len(cpg) << 1 | 1]) + cpg + dbf_bytes(fields, gbk, 0x57))
    cpg = b"UTF-8"
    write("dbf_encoding", "cpg-utf8", bytes([len(cpg) << 1 | 1]) + cpg + dbf_bytes(fields, utf8, 0))


def geometries():
    wkts = {
        "square": "POLYGON ((0 0,10 0,10 10,0 10,0 0))",
        "bowtie": "POLYGON ((0 0,10 10,10 0,0 10,0 0))",
        "hole": "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,2 8,8 8,8 2,2 2))",
        "nested-holes": "POLYGON ((0 0,30 0,30 30,0 30,0 0),(5 5,25 5,25 25,5 25,5 5),(10 10,20 10,20 20,10 20,10 10))",
        "multi-overlap": "MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))",
        "collection": "GEOMETRYCOLLECTION (POLYGON ((0 0,1 0,1 1,0 0)),POINT (5 5),LINESTRING (0 0,1 1))",
        "curve": "CURVEPOLYGON (CIRCULARSTRING (0 0,1 1,2 0,1 -1,0 0))",
        "z": "POLYGON Z ((0 0 1,10 0 2,10 10 3,0 0 1))",
        "spike": "POLYGON ((0 0,10 0,10 10,10 20,10 10,0 10,0 0))",
        "empty": "POLYGON EMPTY",
        "far": "POLYGON ((1e300 1e300,1.5e300 1e300,1.5e300 1.5e300,1e300 1e300))",
    }
    for name, wkt in wkts.items():
        g = ogr.CreateGeometryFromWkt(wkt)
        write("geometry", name, bytes(g.ExportToIsoWkb()))


if __name__ == "__main__":
    projects()
    profiles()
    cells()
    dbfs()
    geometries()
    print(f"make_seeds: {sum(1 for _ in HERE.rglob('*') if _.is_file())} seeds in {HERE}")
