"""What the declarations in variants.py are made of: expectations, the `variant` decorator, and helpers that
write the demo's inputs as offices keep them (DOMAIN.md §12). A declaration states its expectation as one of:

    same()               the information is the demo's: the headline figures and warnings equal the demo run's
                         exactly, and so do each enterprise's and parcel's results (run_variants.py: HEADLINE,
                         RECORDS)
    refuse(code, text)   the information is not enough to run: exit `code`, one line on stderr containing `text`
    warn(kinds, ...)     exit 0, and each kind in summary.json findings.warnings with a count above the demo's
                         (a tuple of kinds: any one of them, where two kinds name the same loss);
                         `same_as_demo` names headline groups that must still equal the demo's
    one_of(a, b)         either (where RULES leave the choice to the implementation)

Each maker gets a Variant (below): the demo's enterprise table as rows, helpers that write tables as XLSX, XLS,
ODS and CSV, and `project()`, which writes the variant's project.toml from the demo's. Inputs the variant does not
change are symlinks to the demo's files. Makers import openpyxl, xlwt, odf and osgeo only when they run, so that
run_variants.py can read the declarations without them.
"""
import copy
import csv
import json
import os
import re
from pathlib import Path

VARIANTS = {}  # name -> (maker, expectation, doc), in declaration order

DEMO_INPUTS = ("parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj", "buildings.gpkg", "districts.geojson",
               "parks.gpkg", "renewal.gpkg", "enterprises.xlsx", "enterprises.csv")
SHEET = "亩均评价"
TITLE = "湖州市2025年度工业企业亩均效益评价结果"
# Demo columns (enterprises.xlsx, row 1), by position.
CODE, NAME, INDUSTRY, SIZE, TAX, VA, REVENUE, ENERGY, EMISSIONS, STAFF, RD, POWER, YEAR = range(13)
NUMERIC = (TAX, VA, REVENUE, ENERGY, EMISSIONS, STAFF, RD, POWER)


# ---------------------------------------------------------------------------------------------------------------
# Expectations


def same():
    return {"expect": "same"}


def refuse(code, fragment):
    return {"expect": "refuse", "exit": code, "fragment": fragment}


def warn(kinds, same_as_demo=()):
    return {"expect": "warn", "kinds": [k if isinstance(k, str) else tuple(k) for k in kinds],
            "same_as_demo": list(same_as_demo)}


def one_of(*expectations):
    return {"expect": "one_of", "any": list(expectations)}


def describe(e):
    """One short line for tables and logs."""
    if e["expect"] == "same":
        return "same"
    if e["expect"] == "refuse":
        return f"refuse {e['exit']} '{e['fragment']}'"
    if e["expect"] == "warn":
        tail = f"; same {', '.join(e['same_as_demo'])}" if e["same_as_demo"] else ""
        return f"warn {', '.join(k if isinstance(k, str) else ' or '.join(k) for k in e['kinds'])}{tail}"
    return " or ".join(describe(x) for x in e["any"])


def variant(expectation):
    def register(fn):
        VARIANTS[fn.__name__] = (fn, expectation, (fn.__doc__ or "").strip())
        return fn
    return register


# ---------------------------------------------------------------------------------------------------------------
# What a maker works with


