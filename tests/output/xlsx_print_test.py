#!/usr/bin/python3
"""How the demo's tables.xlsx shows and prints (issue 21 item 4), read back with openpyxl.

usage: xlsx_print_test.py CHECK OUT_DIR
  CHECK is one of
  formats    every numeric cell carries the number format its column's unit calls for (亩 #,##0.00,
             容积率 0.000, shares 0.0%, counts #,##0, …); years, row and feature numbers stay General.
  unrounded  the cells hold the values of landrenew.gpkg and summary.json exactly, unrounded.
  print      every sheet prints landscape on A4, one page wide and as many tall as needed, with its header
             row (bold, frozen) repeated on each page (Print_Titles).
  widths     every column has a width, at least 8 and at most 40, wide enough for what it shows.
"""
import json
import os
import sqlite3
import sys

try:
    import openpyxl
except ImportError as e:
    print(f"SKIP: openpyxl is not installed ({e})")
    sys.exit(77)

# The demo's numeric columns and the format each shows in, by the unit in its header (hand-listed here, derived
# from the header by the writer).
FORMATS = {
    "工业用地面积(亩)": "#,##0.00", "腾出面积(亩)": "#,##0.00", "累计腾出(亩)": "#,##0.00", "面积(亩)": "#,##0.00",
    "可评价面积(亩)": "#,##0.00", "无法评价面积(亩)": "#,##0.00", "涉及工业用地(亩)": "#,##0.00",
    "计入腾出面积(亩)": "#,##0.00", "用地面积(亩)": "#,##0.00",
    "亩均税收(万元/亩)": "#,##0.00", "亩均增加值(万元/亩)": "#,##0.00", "亩均产出(万元/亩)": "#,##0.00",
    "单位能耗增加值(万元/吨标准煤)": "#,##0.00", "单位排放增加值(万元/吨)": "#,##0.00",
    "全员劳动生产率(万元/人)": "#,##0.00", "单位电耗税收(万元/万千瓦时)": "#,##0.00",
    "单位工业增加值能耗(吨标准煤/万元)": "0.000",
    "更新前容积率": "0.000", "现状容积率": "0.000", "容积率提升": "0.000",
    "累计完成目标比例": "0.0%", "占腾出总面积比例": "0.0%", "腾出任务完成率": "0.0%", "研发经费投入强度": "0.0%",
    "亩均效益综合得分": "0.0",
    "坐标X(米)": "0.00", "坐标Y(米)": "0.00",
    "更新前工业宗地数": "#,##0", "现状工业宗地数": "#,##0", "宗地数或条数": "#,##0", "可评价宗地数": "#,##0",
    "无法评价宗地数": "#,##0", "宗地数": "#,##0",
    "年度": "General", "源要素号": "General", "表格行号": "General", "源要素号/行号": "General",
}
# Sheets streamed from landrenew.gpkg: their columns follow the layer's fields.
LAYERS = {"连片": "clusters", "更新台账": "renewal", "企业": "enterprises"}
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def formats(wb, out):
    seen = set()
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if not is_number(c.value):
                    continue
                h = header[c.column - 1]
                seen.add(h)
                check(h in FORMATS, f"{ws.title}: numeric column {h} is one this test knows")
                if h in FORMATS and c.number_format != FORMATS[h]:
                    check(False, f"{ws.title} {c.coordinate} ({h}): format {FORMATS[h]} (got {c.number_format})")
                    return
    # The demo has a value in every column listed, but 腾出任务完成率 (no district quotas in the demo).
    check(set(FORMATS) - seen <= {"腾出任务完成率"}, f"every listed column seen ({set(FORMATS) - seen})")


def unrounded(wb, out):
    s = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    parks = list(wb["园区"].iter_rows(min_row=2, values_only=True))
    check(len(parks) == len(s["parks"]), "园区: a row per park")
    for row, p in zip(parks, s["parks"]):
        # Exactly equal: the cell holds the double summary.json holds, not its rounding.
        check(row[2] == p["industrial_mu"] and row[5] == p["far_before"] and row[6] == p["far_after"],
              f"园区 {p['id']}: 工业用地面积, 容积率 exactly as summary.json ({row[2]!r}, {p['industrial_mu']!r})")
    db = sqlite3.connect(os.path.join(out, "landrenew.gpkg"))
    compared = 0
    for sheet, layer in LAYERS.items():
        fields = [(r[1], r[2]) for r in db.execute(f"PRAGMA table_info({layer})")
                  if r[1] != "fid" and r[2] not in ("POINT", "MULTIPOLYGON", "POLYGON", "GEOMETRY")]
        values = [r for r in db.execute(f"SELECT {', '.join(f for f, _ in fields)} FROM {layer} ORDER BY fid")]
        rows = list(wb[sheet].iter_rows(min_row=2, values_only=True))
        check(len(rows) == len(values), f"{sheet}: a row per feature of {layer}")
        for i, (name, kind) in enumerate(fields):
            if kind != "REAL":
                continue
            for n, (row, v) in enumerate(zip(rows, values)):
                compared += v[i] is not None
                if row[i] != v[i]:
                    check(False, f"{sheet} row {n + 2} {name}: {row[i]!r} is {layer}.{name} {v[i]!r} exactly")
                    break
    check(compared > 8000, f"many values compared ({compared})")
    print(f"{compared} real values of {', '.join(LAYERS)} equal landrenew.gpkg's exactly")


def print_setup(wb, out):
    for ws in wb.worksheets:
        ps = ws.page_setup
        check(ps.orientation == "landscape" and str(ps.paperSize) == "9", f"{ws.title}: landscape A4")
        check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
              f"{ws.title}: fit to page")
        check(str(ps.fitToWidth) == "1" and str(ps.fitToHeight) == "0",
              f"{ws.title}: one page wide, as many tall as needed ({ps.fitToWidth}, {ps.fitToHeight})")
        check(ws.print_title_rows == "$1:$1", f"{ws.title}: header row on every page ({ws.print_title_rows})")
        check(ws.page_margins.left <= 0.3 and ws.page_margins.right <= 0.3, f"{ws.title}: narrow margins")
        check(ws.freeze_panes == "A2", f"{ws.title}: the header row stays in view ({ws.freeze_panes})")
        check(all(c.font.b for c in ws[1]), f"{ws.title}: the header row is bold")


def widths(wb, out):
    for ws in wb.worksheets:
        for i in range(1, ws.max_column + 1):
            letter = openpyxl.utils.get_column_letter(i)
            d = ws.column_dimensions.get(letter)
            w = d.width if d is not None and d.customWidth else None
            check(w is not None and 8 <= w <= 40, f"{ws.title} column {letter}: a width of 8 to 40 ({w})")
    # What shows fits: "9,196.48" (8 characters) and a margin in 园区's 工业用地面积(亩).
    check(wb["园区"].column_dimensions["C"].width >= 10, "园区: 工业用地面积(亩) is wide enough for 9,196.48")


def main():
    checks = {"formats": formats, "unrounded": unrounded, "print": print_setup, "widths": widths}
    if len(sys.argv) != 3 or sys.argv[1] not in checks:
        sys.exit(__doc__)
    out = sys.argv[2]
    wb = openpyxl.load_workbook(os.path.join(out, "tables.xlsx"))
    checks[sys.argv[1]](wb, out)
    print(f"{len(failures)} failed" if failures else f"ok: {sys.argv[1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
