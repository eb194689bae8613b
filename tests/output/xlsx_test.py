#!/usr/bin/python3
"""tables.xlsx opens with GDAL and adds up to summary.json (issue 7); hostile text stays text.

usage: xlsx_test.py OUT_DIR [HOSTILE_OUT_DIR]
  OUT_DIR: the demo run. Sheets and headers as documented; freed by year, by district and by mode each add up
  to freed.mu; one park row per park; enterprise classes count as summary.enterprises.classes; every cell of
  the workbook is a value (no formula element anywhere).
  HOSTILE_OUT_DIR (run_demo.py hostile): the enterprises named "=1+1" and like read back as that text, stored
  as shared strings.
"""
import json
import os
import re
import sys
import zipfile

try:
    from osgeo import gdal, ogr
except ImportError as e:
    print(f"SKIP: python3-gdal is not installed ({e})")
    sys.exit(77)

gdal.UseExceptions()
SHEETS = ["园区", "行政区", "腾出(年度)", "腾出(行政区)", "腾出(模式)", "数据覆盖", "连片", "更新台账", "企业", "质量问题"]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def open_sheets(path):
    # HEADERS=FORCE: the first row is the header even where every column is text.
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["XLSX"], open_options=["HEADERS=FORCE"])
    return ds, {ds.GetLayer(i).GetName(): ds.GetLayer(i) for i in range(ds.GetLayerCount())}


def rows(layer):
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    layer.ResetReading()
    return names, [{n: f.GetField(n) for n in names} for f in layer]


def no_formulas(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                check("<f>" not in xml and "<f " not in xml, f"{name} holds no formula")


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main():
    out = sys.argv[1]
    path = os.path.join(out, "tables.xlsx")
    s = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    ds, sheets = open_sheets(path)
    check(list(sheets) == SHEETS, f"the sheets are {SHEETS} (got {list(sheets)})")
    freed = s["freed"]["mu"]
    for sheet in ("腾出(年度)", "腾出(行政区)", "腾出(模式)"):
        names, data = rows(sheets[sheet])
        total = sum(r["腾出面积(亩)"] or 0 for r in data)
        check(close(total, freed), f"{sheet}: 腾出面积(亩) adds up to freed.mu {freed} (got {total})")
    names, parks = rows(sheets["园区"])
    check(len(parks) == len(s["parks"]), f"园区: one row per park ({len(parks)} of {len(s['parks'])})")
    for r, p in zip(parks, s["parks"]):
        check(r["园区编号"] == p["id"] and (p["uplift"] is None or close(r["容积率提升"], p["uplift"])),
              f"园区 {p['id']}: id and uplift as in summary.json")
        check(r["是否达到提升目标"] == ("达标" if p["meets_target"] else "未达标"), f"园区 {p['id']}: pass/fail")
    names, districts = rows(sheets["行政区"])
    check([r["行政区代码"] for r in districts] == [d["code"] for d in s["districts"]], "行政区: one row per district")
    names, enterprises = rows(sheets["企业"])
    check("亩均评价等级" in names and "准入标准结果" in names and "企业名称" in names,
          f"企业: Chinese headers with class and admission ({names[:4]}…)")
    for c, n in s["enterprises"]["classes"].items():
        got = sum(1 for r in enterprises if r["亩均评价等级"] == c)
        check(got == n, f"企业: class {c} counted {n} times (got {got})")
    check(set(r["准入标准结果"] for r in enterprises) <= {"通过", "未通过", "无法判定", None}, "企业: admission in Chinese")
    # RULES.md 20: one row per criterion with the land it was and was not evaluated on, then the warnings.
    names, coverage = rows(sheets["数据覆盖"])
    criteria = [r for r in coverage if r["类别"] == "认定依据"]
    by = s["low_efficiency"]["by_criterion"]
    check([r["代码"] for r in criteria] == list(by), f"数据覆盖: one row per criterion ({[r['代码'] for r in criteria]})")
    for r in criteria:
        v = by[r["代码"]]
        check(r["可评价宗地数"] == v["evaluated"]["parcels"] and r["无法评价宗地数"] == v["not_evaluable"]["parcels"]
              and close(r["无法评价面积(亩)"], v["not_evaluable"]["mu"]), f"数据覆盖 {r['代码']}: as in summary.json")
    warnings = [r for r in coverage if r["类别"] == "警告"]
    check([r["代码"] for r in warnings] == [w["kind"] for w in s["findings"]["warnings"]],
          "数据覆盖: the warnings of summary.json, in its order")
    names, clusters = rows(sheets["连片"])
    check(len(clusters) == len(s["clusters"]), f"连片: one row per cluster ({len(clusters)})")
    # RULES.md 23: the register's records, whether each counts, and the parcel codes of its footprint.
    names, records = rows(sheets["更新台账"])
    check({"计入腾出", "涉及宗地代码(台账所列)", "项目范围来源", "项目范围宗地(按宗地代码)"} <= set(names),
          f"更新台账: counted and parcel-code columns ({names})")
    counted = sum(1 for r in records if r["计入腾出"] == "是")
    check(counted == s["freed"]["records_counted"], f"更新台账: {counted} records counted")
    total = sum(r["计入腾出面积(亩)"] or 0 for r in records)
    check(close(total, freed), f"更新台账: 计入腾出面积(亩) adds up to freed.mu {freed} (got {total})")
    names, findings = rows(sheets["质量问题"])
    check(len(findings) == s["findings"]["total"], f"质量问题: one row per finding ({len(findings)})")
    check(all(re.search("[\u4e00-\u9fff]", n) for n in names), f"质量问题: Chinese headers ({names})")
    ds = None
    no_formulas(path)

    if len(sys.argv) > 2:
        hostile = sys.argv[2]
        planted = json.load(open(os.path.join(hostile, "hostile.json"), encoding="utf-8"))
        path = os.path.join(hostile, "tables.xlsx")
        ds, sheets = open_sheets(path)
        names, enterprises = rows(sheets["企业"])
        got = {r["企业名称"] for r in enterprises}
        for key in ("formula", "dde", "script"):
            check(planted[key] in got, f"hostile: the enterprise named {planted[key]!r} reads back as that text")
        ds = None
        no_formulas(path)
        with zipfile.ZipFile(path) as z:
            shared = z.read("xl/sharedStrings.xml").decode("utf-8")
        check("<t>=1+1</t>" in shared, "hostile: =1+1 is stored as a shared string (text), unchanged")

    print(f"{len(failures)} failed" if failures else "ok: sheets add up to summary.json; text stays text")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