class Variant:
    def __init__(self, demo, folder):
        self.demo = Path(demo).resolve()
        self.d = Path(folder)
        self._table = None

    # The demo table ------------------------------------------------------------------------------------------
    def table(self):
        """[header] + the 718 data rows of the demo's enterprises.xlsx, as Python values (a fresh copy)."""
        if self._table is None:
            import openpyxl
            ws = openpyxl.load_workbook(self.demo / "enterprises.xlsx", read_only=True)[SHEET]
            self._table = [list(r) for r in ws.iter_rows(values_only=True)]
        return copy.deepcopy(self._table)

    def header(self):
        return self.table()[0]

    def rows(self):
        return self.table()[1:]

    # Inputs --------------------------------------------------------------------------------------------------
    def link_demo(self, *except_names):
        """Symlinks to the demo's inputs, all but `except_names` (those the variant writes itself)."""
        for name in DEMO_INPUTS:
            target = self.d / name
            if name in except_names or target.exists() or target.is_symlink():
                continue
            target.symlink_to(self.demo / name)

    def xlsx(self, sheets, name="enterprises.xlsx", merges=None, text_cells=False):
        """sheets: {sheet name: rows}; merges: {sheet name: ["A1:A2", ...]}. Cells are written as given (a str
        stays text, so numbers written as str are 'numbers stored as text', as Excel shows them)."""
        import openpyxl
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sheet, rows in sheets.items():
            ws = wb.create_sheet(sheet)
            for r in rows:
                ws.append(list(r))
            for rng in (merges or {}).get(sheet, []):
                ws.merge_cells(rng)
        wb.save(self.d / name)
        self.link_demo(name)

    def xls(self, sheets, name="enterprises.xls"):
        """Excel 97–2003 (.xls), as 经信 and 统计 offices still send it."""
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        for sheet, rows in sheets.items():
            ws = wb.add_sheet(sheet)
            for i, r in enumerate(rows):
                for j, value in enumerate(r):
                    if value is not None:
                        ws.write(i, j, value)
        wb.save(str(self.d / name))
        self.link_demo()

    def ods(self, sheets, name="enterprises.ods"):
        """OpenDocument (.ods): numbers as float cells, text as string cells."""
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P
        doc = OpenDocumentSpreadsheet()
        for sheet, rows in sheets.items():
            t = Table(name=sheet)
            for r in rows:
                tr = TableRow()
                for value in r:
                    if value is None:
                        tr.addElement(TableCell())
                    elif isinstance(value, (int, float)):
                        c = TableCell(valuetype="float", value=repr(value))
                        c.addElement(P(text=repr(value)))
                        tr.addElement(c)
                    else:
                        c = TableCell(valuetype="string")
                        c.addElement(P(text=str(value)))
                        tr.addElement(c)
                t.addElement(tr)
            doc.spreadsheet.addElement(t)
        doc.save(str(self.d / name))
        self.link_demo()

    def csv(self, rows, name="enterprises.csv", encoding="utf-8", lines_above=()):
        """CSV as Excel saves it: CRLF, quotes only where needed; `lines_above` are written before the header."""
        path = self.d / name
        with open(path, "w", encoding=encoding, newline="") as f:
            for line in lines_above:
                f.write(line + "\r\n")
            w = csv.writer(f, lineterminator="\r\n")
            for r in rows:
                w.writerow(["" if v is None else csv_text(v) for v in r])
        self.link_demo(name)

    def project(self, path="enterprises.xlsx", layer=SHEET, fields=None, parcels_fields=None, bom=False,
                crlf=False, **options):
        """Writes project.toml: the demo's, with [enterprises] reading `path` (and `layer`, when not None) and
        `options` (header_row = 4, layers = [...], evaluation_year = 2025); `fields` / `parcels_fields`
        change the [enterprises.fields] / [parcels.fields] mappings (None as a value removes the key)."""
        text = (self.demo / "project.toml").read_text(encoding="utf-8")
        head = f"[enterprises]\npath = {toml(path)}\n"
        if layer is not None:
            head += f"layer = {toml(layer)}\n"
        for key, value in options.items():
            head += f"{key} = {toml(value)}\n"
        text, n = re.subn(r"\[enterprises\]\n.*?(?=\[enterprises\.fields\])", lambda m: head, text, flags=re.S)
        assert n == 1, "the demo's project.toml has no [enterprises] section"
        text = remap(text, "enterprises.fields", fields or {})
        text = remap(text, "parcels.fields", parcels_fields or {})
        if crlf:
            text = text.replace("\n", "\r\n")
        (self.d / "project.toml").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        self.link_demo()


def toml(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def remap(text, section, changes):
    """Sets or removes `key = "column"` lines in [section] of a project file."""
    if not changes:
        return text
    start = text.index(f"[{section}]\n") + len(section) + 3
    end = text.find("\n[", start)
    end = len(text) if end < 0 else end + 1
    lines = text[start:end].splitlines(keepends=True)
    for key, column in changes.items():
        i = next((i for i, line in enumerate(lines) if line.split("=")[0].strip() == key), None)
        line = None if column is None else f"{key} = {toml(column)}\n"
        if i is None and line:
            lines.append(line)
        elif i is not None:
            lines[i:i + 1] = [line] if line else []
    return text[:start] + "".join(lines) + text[end:]


# ---------------------------------------------------------------------------------------------------------------
# Cell rewriting

FULL_WIDTH = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}  # ASCII ! .. ~ -> U+FF01 .. U+FF5E


def full_width(s):
    return str(s).translate(FULL_WIDTH)


