#!/usr/bin/python3
"""Safety tests (issue 9), each a ctest of its own:

  paths    every GDAL virtual file system, URL and connection-string form of an input path is refused with
           exit 5 before GDAL sees it — including paths that only *resolve* to /vsi... after "..", and the
           same forms as the project's or a profile's path;
  network  nothing landrenew reads can make it open a connection: a local listener stands in for the
           network, and inputs point at it — a GeoJSON whose "crs" links to a URL, a CRS given as a URL,
           an XLSX with WEBSERVICE()/HYPERLINK() formulas, a /vsicurl/ path, a profile "path" that is a
           URL; the test fails if the listener is contacted at all;
  drivers  only the allowlisted drivers open inputs: formats GDAL reads but landrenew does not accept
           (KML, GML, SQLite, VRT, CSV as polygons, a shapefile inside a .zip) are refused with exit 5, and a
           VRT that points at a local file is refused rather than followed.

    safety_test.py --landrenew BIN --work DIR {paths|network|drivers}
"""
import argparse
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

X0, Y0 = 510000.0, 3415000.0


def geojson_polygon(crs_member):
    return ('{"type":"FeatureCollection",' + crs_member + '"features":[{"type":"Feature","properties":'
            '{"ZDDM":"A","DLBM":"0601"},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],'
            '[%s,%s]]]}}]}' % (X0, Y0, X0 + 100, Y0, X0 + 100, Y0 + 100, X0, Y0))


