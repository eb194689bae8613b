#!/usr/bin/python3
"""Writes the bad-input corpus (issue 9): one folder per case of cases.tsv, each with a project.toml and the
inputs it names, broken in the way the case says. Small and deterministic; the big cases (a polygon with a
million vertices, 10,000 parcels on one credit code) are made here rather than committed.

    make_corpus.py OUT_DIR [--demo geodata/huzhou-demo] [--only CASE ...]

Exits 77 (ctest: skipped) when Python's GDAL bindings are missing; scripts/install-deps --test installs them.
"""
import argparse
import math
import os
import shutil
import struct
import sys
import zipfile
from pathlib import Path

try:
    from osgeo import ogr, osr, gdal
except ImportError:  # pragma: no cover
    print("make_corpus: python3-gdal is missing (scripts/install-deps --test installs it); skipped")
    sys.exit(77)

gdal.UseExceptions()
ogr.UseExceptions()

# A block of industrial parcels near Huzhou in EPSG:4549 (CGCS2000 3-degree GK, CM 120E, no zone prefix).
X0, Y0 = 510000.0, 3415000.0
INDUSTRIAL = "0601"  # GB/T 21010-2017 工业用地
CODE = "91330500MA2B0000XX"  # a credit code (the checksum does not matter here)

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rect(x0, y0, x1, y1):
    return f"POLYGON (({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def grid(n, size=100.0, gap=20.0, x0=X0, y0=Y0, per_row=50):
    out = []
    for i in range(n):
        cx = x0 + (i % per_row) * (size + gap)
        cy = y0 + (i // per_row) * (size + gap)
        out.append(rect(cx, cy, cx + size, cy + size))
    return out


def srs_of(crs):
    if crs is None:
        return None
    s = osr.SpatialReference()
    s.SetFromUserInput(crs)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write_layer(path, features, fields=("ZDDM", "DLBM"), crs="EPSG:4549", driver="ESRI Shapefile",
                layer="parcels", geom_type=ogr.wkbPolygon, options=(), field_width=80):
    """features: list of (geometry, [values]); geometry is WKT, an ogr.Geometry or None."""
    path = Path(path)
    drv = ogr.GetDriverByName(driver)
    if path.exists() and driver != "ESRI Shapefile":
        drv.DeleteDataSource(str(path))
    ds = drv.CreateDataSource(str(path)) if not path.exists() else ogr.Open(str(path), 1)
    lyr = ds.CreateLayer(layer, srs_of(crs), geom_type, options=list(options))
    for name in fields:
        fd = ogr.FieldDefn(name, ogr.OFTString)
        if field_width:
            fd.SetWidth(field_width)
        lyr.CreateField(fd)
    for geom, values in features:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(values):
            if v is not None:
                f.SetField(i, v)
        if geom is not None:
            f.SetGeometry(geom if isinstance(geom, ogr.Geometry) else ogr.CreateGeometryFromWkt(geom))
        lyr.CreateFeature(f)
    ds = None


def parcels(d, n=3, name="parcels.shp", **kw):
    feats = [(g, [f"P{i:04d}", INDUSTRIAL]) for i, g in enumerate(grid(n))]
    write_layer(d / name, feats, **kw)


def project(d, text="", parcels_path="parcels.shp", head=""):
    body = head + f'[parcels]\npath = "{parcels_path}"\n' + text
    (d / "project.toml").write_text(body, encoding="utf-8")


def polygon_from_points(rings):
    g = ogr.Geometry(ogr.wkbPolygon)
    for pts in rings:
        r = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in pts:
            r.AddPoint_2D(x, y)
        g.AddGeometryDirectly(r)
    return g


def square_pts(x0, y0, s):
    return [(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s), (x0, y0)]


# --------------------------------------------------------------------------------------------------------------
# Shapefile structure


@case
def shp_truncated(d):
    parcels(d, 40)
    data = (d / "parcels.shp").read_bytes()
    (d / "parcels.shp").write_bytes(data[: len(data) // 2 + 7])
    project(d)


@case
def shp_header_only(d):
    parcels(d, 5)
    data = (d / "parcels.shp").read_bytes()
    (d / "parcels.shp").write_bytes(data[:100])
    project(d)


@case
def shp_garbage(d):
    parcels(d, 3)
    (d / "parcels.shp").write_bytes(bytes((i * 37 + 11) % 256 for i in range(4000)))
    project(d)


@case
def shp_zero_bytes(d):
    for ext in ("shp", "shx", "dbf"):
        (d / f"parcels.{ext}").write_bytes(b"")
    project(d)


@case
def shp_record_length_lies(d):
    # The first record header claims a content length of 2^31 - 1 words.
    parcels(d, 3)
    data = bytearray((d / "parcels.shp").read_bytes())
    data[104:108] = struct.pack(">i", 0x7FFFFFFF)
    (d / "parcels.shp").write_bytes(bytes(data))
    project(d)


@case
def shx_missing(d):
    parcels(d, 3)
    (d / "parcels.shx").unlink()
    project(d)


@case
def shx_offsets_garbage(d):
    parcels(d, 3)
    data = bytearray((d / "parcels.shx").read_bytes())
    for i in range(100, len(data), 8):
        data[i : i + 4] = struct.pack(">i", 0x3FFFFFFF)
    (d / "parcels.shx").write_bytes(bytes(data))
    project(d)


@case
def dbf_missing(d):
    parcels(d, 3)
    (d / "parcels.dbf").unlink()
    project(d)


@case
def dbf_fewer_records(d):
    # The .dbf of a 2-parcel layer beside the .shp/.shx of a 10-parcel one.
    parcels(d, 10)
    tmp = d / "two"
    tmp.mkdir()
    parcels(tmp, 2)
    shutil.copy(tmp / "parcels.dbf", d / "parcels.dbf")
    shutil.rmtree(tmp)
    project(d)


@case
def dbf_header_corrupt(d):
    parcels(d, 3)
    data = bytearray((d / "parcels.dbf").read_bytes())
    data[8:10] = struct.pack("<H", 5)  # header length below the 33 bytes of the smallest header
    data[29] = 0  # no language driver: the bytes are scanned
    (d / "parcels.dbf").write_bytes(bytes(data))
    project(d)


@case
def dbf_huge_record_count(d):
    # Header claims 4 billion records of 65535 bytes; the file holds 3.
    parcels(d, 3)
    data = bytearray((d / "parcels.dbf").read_bytes())
    data[4:8] = struct.pack("<I", 0xFFFFFFF0)
    data[10:12] = struct.pack("<H", 0xFFFF)
    data[29] = 0
    (d / "parcels.dbf").write_bytes(bytes(data))
    project(d)


# --------------------------------------------------------------------------------------------------------------
# Encodings


@case
def cpg_says_utf8_but_gbk(d):
    feats = [(g, [f"P{i}", INDUSTRIAL, "湖州市织里镇工业园".encode("gbk").decode("latin-1")])
             for i, g in enumerate(grid(2))]
    # Write raw GBK bytes: ask GDAL to store the text as ISO-8859-1 so each byte stays itself.
    write_layer(d / "parcels.shp", feats, fields=("ZDDM", "DLBM", "ZL"), options=["ENCODING=ISO-8859-1"])
    (d / "parcels.cpg").write_text("UTF-8")
    project(d)


@case
def encoding_override_unknown(d):
    parcels(d)
    project(d, 'encoding = "KOI9-X"\n')


@case
def encoding_override_on_geopackage(d):
    write_layer(d / "parcels.gpkg", [(g, ["P1", INDUSTRIAL]) for g in grid(2)], driver="GPKG")
    project(d, 'encoding = "GBK"\n', parcels_path="parcels.gpkg")


@case
def csv_mixed_encodings(d):
    parcels(d, 2)
    rows = ["统一社会信用代码,企业名称,实缴税金(万元)".encode("utf-8"),
            f"{CODE},湖州甲公司,12.5".encode("utf-8"),
            f"{CODE[:-1]}Y,湖州乙公司,8".encode("gbk")]
    (d / "enterprises.csv").write_bytes(b"\r\n".join(rows) + b"\r\n")
    project(d, '[enterprises]\npath = "enterprises.csv"\n[enterprises.units]\ntax = "万元"\n')


# --------------------------------------------------------------------------------------------------------------
# CRS


@case
def prj_missing(d):
    parcels(d)
    (d / "parcels.prj").unlink()
    project(d)


@case
def prj_nonsense(d):
    parcels(d)
    (d / "parcels.prj").write_text('PROJCS["nonsense",GEOGCS[UNIT["furlong",201.168]]]garbage')
    project(d)


@case
def gk_zone_prefix_under_plain_crs(d):
    # Eastings with the zone-40 prefix (40 510 000) under EPSG:4549, which has none.
    feats = [(g, [f"P{i}", INDUSTRIAL]) for i, g in enumerate(grid(3, x0=40_000_000 + X0))]
    write_layer(d / "parcels.shp", feats)
    project(d)


@case
def gk_plain_data_under_prefixed_crs(d):
    write_layer(d / "parcels.shp", [(g, ["P", INDUSTRIAL]) for g in grid(3)], crs="EPSG:4528")
    project(d)


@case
def gk_wrong_zone_prefix(d):
    # Zone 39 eastings under the zone-40 CRS EPSG:4528.
    feats = [(g, ["P", INDUSTRIAL]) for g in grid(3, x0=39_000_000 + X0)]
    write_layer(d / "parcels.shp", feats, crs="EPSG:4528")
    project(d)


@case
def degrees_under_projected_crs(d):
    feats = [(rect(120.1, 30.8, 120.101, 30.801), ["P", INDUSTRIAL])]
    write_layer(d / "parcels.shp", feats)
    project(d)


@case
def metres_under_geographic_crs(d):
    write_layer(d / "parcels.shp", [(g, ["P", INDUSTRIAL]) for g in grid(2)], crs="EPSG:4490")
    project(d)


@case
def axes_swapped(d):
    feats = [(rect(Y0, X0, Y0 + 100, X0 + 100), ["P", INDUSTRIAL])]
    write_layer(d / "parcels.shp", feats)
    project(d)


@case
def crs_override_nonsense(d):
    parcels(d)
    project(d, 'crs = "EPSG:999999"\n')


@case
def crs_override_url(d):
    # A CRS given as a URL would make PROJ/GDAL fetch it: refused as not understood.
    parcels(d)
    project(d, 'crs = "http://127.0.0.1:9/crs.wkt"\n')


@case
def analysis_crs_geographic(d):
    parcels(d)
    project(d, head='analysis_crs = "EPSG:4490"\n')


# --------------------------------------------------------------------------------------------------------------
# Coordinates and geometry


def patch_doubles(path, replacements):
    """GDAL refuses to write non-finite coordinates: write markers, then replace their bytes in the .shp."""
    path = Path(path)
    data = path.read_bytes()
    for marker, value in replacements:
        data = data.replace(struct.pack("<d", marker), struct.pack("<d", value))
    path.write_bytes(data)


@case
def coords_nan(d):
    good = [(g, [f"P{i}", INDUSTRIAL]) for i, g in enumerate(grid(3))]
    bad = polygon_from_points([[(X0, Y0), (X0 + 77.125, Y0), (X0 + 50, Y0 + 50), (X0, Y0)]])
    write_layer(d / "parcels.shp", good + [(bad, ["NAN", INDUSTRIAL])])
    patch_doubles(d / "parcels.shp", [(X0 + 77.125, float("nan"))])
    project(d)


@case
def coords_infinite(d):
    good = [(g, [f"P{i}", INDUSTRIAL]) for i, g in enumerate(grid(3))]
    bad = polygon_from_points([[(X0, Y0), (X0 + 77.125, Y0), (X0 + 50, Y0 + 77.375), (X0, Y0)]])
    write_layer(d / "parcels.shp", good + [(bad, ["INF", INDUSTRIAL])])
    patch_doubles(d / "parcels.shp", [(X0 + 77.125, float("inf")), (Y0 + 77.375, -float("inf"))])
    project(d)


@case
def coords_1e300_one_feature(d):
    good = [(g, [f"P{i}", INDUSTRIAL]) for i, g in enumerate(grid(5))]
    write_layer(d / "parcels.shp", good + [(rect(1e300, 1e300, 1.5e300, 1.5e300), ["WILD", INDUSTRIAL])])
    project(d)


@case
def coords_1e300_every_feature(d):
    feats = [(rect(1e300, 1e300 + i, 1.5e300, 1.5e300), ["WILD", INDUSTRIAL]) for i in range(3)]
    write_layer(d / "parcels.shp", feats)
    project(d)


@case
def coords_1e300_under_utm(d):
    # Under a CRS without a known zone (UTM 51N) no box guards the coordinates: 1e300 reaches PROJ and GEOS.
    good = [(rect(220000 + 200 * i, 3420000, 220100 + 200 * i, 3420100), [f"P{i}", INDUSTRIAL]) for i in range(4)]
    write_layer(d / "parcels.shp", good + [(rect(-1e300, -1e300, 1e300, 1e300), ["WILD", INDUSTRIAL])],
                crs="EPSG:32651")
    project(d, head='analysis_crs = "EPSG:32651"\n')


@case
def million_vertices(d):
    n = 1_000_000
    r = 400.0
    pts = [(X0 + r + r * math.cos(2 * math.pi * k / n), Y0 + r + r * math.sin(2 * math.pi * k / n))
           for k in range(n)]
    pts.append(pts[0])
    big = polygon_from_points([pts])
    write_layer(d / "parcels.shp", [(big, ["BIG", INDUSTRIAL]), (rect(X0 + 1000, Y0, X0 + 1100, Y0 + 100),
                                                                 ["SMALL", INDUSTRIAL])])
    project(d)


@case
def ring_two_points(d):
    good = [(g, [f"P{i}", INDUSTRIAL]) for i, g in enumerate(grid(2))]
    # Shapefile rings are written as they are: a ring of two points (open) and one of three (closed).
    two = polygon_from_points([[(X0 + 500, Y0), (X0 + 600, Y0)]])
    three = polygon_from_points([[(X0 + 700, Y0), (X0 + 800, Y0), (X0 + 700, Y0)]])
    write_layer(d / "parcels.shp", good + [(two, ["TWO", INDUSTRIAL]), (three, ["THREE", INDUSTRIAL])])
    project(d)


@case
def nested_holes(d):
    # A hole inside a hole (an island in a lake in a parcel) written as three rings of one polygon.
    g = polygon_from_points([square_pts(X0, Y0, 300), square_pts(X0 + 50, Y0 + 50, 200),
                             square_pts(X0 + 100, Y0 + 100, 100)])
    write_layer(d / "parcels.gpkg", [(g, ["NEST", INDUSTRIAL]), (rect(X0 + 400, Y0, X0 + 500, Y0 + 100),
                                                               ["OK", INDUSTRIAL])], driver="GPKG")
    project(d, parcels_path="parcels.gpkg")


@case
def empty_parcel_layer(d):
    write_layer(d / "parcels.shp", [])
    project(d)


@case
def empty_districts_layer(d):
    parcels(d)
    write_layer(d / "districts.gpkg", [], fields=("XZQDM", "XZQMC"), driver="GPKG", layer="districts")
    project(d, '[districts]\npath = "districts.gpkg"\n')


@case
def parcels_without_any_geometry(d):
    write_layer(d / "parcels.shp", [(None, [f"P{i}", INDUSTRIAL]) for i in range(3)])
    project(d)


@case
def points_where_polygons_expected(d):
    feats = [(f"POINT ({X0 + 10 * i} {Y0})", [f"P{i}", INDUSTRIAL]) for i in range(3)]
    write_layer(d / "parcels.shp", feats, geom_type=ogr.wkbPoint)
    project(d)


@case
def lines_where_polygons_expected(d):
    feats = [(f"LINESTRING ({X0} {Y0},{X0 + 100} {Y0 + 100})", ["L", INDUSTRIAL])]
    write_layer(d / "parcels.gpkg", feats, driver="GPKG", geom_type=ogr.wkbLineString)
    project(d, parcels_path="parcels.gpkg")


@case
def mixed_geometries_in_geojson(d):
    text = ('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4549"}},"features":['
            f'{{"type":"Feature","properties":{{"ZDDM":"A","DLBM":"{INDUSTRIAL}"}},"geometry":{{"type":"Polygon",'
            f'"coordinates":[[[{X0},{Y0}],[{X0 + 100},{Y0}],[{X0 + 100},{Y0 + 100}],[{X0},{Y0}]]]}}}},'
            f'{{"type":"Feature","properties":{{"ZDDM":"B","DLBM":"{INDUSTRIAL}"}},"geometry":{{"type":"Point",'
            f'"coordinates":[{X0},{Y0}]}}}},'
            f'{{"type":"Feature","properties":{{"ZDDM":"C","DLBM":"{INDUSTRIAL}"}},"geometry":null}}]}}')
    (d / "parcels.geojson").write_text(text)
    project(d, parcels_path="parcels.geojson")


@case
def duplicate_parcel_ids(d):
    feats = [(g, ["SAME", INDUSTRIAL]) for g in grid(4)] + [(rect(X0, Y0, X0 + 100, Y0 + 100), ["SAME", INDUSTRIAL])]
    write_layer(d / "parcels.shp", feats)
    project(d)


@case
def landuse_code_megabyte(d):
    # A 1 MB land-use code in a GeoPackage (no field width limit) under a profile whose pattern has `*`:
    # a recursive regex engine would run out of stack.
    feats = [(rect(X0, Y0, X0 + 100, Y0 + 100), ["HUGE", "A" * 1_000_000]),
             (rect(X0 + 200, Y0, X0 + 300, Y0 + 100), ["OK", INDUSTRIAL])]
    write_layer(d / "parcels.gpkg", feats, driver="GPKG", field_width=0)
    (d / "profile.toml").write_text(
        '[profile]\nname = "wide"\nbase = "huzhou-2023"\n[landuse]\n'
        '[[landuse.scheme]]\nname = "any"\npattern = "^[0-9A-Z]*$"\nindustrial_codes = ["0601"]\n')
    project(d, parcels_path="parcels.gpkg", head='profile = "profile.toml"\n')


# --------------------------------------------------------------------------------------------------------------
# The 亩均 table (enterprises) and registers: cells are findings, not failures (exit 0)


def enterprise_case(d, rows, header="统一社会信用代码,企业名称,实缴税金(万元),营业收入(万元)", units=None,
                    n_parcels=3):
    feats = [(g, [f"P{i}", INDUSTRIAL, CODE]) for i, g in enumerate(grid(n_parcels))]
    write_layer(d / "parcels.shp", feats, fields=("ZDDM", "DLBM", "QLRZJH"))
    (d / "enterprises.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    if units is None:
        units = '[enterprises.units]\ntax = "万元"\nrevenue = "万元"\n'
    project(d, '[enterprises]\npath = "enterprises.csv"\n' + units)


@case
def money_negative(d):
    enterprise_case(d, [f"{CODE},甲,-12.5,100"])


@case
def money_not_numeric(d):
    enterprise_case(d, [f"{CODE},甲,N/A,1，234", f"{CODE[:-1]}1,乙,12万,—"])


@case
def money_nan_and_infinity(d):
    enterprise_case(d, [f"{CODE},甲,nan,inf", f"{CODE[:-1]}1,乙,Infinity,-inf", f"{CODE[:-1]}2,丙,0x1p3,1e"])


@case
def money_huge(d):
    enterprise_case(d, [f"{CODE},甲,1e300,1e400", f"{CODE[:-1]}1,乙,{'9' * 400},1"])


@case
def money_unit_missing(d):
    enterprise_case(d, [f"{CODE},甲,1,2"], units="")


@case
def money_unit_wrong(d):
    enterprise_case(d, [f"{CODE},甲,1,2"], units='[enterprises.units]\ntax = "美元"\nrevenue = "万元"\n')


@case
def credit_code_on_10000_parcels(d):
    enterprise_case(d, [f"{CODE},甲,120,3000"], n_parcels=10_000)


@case
def xlsx_with_formulas(d):
    feats = [(g, [f"P{i}", INDUSTRIAL, CODE]) for i, g in enumerate(grid(2))]
    write_layer(d / "parcels.shp", feats, fields=("ZDDM", "DLBM", "QLRZJH"))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>企业名称</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>实缴税金(万元)</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{CODE}</t></is></c>'
        '<c r="B2" t="str"><f>HYPERLINK("http://127.0.0.1:9/x","甲")</f><v>甲</v></c>'
        '<c r="C2"><f>SUM(1,2)</f><v>3</v></c></row>'
        f'<row r="3"><c r="A3" t="inlineStr"><is><t>{CODE[:-1]}1</t></is></c>'
        '<c r="B3" t="str"><f>WEBSERVICE("http://127.0.0.1:9/")</f></c>'
        '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '</sheetData></worksheet>')
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
            '/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="亩均评价" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(d / "enterprises.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    project(d, '[enterprises]\npath = "enterprises.xlsx"\n[enterprises.units]\ntax = "万元"\n')


@case
def xlsx_not_a_zip(d):
    parcels(d)
    (d / "enterprises.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    project(d, '[enterprises]\npath = "enterprises.xlsx"\n')


def renewal_case(d, dates, audit='audit_date = "2026-12-31"\n'):
    parcels(d, 3)
    feats = [(g, [f"GX{i}", "拆除重建", dt, "已完成"]) for i, (g, dt) in enumerate(zip(grid(len(dates)), dates))]
    write_layer(d / "renewal.gpkg", feats, fields=("XMBH", "GXMS", "WCRQ", "ZT"), driver="GPKG", layer="renewal")
    project(d, '[renewal]\npath = "renewal.gpkg"\n', head=audit)


@case
def dates_wrong_format(d):
    renewal_case(d, ["2023-02-30", "31/12/2024", "yesterday", "2024年13月1日", "2023-05-17"])


@case
def dates_in_the_future(d):
    renewal_case(d, ["2099-01-01", "2150-06-30", "2027-06-30", "2024-03-01"])


@case
def audit_date_impossible(d):
    parcels(d)
    project(d, head='audit_date = "2023-02-30"\n')


@case
def audit_date_wrong_format(d):
    parcels(d)
    project(d, head='audit_date = "31/12/2026"\n')


# --------------------------------------------------------------------------------------------------------------
# Project files


@case
def project_unknown_key(d):
    parcels(d)
    project(d, 'encodng = "GBK"\n')


@case
def project_unknown_top_level_key(d):
    parcels(d)
    project(d, head='outdir = "x"\n')


@case
def project_unknown_section(d):
    parcels(d)
    project(d, '[parcel]\npath = "parcels.shp"\n')


@case
def project_not_toml(d):
    (d / "project.toml").write_text('[parcels\npath = "parcels.shp"\n')


@case
def project_wrong_type(d):
    parcels(d)
    (d / "project.toml").write_text("[parcels]\npath = 5\n")


@case
def project_not_utf8(d):
    parcels(d)
    (d / "project.toml").write_bytes('name = "湖州"\n[parcels]\npath = "parcels.shp"\n'.encode("gbk"))


@case
def project_over_one_mebibyte(d):
    parcels(d)
    (d / "project.toml").write_text("# " + "x" * (1 << 20) + '\n[parcels]\npath = "parcels.shp"\n')


@case
def project_no_parcels(d):
    (d / "project.toml").write_text('[districts]\npath = "d.geojson"\n')


@case
def project_unknown_field(d):
    parcels(d)
    project(d, '[parcels.fields]\nparcel_code = "ZDDM"\n')


@case
def project_mapped_column_missing(d):
    parcels(d)
    project(d, '[parcels.fields]\nlanduse = "TDYT"\n')


@case
def project_unknown_layer_name(d):
    write_layer(d / "parcels.gpkg", [(g, ["P", INDUSTRIAL]) for g in grid(2)], driver="GPKG")
    project(d, 'layer = "parcels_2024"\n', parcels_path="parcels.gpkg")


@case
def project_missing_input(d):
    project(d, parcels_path="missing.shp")


@case
def project_absolute_path_to_nowhere(d):
    project(d, parcels_path="/nonexistent/landrenew/corpus/parcels.shp")


@case
def project_is_a_folder(d):
    (d / "project.toml").mkdir()


@case
def project_is_a_device(d):
    (d / "cmd").write_text("/dev/zero")  # the runner reads the project path from here


@case
def project_is_a_fifo(d):
    os.mkfifo(d / "project.toml")


@case
def project_file_missing(d):
    pass


@case
def input_is_a_folder(d):
    (d / "parcels.shp").mkdir()
    project(d)


@case
def input_refused_driver_kml(d):
    (d / "parcels.kml").write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                                   '<Placemark><Point><coordinates>120,30</coordinates></Point></Placemark>'
                                   '</Document></kml>')
    project(d, parcels_path="parcels.kml")


@case
def input_csv_as_parcels(d):
    (d / "parcels.csv").write_text("ZDDM,DLBM,WKT\nP1,0601,\"POLYGON ((0 0,1 0,1 1,0 0))\"\n")
    project(d, parcels_path="parcels.csv")


@case
def input_vsizip_path(d):
    project(d, parcels_path="/vsizip//tmp/parcels.zip/parcels.shp")


@case
def input_dotdot_to_vsicurl(d):
    # Relative to the project's folder, enough ".." reach the root: the path resolves to /vsicurl/...
    project(d, parcels_path="../" * 40 + "vsicurl/http://127.0.0.1:9/parcels.shp")


@case
def input_dotdot_to_vsizip(d):
    # No "/vsi" and no "://" as written; resolved against the project's folder it is /vsizip/tmp/...
    project(d, parcels_path="../" * 40 + "vsizip/tmp/parcels.zip/parcels.shp")


@case
def input_long_connection_like_path(d):
    # 400,000 letters then ':' — a recursive regex matcher would run out of stack on it.
    project(d, parcels_path="a" * 400_000 + ":x")


@case
def input_pg_long_password(d):
    # The password must not be echoed, however long (the redaction used a recursive regex too).
    project(d, parcels_path="PG:host=/nonexistent-landrenew dbname=x password=" + "s" * 400_000)


@case
def geojson_crs_link_to_url(d):
    # The (2008) GeoJSON "crs" member may link to a URL: GDAL would fetch it. Refused; the project's crs is used.
    text = ('{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://127.0.0.1:9/crs.wkt",'
            '"type":"ogcwkt"}},"features":[{"type":"Feature","properties":{"ZDDM":"A","DLBM":"0601"},'
            f'"geometry":{{"type":"Polygon","coordinates":[[[{X0},{Y0}],[{X0 + 100},{Y0}],[{X0 + 100},{Y0 + 100}],'
            f'[{X0},{Y0}]]]}}}}]}}')
    (d / "parcels.geojson").write_text(text)
    project(d, 'crs = "EPSG:4549"\n', parcels_path="parcels.geojson")


@case
def input_url(d):
    project(d, parcels_path="https://127.0.0.1:9/parcels.geojson")


@case
def input_other_connection_string(d):
    project(d, parcels_path="WFS:http://127.0.0.1:9/wfs")


# --------------------------------------------------------------------------------------------------------------
# Profiles


def profile_case(d, text, name="profile.toml"):
    parcels(d)
    (d / name).write_text(text, encoding="utf-8")
    project(d, head=f'profile = "{name}"\n')


@case
def profile_base_cycle(d):
    (d / "b.toml").write_text('[profile]\nname = "b"\nbase = "profile.toml"\n')
    profile_case(d, '[profile]\nname = "a"\nbase = "b.toml"\n')


@case
def profile_is_its_own_base(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "profile.toml"\n')


@case
def profile_absolute_path_to_nowhere(d):
    parcels(d)
    project(d, head='profile = "/nonexistent/landrenew/profile.toml"\n')


@case
def profile_base_missing(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2099"\n')


@case
def profile_percentiles_contradict(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[mujun]\npercentiles = [70, 25, 95]\n')


@case
def profile_thresholds_contradict(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[mujun]\nthresholds = [60, 90, 120]\n')


@case
def profile_period_reversed(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[freed]\nperiod_start = "2027-12-31"\n'
                    'period_end = "2023-01-01"\n')


@case
def profile_period_impossible_date(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[freed]\nperiod_end = "2027-02-30"\n')


@case
def profile_fraction_above_one(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[geometry]\narea_mismatch_tolerance = 2\n')


@case
def profile_nan_goal(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[freed]\ngoal_mu = nan\n')


@case
def profile_infinite_gap(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[clusters]\ngap_m = inf\n')


@case
def profile_unknown_key(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[clusters]\ngap = 20\n')


@case
def profile_not_toml(d):
    profile_case(d, '[profile\nname = "a"\n')


@case
def profile_bad_regex(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[landuse]\n[[landuse.scheme]]\nname = "x"\n'
                    'pattern = "([0-9"\nindustrial_codes = ["0601"]\n')


@case
def profile_bad_compare(d):
    profile_case(d, '[profile]\nname = "a"\nbase = "huzhou-2023"\n[admission]\n[[admission.indicator]]\n'
                    'metric = "far"\ncompare = "=>"\nthreshold = 1.0\n')


# --------------------------------------------------------------------------------------------------------------
# Output folder (`run`)


@case
def out_dir_is_a_file(d):
    parcels(d)
    project(d)
    (d / "out").write_text("not a folder")


@case
def out_dir_read_only(d):
    parcels(d)
    project(d)
    # The runner points OUT_DIR into a read-only place (see run_corpus.py).


@case
def out_dir_exists_without_overwrite(d):
    parcels(d)
    project(d)
    (d / "out").mkdir()
    (d / "out" / "previous.txt").write_text("last year's run")


@case
def out_dir_parent_missing(d):
    parcels(d)
    project(d)


@case
def out_dir_ok_minimal_project(d):
    parcels(d)
    project(d)


@case
def usage_unknown_option(d):
    parcels(d)
    project(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    out = Path(args.out)
    names = args.only or sorted(CASES)
    for name in names:
        d = out / name
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        CASES[name](d)
    print(f"make_corpus: {len(names)} cases in {out}")


if __name__ == "__main__":
    main()