def csv_text(v):
    """A number as Excel writes it into CSV (shortest round-trip form; 2025, not 2025.0)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def numbers(rows, fn, columns=NUMERIC):
    """Rewrites every numeric cell of `columns` with fn(value); text cells (the demo's planted '/', '暂无', '-')
    stay as they are."""
    for r in rows:
        for c in columns:
            if isinstance(r[c], (int, float)) and not isinstance(r[c], bool):
                r[c] = fn(r[c])
    return rows


def thousands(v):
    return f"{v:,}"  # float: shortest round-trip digits with separators, 29363400.0 -> '29,363,400.0'


def blank_row(width=13):
    return [None] * width


def sums(rows, columns=NUMERIC):
    """Column totals, as an office's 合计 row has them."""
    out = blank_row()
    for c in columns:
        out[c] = round(sum(r[c] for r in rows if isinstance(r[c], (int, float))), 2)
    return out


def gdal_copy_dbf(v, transform, drop=(), widen=None):
    """Writes the variant's parcels.dbf from the demo's (GBK, no .cpg) with `transform(field name, value)`
    applied to every text value, `drop` fields left out and `widen` = {field: width}; the .shp, .shx and .prj
    stay the demo's bytes (symlinks), so the geometries are exactly the demo's. GDAL writes the .dbf in CP936
    (GBK) and says so in its language-driver byte and a .cpg."""
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    src = gdal.OpenEx(str(v.demo / "parcels.shp"), gdal.OF_VECTOR, open_options=["ENCODING=CP936"])
    sl = src.GetLayer()
    tmp = v.d / "dbf-tmp"
    tmp.mkdir(exist_ok=True)
    drv = ogr.GetDriverByName("ESRI Shapefile")
    dst = drv.CreateDataSource(str(tmp))
    dl = dst.CreateLayer("parcels", None, ogr.wkbNone, options=["ENCODING=CP936"])
    sdefn = sl.GetLayerDefn()
    kept = []
    for i in range(sdefn.GetFieldCount()):
        fd = sdefn.GetFieldDefn(i)
        if fd.GetName() in drop:
            continue
        nd = ogr.FieldDefn(fd.GetName(), fd.GetType())
        nd.SetWidth((widen or {}).get(fd.GetName(), fd.GetWidth()))
        nd.SetPrecision(fd.GetPrecision())
        dl.CreateField(nd)
        kept.append((i, fd.GetName(), fd.GetType()))
    ddefn = dl.GetLayerDefn()
    count = 0
    for f in sl:
        nf = ogr.Feature(ddefn)
        for j, (i, name, kind) in enumerate(kept):
            if not f.IsFieldSetAndNotNull(i):
                continue
            if kind == ogr.OFTString:
                value = transform(name, f.GetFieldAsString(i))
                if value is not None:
                    nf.SetField(j, value)
            elif kind == ogr.OFTDate:
                nf.SetField(j, *f.GetFieldAsDateTime(i)[:3], 0, 0, 0, 0)
            else:
                nf.SetField(j, f.GetField(i))
        dl.CreateFeature(nf)
        count += 1
    dst = None
    src = None
    assert count == 2991, count
    for ext in ("dbf", "cpg"):
        if (tmp / f"parcels.{ext}").exists():
            os.replace(tmp / f"parcels.{ext}", v.d / f"parcels.{ext}")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    v.link_demo("parcels.dbf")


def renewal_dates(v, rewrite):
    """Copies renewal.gpkg with WCRQ of each record replaced by rewrite(fid, WCRQ) (None keeps it)."""
    import shutil
    from osgeo import ogr
    ogr.UseExceptions()
    shutil.copy(v.demo / "renewal.gpkg", v.d / "renewal.gpkg")
    ds = ogr.Open(str(v.d / "renewal.gpkg"), 1)
    layer = ds.GetLayerByName("renewal")
    changed = 0
    feats = list(layer)
    for f in feats:
        new = rewrite(f.GetFID(), f.GetField("WCRQ"))
        if new is not None and new != f.GetField("WCRQ"):
            f.SetField("WCRQ", new)
            layer.SetFeature(f)
            changed += 1
    ds = None
    v.link_demo("renewal.gpkg")
    return changed


FULL_DATE = re.compile(r"^(\d{4})(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?$")


def parse_full_date(text):
    m = FULL_DATE.match(text or "")
    return tuple(int(g) for g in m.groups()) if m else None


CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(y, m, d):
    def small(n):  # 1..31 as 三, 十, 十五, 二十一, 三十
        tens, ones = divmod(n, 10)
        return (("" if tens < 2 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")
    return "".join(CN_DIGITS[int(c)] for c in str(y)) + "年" + small(m) + "月" + small(d) + "日"


def excel_serial(y, m, d):
    import datetime
    return (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days



# ---------------------------------------------------------------------------------------------------------------
# The renewal register as a table keyed by parcel codes (issue 18, RULES 23)

REGISTER_SHEET = "更新台账"
REGISTER_TITLE = "湖州市工业用地有机更新项目台账"
REGISTER_COLUMNS = ("XMBH", "XMMC", "GXMS", "WCRQ", "ZT", "XZQDM", "ZDDM")
ZDDM = REGISTER_COLUMNS.index("ZDDM")


def register_rows(demo):
    """[header] + one row per record of the demo's renewal.gpkg (FID order): its attributes, without geometry. The
    demo's ZDDM cells list a record's parcel codes separated by ';'."""
    from osgeo import ogr
    ogr.UseExceptions()
    ds = ogr.Open(str(Path(demo) / "renewal.gpkg"))
    layer = ds.GetLayerByName("renewal")
    rows = [list(REGISTER_COLUMNS)]
    for f in layer:
        rows.append([f.GetField(c) for c in REGISTER_COLUMNS])
    return rows


def register_source(v, path, layer=None, fields=None):
    """Points [renewal] of the variant's project.toml (written by v.project()) at `path` (and `layer`), the
    field mapping changed by `fields` (None as a value removes the key)."""
    p = v.d / "project.toml"
    text = p.read_text(encoding="utf-8")
    head = f"[renewal]\npath = {toml(path)}\n" + (f"layer = {toml(layer)}\n" if layer else "")
    text, n = re.subn(r"\[renewal\]\n.*?(?=\[renewal\.fields\])", lambda m: head, text, flags=re.S)
    assert n == 1, "the demo's project.toml has no [renewal] section"
    p.write_text(remap(text, "renewal.fields", fields or {}), encoding="utf-8")