class Checker:
    def __init__(self, bin_, work):
        self.bin = bin_
        self.work = Path(work)
        self.failures = 0

    def project(self, name, text):
        d = self.work / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "project.toml").write_text(text, encoding="utf-8")
        return d / "project.toml"

    def expect(self, label, args, code, fragments=()):
        p = subprocess.run([self.bin] + [str(a) for a in args], capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        problems = []
        if p.returncode != code:
            problems.append(f"exit {p.returncode}, expected {code}")
        text = p.stdout + p.stderr
        if fragments and not any(f in text for f in fragments):
            problems.append(f"none of {list(fragments)} in the output")
        if code != 0 and len(p.stderr.strip().splitlines()) != 1:
            problems.append("stderr is not one line")
        status = "FAIL" if problems else "ok"
        self.failures += bool(problems)
        shown = (p.stderr.strip() or p.stdout.strip().splitlines()[-1:] or [""])
        shown = shown if isinstance(shown, str) else shown[0]
        print(f"{status:4} {label:60} {'; '.join(problems) or ''} {shown[:200]}")


REFUSED = ("not accepted as inputs", "virtual file systems")


def test_paths(c):
    forms = ["/vsicurl/http://127.0.0.1:9/p.shp", "/vsicurl_streaming/http://127.0.0.1:9/p.shp",
             "/vsis3/bucket/p.shp", "/vsis3_streaming/bucket/p.shp", "/vsigs/bucket/p.shp", "/vsiaz/c/p.shp",
             "/vsiadls/c/p.shp", "/vsioss/b/p.shp", "/vsiswift/c/p.shp", "/vsihdfs/p.shp", "/vsiwebhdfs/p.shp",
             "/vsizip//tmp/p.zip/p.shp", "/vsigzip//tmp/p.shp.gz", "/vsitar//tmp/p.tar/p.shp",
             "/vsi7z//tmp/p.7z/p.shp", "/vsirar//tmp/p.rar/p.shp", "/vsimem/p.shp", "/vsistdin/",
             "/vsisubfile/0_100,/tmp/p.shp", "/vsisparse//tmp/p.xml", "/vsicrypt//tmp/p.shp",
             "/vsicached?file=/tmp/p.shp", "http://127.0.0.1:9/p.geojson", "https://127.0.0.1:9/p.geojson",
             "ftp://127.0.0.1:9/p.shp", "file:///tmp/p.shp", "WFS:http://127.0.0.1:9/wfs", "OAPIF:http://x/",
             "CARTO:account", "MySQL:db", "ODBC:dsn", "MSSQL:server=x", "OCI:user/pw@db", "GPKG:/tmp/p.gpkg:t",
             "ESRIJSON:http://x/", "AmigoCloud:key", "EEDA:projects/x",
             # relative to the project's folder, these resolve to /vsi... without saying so
             "../" * 40 + "vsizip/tmp/p.zip/p.shp", "../" * 40 + "vsimem/p.shp",
             "sub/../" + "../" * 40 + "vsis3/bucket/p.shp",
             # absolute, with .. that ends in /vsi...
             "/tmp/../vsizip/tmp/p.zip/p.shp", "/./vsicurl/x"]
    (c.work / "paths").mkdir(parents=True, exist_ok=True)
    (c.work / "paths" / "plain.geojson").write_text(
        geojson_polygon('"crs":{"type":"name","properties":{"name":"EPSG:4549"}},'))
    for i, path in enumerate(forms):
        project = c.project(f"paths/{i}", f'[parcels]\npath = "{path}"\n')
        c.expect(f"parcels path {path[:50]}", ["check", project], 5, REFUSED)
        # The same form for a table, behind a parcel layer that opens.
        project = c.project(f"paths/{i}-table", f'[parcels]\npath = "../plain.geojson"\n[enterprises]\n'
                                                f'path = "{path}"\n')
        c.expect(f"enterprises path {path[:50]}", ["check", project], 5, REFUSED)
    # The project file and a profile named by a URL or a /vsi path are refused as files.
    c.expect("project file /vsicurl/http://127.0.0.1:9/p.toml", ["check", "/vsicurl/http://127.0.0.1:9/p.toml"], 3,
             ("project file not found",))
    project = c.project("paths/profile-url", 'profile = "http://127.0.0.1:9/p.toml"\n[parcels]\npath = "p.shp"\n')
    c.expect("profile http://127.0.0.1:9/p.toml", ["check", project], 4, ("neither a built-in profile",))
    project = c.project("paths/profile-vsi", 'profile = "/vsimem/p.toml"\n[parcels]\npath = "p.shp"\n')
    c.expect("profile /vsimem/p.toml", ["check", project], 4, ("neither a built-in profile",))


def test_network(c):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    port = server.getsockname()[1]
    contacts = []

    def accept():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                contacts.append(conn.recv(300))
            except OSError:
                contacts.append(b"(connected)")
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.1:{port}"

    d = c.work / "network"
    d.mkdir(parents=True, exist_ok=True)
    (d / "link.geojson").write_text(geojson_polygon(
        '"crs":{"type":"link","properties":{"href":"%s/crs.wkt","type":"ogcwkt"}},' % url))
    (d / "name.geojson").write_text(geojson_polygon('"crs":{"type":"name","properties":{"name":"%s/crs"}},' % url))
    (d / "plain.geojson").write_text(geojson_polygon('"crs":{"type":"name","properties":{"name":"EPSG:4549"}},'))
    c.expect("GeoJSON crs of type link → URL (with crs in the project)",
             ["check", c.project("network/a", '[parcels]\npath = "../link.geojson"\ncrs = "EPSG:4549"\n')], 0,
             ("read 1 = used 1",))
    c.expect("GeoJSON crs of type link → URL (no crs in the project)",
             ["check", c.project("network/b", '[parcels]\npath = "../link.geojson"\n')], 6, ())
    c.expect("GeoJSON crs name that is a URL",
             ["check", c.project("network/c", '[parcels]\npath = "../name.geojson"\ncrs = "EPSG:4549"\n')], 0, ())
    c.expect("project crs given as a URL",
             ["check", c.project("network/d", f'[parcels]\npath = "../plain.geojson"\ncrs = "{url}/crs"\n')], 3,
             ("cannot understand the CRS",))
    c.expect("analysis_crs given as a URL",
             ["check", c.project("network/e", f'analysis_crs = "{url}/crs"\n[parcels]\npath = "../plain.geojson"\n')],
             3, ("cannot understand the CRS",))
    c.expect("/vsicurl/ input path",
             ["check", c.project("network/f", f'[parcels]\npath = "/vsicurl/{url}/p.shp"\n')], 5, REFUSED)
    c.expect("profile named by a URL",
             ["check", c.project("network/g", f'profile = "{url}/p.toml"\n[parcels]\npath = "../plain.geojson"\n')],
             4, ())
    write_xlsx(d / "formulas.xlsx", url)
    c.expect("XLSX with WEBSERVICE()/HYPERLINK() formulas",
             ["check", c.project("network/h", '[parcels]\npath = "../plain.geojson"\n[enterprises]\n'
                                 'path = "../formulas.xlsx"\n[enterprises.units]\ntax = "万元"\n')], 0, ())
    server.close()
    if contacts:
        c.failures += 1
        print(f"FAIL the listener standing in for the network was contacted {len(contacts)} time(s): {contacts[:3]}")
    else:
        print(f"ok   no connection reached the listener on port {port}")


def write_xlsx(path, url):
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t>'
             '</is></c><c r="B1" t="inlineStr"><is><t>实缴税金(万元)</t></is></c></row><row r="2"><c r="A2" '
             f't="str"><f>WEBSERVICE("{url}/a")</f></c><c r="B2"><f>HYPERLINK("{url}/b","1")</f><v>1</v></c>'
             '</row></sheetData></worksheet>')
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types"><Default '
        f'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        f'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        f'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        f'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        f'worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        f'</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/'
        f'officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        # An external relationship to the listener, as a linked workbook would have.
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/'
        f'externalLink" Target="{url}/ext.xlsx" TargetMode="External"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def test_drivers(c):
    d = c.work / "drivers"
    d.mkdir(parents=True, exist_ok=True)
    (d / "p.kml").write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
                             '<Polygon><outerBoundaryIs><LinearRing><coordinates>120,30 120.1,30 120.1,30.1 120,30'
                             '</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>')
    (d / "p.gml").write_text('<?xml version="1.0"?><ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" '
                             'xmlns:gml="http://www.opengis.net/gml"><gml:featureMember><ogr:p><ogr:geometryProperty>'
                             '<gml:Polygon srsName="EPSG:4549"><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>'
                             f'{X0},{Y0} {X0 + 100},{Y0} {X0 + 100},{Y0 + 100} {X0},{Y0}</gml:coordinates>'
                             '</gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></ogr:geometryProperty></ogr:p>'
                             '</gml:featureMember></ogr:FeatureCollection>')
    (d / "plain.geojson").write_text(geojson_polygon('"crs":{"type":"name","properties":{"name":"EPSG:4549"}},'))
    # A VRT names another file (or a URL) as its source: refused, not followed.
    (d / "p.vrt").write_text('<OGRVRTDataSource><OGRVRTLayer name="p"><SrcDataSource>plain.geojson</SrcDataSource>'
                             '</OGRVRTLayer></OGRVRTDataSource>')
    (d / "p.csv").write_text(f'ZDDM,DLBM,WKT\nA,0601,"POLYGON (({X0} {Y0},{X0 + 100} {Y0},{X0} {Y0 + 100},'
                             f'{X0} {Y0}))"\n')
    with zipfile.ZipFile(d / "p.zip", "w") as z:
        z.writestr("p.geojson", geojson_polygon(""))
    import sqlite3
    con = sqlite3.connect(d / "p.sqlite")
    con.execute("CREATE TABLE p (ZDDM TEXT, DLBM TEXT)")
    con.commit()
    con.close()
    for name in ("p.kml", "p.gml", "p.vrt", "p.csv", "p.zip", "p.sqlite"):
        c.expect(f"{name} as parcels", ["check", c.project(f"drivers/case-{name}", f'[parcels]\npath = "../{name}"\n')],
                 5, ("does not accept", "cannot open it", "not accepted"))
    c.expect("a GeoJSON as parcels (accepted)",
             ["check", c.project("drivers/ok", '[parcels]\npath = "../plain.geojson"\n')], 0, ("read 1 = used 1",))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--landrenew", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("test", choices=("paths", "network", "drivers"))
    args = ap.parse_args()
    work = Path(args.work) / args.test
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    c = Checker(args.landrenew, work)
    {"paths": test_paths, "network": test_network, "drivers": test_drivers}[args.test](c)
    print(f"safety_test {args.test}: {'FAILED' if c.failures else 'passed'}")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
