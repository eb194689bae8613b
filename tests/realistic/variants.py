"""The realistic-variants corpus (issue 17, item 4): the demo's inputs as offices keep them (DOMAIN.md §12), one
declaration per variant — its name, how it is made from the demo, and what a run must give by RULES.md 20–22
(kit.py says what same / refuse / warn / one_of assert). The docstring of each says what the office did.
"""
import re
import unicodedata

from kit import (CODE, EMISSIONS, ENERGY, INDUSTRY, NAME, NUMERIC, POWER, RD, REVENUE, SHEET, SIZE, STAFF, TAX,
                 TITLE, VA, YEAR, chinese_date, csv_text, excel_serial, full_width, gdal_copy_dbf,
                 numbers, parse_full_date, refuse, renewal_dates, same, sums, thousands, variant, warn,
                 REGISTER_SHEET, REGISTER_TITLE, ZDDM, register_rows, register_source)

# Figures that do not depend on the enterprise table or on the register's dates.
LAND = ["industrial", "freed", "parks"]
# Every headline group of run_variants.py: the figures and warnings all the demo's.
ALL_FIGURES = ["industrial", "low_efficiency", "enterprises", "freed", "parks", "inputs", "warnings"]


def year_copy(rows, year):
    """The rows again as another year's: each clean number times 0.93, the bad cells of the demo (text,
    negative or implausible numbers) blank, so that the other year's rows hold nothing to warn about."""
    out = []
    for r in rows:
        r = list(r)
        for c in NUMERIC:
            ok = isinstance(r[c], (int, float)) and 0 <= r[c] < 1e6
            r[c] = (round(r[c] * 0.93, 2) if isinstance(r[c], float) else int(r[c] * 0.93)) if ok else None
        r[YEAR] = year
        out.append(r)
    return out


# -----------------------------------------------------------------------------------------------------------------
# The same information as the demo: every headline figure and warning, and every enterprise's and parcel's
# results, equal the demo run's.


@variant(same())
def xlsx_title_row(v):
    """A title row above the header (RULES 21: rows above the header are a title)."""
    v.xlsx({SHEET: [[TITLE]] + v.table()}, merges={SHEET: ["A1:M1"]})
    v.project()


@variant(same())
def xlsx_title_and_blank_row(v):
    """A title row, a 填报单位 line and a blank row above the header."""
    v.xlsx({SHEET: [[TITLE], ["填报单位：湖州市经济和信息化局", None, None, None, None, None, None, None, None, None,
                              "单位：万元"], []] + v.table()})
    v.project()


@variant(same())
def xlsx_two_row_merged_header(v):
    """A two-row header: 经济效益指标 merged over the money columns and 资源要素 over energy and emissions, their
    column names on the row below; the other columns' names merged vertically over both rows."""
    header = v.header()
    top = list(header)
    below = [None] * len(header)
    for c in (TAX, VA, REVENUE, ENERGY, EMISSIONS):
        top[c], below[c] = None, header[c]
    top[TAX], top[ENERGY] = "经济效益指标", "资源要素指标"
    merges = [f"{col}1:{col}2" for col in "ABCDJKLM"] + ["E1:G1", "H1:I1"]
    v.xlsx({SHEET: [top, below] + v.rows()}, merges={SHEET: merges})
    v.project()


@variant(same())
def xlsx_two_row_header_pinned(v):
    """A title row and a two-row merged header, pinned with header_row = 2 and header_rows = 2."""
    header = v.header()
    top, below = list(header), [None] * len(header)
    for c in (TAX, VA, REVENUE):
        top[c], below[c] = None, header[c]
    top[TAX] = "经济效益指标"
    merges = ["A1:M1"] + [f"{col}2:{col}3" for col in "ABCDHIJKLM"] + ["E2:G2"]
    v.xlsx({SHEET: [[TITLE], top, below] + v.rows()}, merges={SHEET: merges})
    v.project(header_row=2, header_rows=2)


@variant(same())
def xlsx_units_row(v):
    """A units row (万元, 吨标准煤, …) under the header: it carries no identifier, so it is not a record (RULES 21)."""
    units = [None, None, None, None, "万元", "万元", "万元", "吨标准煤", "吨", "人", "万元", "万千瓦时", None]
    v.xlsx({SHEET: [v.header(), units] + v.rows()})
    v.project()


@variant(same())
def xlsx_numbers_as_text(v):
    """Every number stored as text (Excel's green triangle), the year too."""
    rows = numbers(v.rows(), csv_text, columns=NUMERIC + (YEAR,))
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_thousands_separators(v):
    """Numbers as text with thousands separators: 1,234.56 and 29,363,400.0."""
    v.xlsx({SHEET: [v.header()] + numbers(v.rows(), thousands)})
    v.project()


@variant(same())
def xlsx_full_width_numbers(v):
    """Numbers typed through a Chinese input method: full-width digits, point and minus (１２３４．５６)."""
    v.xlsx({SHEET: [v.header()] + numbers(v.rows(), lambda x: full_width(csv_text(x)))})
    v.project()


@variant(same())
def xlsx_spaces_around_values(v):
    """Numbers and years as text with spaces, no-break spaces and U+3000 around them."""
    pads = [(" ", ""), ("", "\u00a0"), ("\u3000", " "), ("\u00a0", "\u00a0")]
    rows = v.rows()
    for i, r in enumerate(rows):
        left, right = pads[i % len(pads)]
        numbers([r], lambda x: left + csv_text(x) + right, columns=NUMERIC + (YEAR,))
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_codes_with_spaces(v):
    """Credit codes with no-break spaces and U+3000 around and inside them (copied from web pages and Word)."""
    forms = [lambda c: "\u3000" + c, lambda c: c + "\u00a0", lambda c: c[:8] + "\u00a0" + c[8:],
             lambda c: c[:6] + "\u3000" + c[6:12] + " " + c[12:], lambda c: c]
    rows = v.rows()
    for i, r in enumerate(rows):
        r[CODE] = forms[i % len(forms)](r[CODE].strip())
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_codes_full_width(v):
    """Credit codes typed full-width (９１３３０５００ＭＡ７Ｗ５Ｎ８Ｊ５Ｒ): NFKC makes them the parcels' codes."""
    rows = v.rows()
    for r in rows:
        r[CODE] = full_width(r[CODE])
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_codes_lower_case(v):
    """Credit codes in lower case (91330500ma7w5n8j5r)."""
    rows = v.rows()
    for r in rows:
        r[CODE] = r[CODE].lower()
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_total_row(v):
    """A 合计 row at the bottom with the column sums and the year."""
    rows = v.rows()
    total = sums(rows)
    total[CODE], total[YEAR] = "合计", 2025
    v.xlsx({SHEET: [v.header()] + rows + [total]})
    v.project()


@variant(same())
def xlsx_subtotal_rows(v):
    """A 规上企业合计 row in the middle and a 规下企业 小计 and a 总 计 row at the bottom, each with 规模 (where it
    has one), sums and the year filled and its label in the name column, as offices write it. The rows keep the
    demo's order (xlsx_rows_reordered tests another order on its own)."""
    rows = v.rows()
    subtotals = []
    for size, label in (("规上", "规上企业合计"), ("规下", "规下企业 小计"), (None, "总 计")):
        subtotal = sums([r for r in rows if size in (None, r[SIZE])])
        subtotal[NAME], subtotal[SIZE], subtotal[YEAR] = label, size, 2025
        subtotals.append(subtotal)
    v.xlsx({SHEET: [v.header()] + rows[:359] + subtotals[:1] + rows[359:] + subtotals[1:]})
    v.project()


@variant(same())
def xlsx_notes_rows(v):
    """A blank row, then 注： and 填表人 rows at the bottom."""
    notes = [[], ["注：1. 亩均税收 = 实缴税金 ÷ 用地面积；2. 数据截至2025年12月31日。"],
             ["填表人：王敏", None, None, None, "审核人：陈建国", None, None, None, "联系电话：0572-2039999"]]
    v.xlsx({SHEET: v.table() + notes})
    v.project()


@variant(same())
def xlsx_source_row(v):
    """数据来源 and 说明 rows at the bottom, their text in the name column (the first non-blank cell)."""
    tail = [[None, "数据来源：湖州市经济和信息化局、市统计局、市税务局"],
            [None, "说明：规下企业不参与A类评定", None, None, None, None, None, None, None, None, None, None, 2025]]
    v.xlsx({SHEET: v.table() + tail})
    v.project()


@variant(same())
def xlsx_blank_rows_between_blocks(v):
    """Blocks of 100 rows (as pasted together from the districts' returns) with one or two blank rows between
    them, in the demo's order."""
    rows = v.rows()
    out = [v.header()]
    for i in range(0, len(rows), 100):
        out += rows[i:i + 100] + [[]] * (1 + i // 100 % 2)
    v.xlsx({SHEET: out})
    v.project()


@variant(same())
def xlsx_rows_reordered(v):
    """Rows sorted by tax, largest first (text cells last), as a ranking table. The demo has no duplicate credit
    code and no two rows with equal indicators, so no tie depends on row order."""
    rows = v.rows()
    rows.sort(key=lambda r: -r[TAX] if isinstance(r[TAX], (int, float)) else float("inf"))
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(same())
def xlsx_columns_reordered(v):
    """Columns in another order: name first, money columns reversed, year before 规模."""
    order = [NAME, CODE, YEAR, SIZE, INDUSTRY, REVENUE, VA, TAX, RD, STAFF, POWER, ENERGY, EMISSIONS]
    v.xlsx({SHEET: [[r[c] for c in order] for r in v.table()]})
    v.project()


@variant(same())
def xlsx_extra_columns(v):
    """Unmapped columns: 序号 in front; 所在区县, 上年实缴税金(万元) (a near namesake of a mapped column), 联系人 and
    备注 at the end."""
    districts = {"330502": "吴兴区", "330503": "南浔区", "330521": "德清县", "330522": "长兴县", "330523": "安吉县"}
    header = ["序号"] + v.header() + ["所在区县", "上年实缴税金(万元)", "联系人", "备注"]
    out = [header]
    for i, r in enumerate(v.rows()):
        last_year = round(r[TAX] * 0.9, 2) if isinstance(r[TAX], (int, float)) else "—"
        out.append([i + 1] + r + [districts.get(r[CODE].strip()[2:8], "市本级"), last_year, "张工",
                                  "亩均税收低于全市平均" if i % 11 == 0 else None])
    v.xlsx({SHEET: out})
    v.project()


@variant(same())
def xlsx_two_sheets(v):
    """规上企业 and 规下企业 on two sheets, each with a title row and its own header, read with layers = [...]."""
    rows = v.rows()
    sheets = {}
    for size, sheet in (("规上", "规上企业"), ("规下", "规下企业")):
        sheets[sheet] = [[f"湖州市2025年度{size}工业企业亩均效益评价结果"], v.header()] + \
            [r for r in rows if r[SIZE] == size]
    v.xlsx(sheets)
    v.project(layer=None, layers=["规上企业", "规下企业"])


@variant(same())
def xlsx_sheet_per_year(v):
    """One sheet per year (2024年 with other values, 2025年 the demo's), both read; the latest year is evaluated."""
    v.xlsx({"2024年": [v.header()] + year_copy(v.rows(), 2024), "2025年": v.table()})
    v.project(layer=None, layers=["2024年", "2025年"])


@variant(same())
def xlsx_two_years_stacked(v):
    """2024's rows (other values) above 2025's in one sheet; by default the latest year is evaluated (RULES 21)."""
    v.xlsx({SHEET: [v.header()] + year_copy(v.rows(), 2024) + v.rows()})
    v.project()


@variant(same())
def xlsx_two_years_evaluation_year(v):
    """2025's rows above 2024's, with evaluation_year = 2025 in the project file."""
    v.xlsx({SHEET: v.table() + year_copy(v.rows(), 2024)})
    v.project(evaluation_year=2025)


@variant(same())
def xlsx_header_row_pinned(v):
    """Three rows above the header, and the header pinned with header_row = 4 (the sheet row, as Excel numbers it)."""
    above = [[TITLE], ["填报单位：湖州市经济和信息化局"], []]
    v.xlsx({SHEET: above + v.table()})
    v.project(header_row=4)


@variant(same())
def xls_title_row(v):
    """Excel 97–2003 (.xls) with a title row, as 经信 and 统计 offices still send it."""
    v.xls({SHEET: [[TITLE]] + v.table()})
    v.project(path="enterprises.xls")


@variant(same())
def ods_table(v):
    """OpenDocument spreadsheet (.ods), as LibreOffice and WPS save it."""
    v.ods({SHEET: v.table()})
    v.project(path="enterprises.ods")


@variant(same())
def csv_utf8_bom(v):
    """The table as CSV in UTF-8 with a byte-order mark ('CSV UTF-8' in Excel's Save As)."""
    v.csv(v.table(), encoding="utf-8-sig")
    v.project(path="enterprises.csv", layer=None)


@variant(same())
def csv_gbk_title_line(v):
    """CSV in GBK (Excel's plain 'CSV' on Chinese Windows) with the title on a line of its own above the header."""
    v.csv(v.table(), encoding="gbk", lines_above=[TITLE + "," * 12])
    v.project(path="enterprises.csv", layer=None)


@variant(same())
def csv_thousands_quoted(v):
    """CSV in GBK with thousands separators, the fields that have them quoted ("1,234.56")."""
    v.csv([v.header()] + numbers(v.rows(), thousands), encoding="gbk")
    v.project(path="enterprises.csv", layer=None)


@variant(same())
def xlsx_as_offices_send_it(v):
    """All at once: a merged title, a two-row merged header, a units row, numbers as text with separators,
    codes with U+3000, 规上/规下 blocks with subtotal rows and blank rows, a 合计 and a 注： row."""
    header = v.header()
    top, below = list(header), [None] * len(header)
    for c in (TAX, VA, REVENUE):
        top[c], below[c] = None, header[c]
    top[TAX] = "经济效益指标"
    units = [None, None, None, None, "万元", "万元", "万元", "吨标准煤", "吨", "人", "万元", "万千瓦时", None]
    rows = v.rows()
    subtotal = sums([r for r in rows if r[SIZE] == "规上"])
    subtotal[NAME], subtotal[SIZE] = "规上企业合计", "规上"
    total = sums(rows)
    total[CODE] = "合计"
    for i, r in enumerate(rows):
        numbers([r], thousands)
        if i % 3 == 0:
            r[CODE] = r[CODE].strip() + "\u3000"
    out = [[TITLE], top, below, units] + rows[:400] + [[], subtotal, []] + rows[400:] + \
        [total, ["注：本表由各区县经信部门汇总。"]]
    merges = ["A1:M1"] + [f"{col}2:{col}3" for col in "ABCDHIJKLM"] + ["E2:G2"]
    v.xlsx({SHEET: out}, merges={SHEET: merges})
    v.project()


@variant(same())
def parcels_codes_full_width(v):
    """The cadastre's credit codes (QLRZJH) typed full-width, in the GBK .dbf (two bytes a character)."""
    gdal_copy_dbf(v, lambda field, value: full_width(value) if field == "QLRZJH" else value,
                  widen={"QLRZJH": 160})
    v.project()


@variant(same())
def renewal_dates_written_forms(v):
    """The register's completion dates in the other exact forms of RULES 22: 2024.3.15, 二〇二四年三月十五日,
    2024年03月15日 and the Excel serial 45366 as text; the demo's unreadable dates stay as they are."""
    forms = [lambda y, m, d: f"{y}.{m}.{d}", chinese_date, lambda y, m, d: f"{y}年{m:02d}月{d:02d}日",
             lambda y, m, d: str(excel_serial(y, m, d))]

    def rewrite(fid, text):
        ymd = parse_full_date(text)
        return forms[fid % len(forms)](*ymd) if ymd else None

    assert renewal_dates(v, rewrite) > 200
    v.project()


@variant(same())
def project_file_bom_crlf(v):
    """The project file saved by Notepad: a UTF-8 byte-order mark and CRLF line ends."""
    v.project(bom=True, crlf=True)


# -----------------------------------------------------------------------------------------------------------------
# Other information than the demo's: a refusal that says what to fix, or a headline warning.

# The admission standard is not among them: the parcel's own contract figures (investment, tax per mu) and its
# FAR can still decide it.
NOT_LINKED = ["enterprise_unlinked", "not_evaluable_enterprise_class", "not_evaluable_tax_per_mu_below",
              "not_evaluable_far_below_minimum"]


@variant(warn(NOT_LINKED, same_as_demo=LAND))
def parcels_without_credit_codes(v):
    """A 三调-style parcel layer: no credit-code or holder column, and the project maps none. No enterprise links
    to land, so the criteria that need the enterprise are not evaluable (RULES 20); the land figures stay the
    demo's."""
    gdal_copy_dbf(v, lambda field, value: value, drop=("QLRZJH", "QLR"))
    v.project(parcels_fields={"credit_code": None, "holder": None})


@variant(warn(NOT_LINKED, same_as_demo=LAND))
def parcels_credit_codes_blank(v):
    """The credit-code and holder columns are there and mapped, but every cell is blank (with the holders
    there, enterprises would link by name: holder_names_only)."""
    gdal_copy_dbf(v, lambda field, value: None if field in ("QLRZJH", "QLR") else value)
    v.project()


@variant(refuse(6, "QLRZJH"))
def parcels_credit_code_column_missing(v):
    """The project maps credit_code = "QLRZJH" but the parcel layer has no such column."""
    gdal_copy_dbf(v, lambda field, value: value, drop=("QLRZJH",))
    v.project()


@variant(refuse(6, "实缴税金(万元)"))
def table_tax_column_missing(v):
    """The mapped tax column 实缴税金(万元) was deleted from the table."""
    v.xlsx({SHEET: [r[:TAX] + r[TAX + 1:] for r in v.table()]})
    v.project()


@variant(refuse(6, ("统一社会信用代码", "企业名称", "实缴税金(万元)")))
def table_header_garbled(v):
    """The header's names garbled (GBK bytes read as Latin-1 and saved again: Í³Ò»Éç»áÐÅÓÃ´úÂë): no row names the
    mapped columns. The message must name a column it looked for."""
    table = v.table()
    table[0] = [h.encode("gbk").decode("latin-1") for h in table[0]]
    v.xlsx({SHEET: table})
    v.project()


@variant(refuse(6, "evaluation_year = 2023"))
def table_evaluation_year_absent(v):
    """evaluation_year = 2023, but every row is 2025's. RULES leave the choice between a refusal and evaluating no
    enterprise (every criterion that needs one not evaluable, RULES 20), never silence; the tables branch
    refuses, naming the option and the years the column has."""
    v.xlsx({SHEET: v.table()})
    v.project(evaluation_year=2023)


@variant(warn(["bad_number"], same_as_demo=LAND))
def table_bad_numbers(v):
    """Cells that are not numbers in many rows: 12万, —, 约300, 1.2亿, 见附表 (RULES 11: missing, reported)."""
    bad = ["12万", "—", "约300", "1.2亿", "见附表", "--"]
    rows = v.rows()
    for i, r in enumerate(rows[::6]):
        r[TAX] = bad[i % len(bad)]
        r[REVENUE] = bad[(i + 1) % len(bad)]
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(warn(["credit_code_duplicate"], same_as_demo=LAND))
def table_duplicate_codes(v):
    """Copy-paste slips: 30 rows carry the credit code of the row above (same year, other enterprise)."""
    rows = v.rows()
    for i in range(10, 10 + 30 * 20, 20):
        rows[i][CODE] = rows[i - 1][CODE]
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(warn([], same_as_demo=ALL_FIGURES))
def table_old_organisation_codes(v):
    """Every fifth row carries only the old 组织机构代码 (XXXXXXXX-X, credit-code characters 9–17): it links to
    the parcels whose credit code embeds it (issue 18), so every figure and warning is the demo's (the
    enterprises' own records are keyed by the code the row carries, so they are compared through the figures)."""
    rows = v.rows()
    for r in rows[::5]:
        c = r[CODE].strip()
        r[CODE] = c[8:16] + "-" + c[16]
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(warn([("enterprise_unlinked", "credit_code_missing"), "not_evaluable_enterprise_class"],
              same_as_demo=LAND + ["inputs"]))
def table_codes_missing(v):
    """Every tenth row has a name but no credit code: still a record (RULES 21), linked to no land (a warning
    that the rows link to nothing, under either name), so their parcels lose their class."""
    rows = v.rows()
    for r in rows[::10]:
        r[CODE] = None
    v.xlsx({SHEET: [v.header()] + rows})
    v.project()


@variant(warn(["bad_date"], same_as_demo=["industrial", "parks"]))
def renewal_dates_unreadable(v):
    """A quarter of the register's completion dates unreadable: 待定, 见附件, 年底, 已完成."""
    bad = ["待定", "见附件", "年底", "已完成"]
    assert renewal_dates(v, lambda fid, text: bad[fid % 4] if fid % 4 == 0 else None) > 50
    v.project()


# --- issue 18: enterprise links ---

def demo_parcel_codes(v):
    """{parcel id (ZDDM): [credit codes of its QLRZJH cell, as compared (RULES 21)]} from the demo's .dbf."""
    from osgeo import gdal
    gdal.UseExceptions()
    ds = gdal.OpenEx(str(v.demo / "parcels.shp"), gdal.OF_VECTOR, open_options=["ENCODING=CP936"])
    out = {}
    for f in ds.GetLayer():
        cell = f.GetField("QLRZJH") or ""
        out.setdefault(f.GetField("ZDDM"), []).extend(
            c for c in (identifier(x) for x in re.split(r"[;,/|、，；]", cell)) if c)
    return out


def identifier(text):
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def organisation_code(code):
    """An 18-character credit code's characters 9–17 as the old 组织机构代码 is written (XXXXXXXX-X)."""
    return code[8:16] + "-" + code[16] if len(code) == 18 else code


@variant(warn([], same_as_demo=LAND + ["inputs"]))
def parcels_organisation_codes(v):
    """The cadastre's QLRZJH holds the holders' old 9-character 组织机构代码 (XXXXXXXX-X) instead of their credit
    codes, as registers from before 2015 do: each parcel links to the row whose credit code embeds it (issue 18).
    Not quite the demo's information: the demo's row with a typo in its check character (18th) now links too,
    its characters 9–17 being right (716 rows linked, all by organisation code; tests/cli/links_test.cpp)."""
    def rewrite(field, value):
        if field != "QLRZJH" or not value:
            return value
        return ";".join(organisation_code(identifier(c)) for c in re.split(r"[;,/|、，；]", value) if c.strip())
    gdal_copy_dbf(v, rewrite)
    v.project()


@variant(warn([], same_as_demo=LAND + ["inputs"]))
def sandiao_parcels_with_table_parcel_codes(v):
    """A 三调-style parcel layer without holders or credit codes, and an enterprise table with a 宗地代码 column
    listing each enterprise's parcels (、-separated; derived from the demo's parcels): the demo's 715 rows link
    by parcel code (issue 18). Not quite the demo's information: 10 shared parcels of the demo also list holders
    that are not in the table, and without them a parcel is split among the rows that list it only (RULES 10's
    k), so some enterprises' land and classes move; the land figures are the demo's."""
    of_code = {}
    for zddm, codes in demo_parcel_codes(v).items():
        for c in codes:
            of_code.setdefault(c, []).append(zddm)
    rows = v.rows()
    for r in rows:
        r.append("、".join(sorted(set(of_code.get(identifier(r[CODE]), [])))) or None)
    v.xlsx({SHEET: [v.header() + ["宗地代码"]] + rows})
    gdal_copy_dbf(v, lambda field, value: value, drop=("QLRZJH", "QLR"))
    v.project(fields={"parcel_ids": "宗地代码"}, parcels_fields={"credit_code": None, "holder": None})


@variant(warn(["enterprise_linked_by_name"], same_as_demo=LAND))
def holder_names_only(v):
    """The cadastre's credit-code cells are blank but the holders' names (QLR) are there: the rows link by the
    enterprise name (issue 18's last resort), each a headline finding to check."""
    gdal_copy_dbf(v, lambda field, value: None if field == "QLRZJH" else value)
    v.project()


# --- issue 18: land-use values ---
# RULES 21 and 24: the cadastre's land-use codes (DLBM) and names (YT) as bureaus write them.

def landuse_rewrite(v, change, widen=None):
    """Writes the variant's parcels.dbf with (DLBM, YT) of the n-th parcel (file order) replaced by
    change(n, DLBM, YT); returns how many parcels it changed. gdal_copy_dbf rewrites field by field in file
    order, so each field's values are taken in turn (the demo has no blank DLBM or YT)."""
    from osgeo import gdal
    gdal.UseExceptions()
    src = gdal.OpenEx(str(v.demo / "parcels.shp"), gdal.OF_VECTOR, open_options=["ENCODING=CP936"])
    pairs = [(f.GetField("DLBM"), f.GetField("YT")) for f in src.GetLayer()]
    src = None
    assert all(code and name for code, name in pairs)
    new = [tuple(change(n, code, name)) for n, (code, name) in enumerate(pairs)]
    taken = {"DLBM": -1, "YT": -1}

    def rewrite(field, value):
        if field not in taken:
            return value
        taken[field] += 1
        return new[taken[field]][0 if field == "DLBM" else 1]

    gdal_copy_dbf(v, rewrite, widen=widen)
    return sum(1 for a, b in zip(pairs, new) if a != b)


@variant(same())
def parcels_landuse_codes_written_loosely(v):
    """The cadastre's codes typed through an input method: full-width (０６０１, Ｍ２), with a space or U+3000
    inside (06 01), lower case (m2) — one of these on each parcel in turn (RULES 21: the same codes)."""
    forms = [full_width, lambda c: c[:2] + " " + c[2:], lambda c: c.lower(), lambda c: c[:2] + "\u3000" + c[2:]]
    n = landuse_rewrite(v, lambda n, code, name: ((forms[n % 4](code) if code else code), name),
                        widen={"DLBM": 40})
    assert n > 2000, n
    v.project()


@variant(warn(["landuse_looks_industrial"]))
def parcels_landuse_letter_suffix(v):
    """Every 20th parcel coded 0601 carries a letter (0601A): no code of any scheme, but it looks industrial — a
    headline warning with its parcels and mu, never silently other land (RULES 24)."""
    count = {"n": 0}

    def change(n, code, name):
        if code == "0601":
            count["n"] += 1
            if count["n"] % 20 == 0:
                return "0601A", name
        return code, name

    assert landuse_rewrite(v, change) > 50
    v.project()


STANDARD_WORKSHOP = "工业用地（标准厂房）"


@variant(warn(["landuse_looks_industrial"]))
def parcels_landuse_name_in_code_field(v):
    """Every 10th 0601 parcel has 工业用地（标准厂房） typed into the code field: it contains 工业 but is no code
    nor an industrial name — a headline warning (RULES 24), not counted unless the profile maps it."""
    count = {"n": 0}

    def change(n, code, name):
        if code == "0601":
            count["n"] += 1
            if count["n"] % 10 == 0:
                return STANDARD_WORKSHOP, name
        return code, name

    assert landuse_rewrite(v, change, widen={"DLBM": 40}) > 100
    v.project()


@variant(same())
def parcels_landuse_name_mapped_by_profile(v):
    """The same cadastre, and the bureau's own profile (base huzhou-2023) maps 工业用地（标准厂房） to 0601 in
    [landuse.values]: the demo's figures."""
    parcels_landuse_name_in_code_field(v)
    (v.d / "bureau.toml").write_text(
        '[profile]\nname = "bureau"\nbase = "huzhou-2023"\n[landuse.values]\n'
        f'"{STANDARD_WORKSHOP}" = "0601"\n', encoding="utf-8")
    text = (v.d / "project.toml").read_text(encoding="utf-8")
    assert 'profile = "huzhou-2023"' in text
    (v.d / "project.toml").write_text(text.replace('profile = "huzhou-2023"', 'profile = "bureau.toml"'),
                                      encoding="utf-8")


@variant(same())
def parcels_landuse_blank_codes_named(v):
    """Every 7th parcel's code is blank; its use name (YT, mapped as use_name) decides (RULES 24). The demo's
    names say what its codes say (工业用地 / 二类工业用地 on industrial codes, 仓储用地 on 0604), so the same."""
    assert landuse_rewrite(v, lambda n, code, name: (None if n % 7 == 3 else code, name)) > 400
    v.project()


GBT_21010 = {"100101": "0601", "100102": "0601", "100103": "0601", "M1": "0601", "M2": "0601", "M3": "0601",
             "W1": "0508", "B1": "0501", "U1": "0809", "G1": "0810", "R2": "0701"}


@variant(warn(["landuse_ambiguous_by_layer"]))
def parcels_landuse_1001_in_gbt_layer(v):
    """A 三调 cadastre: every code GB/T 21010's (the demo's 2023 and GB 50137 codes written as their 三调
    classes), and 1001 on the demo's 68 parcels. There 1001 is 铁路用地: the layer's other codes all fit
    GB/T 21010 alone, which decides — not industrial, a headline warning with its land (RULES 24)."""
    assert landuse_rewrite(v, lambda n, code, name: (GBT_21010.get(code, code), name)) > 800
    v.project()


# --- issue 18: files as they travel ---
# Groups of headline figures that do not depend on how the inputs' files travel.
FIGURES = ["industrial", "low_efficiency", "enterprises", "freed", "parks", "inputs"]
SHAPEFILE = ("parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj")


def set_path(v, section, toml_path):
    """Points [section] of the variant's project.toml at `toml_path`, a TOML string as written (quotes included)."""
    import re
    p = v.d / "project.toml"
    text, n = re.subn(rf'(\[{section}\]\npath = )"[^"\n]*"', lambda m: m.group(1) + toml_path,
                      p.read_text(encoding="utf-8"))
    assert n == 1, section
    p.write_text(text, encoding="utf-8")


def zip_parcels(v, name, extra=()):
    """The demo's parcel shapefile (GBK, no .cpg) zipped as `name`, with `extra` (member, text) files."""
    import zipfile
    with zipfile.ZipFile(v.d / name, "w", zipfile.ZIP_DEFLATED) as z:
        for part in SHAPEFILE:
            z.write(v.demo / part, part)
        for member, text in extra:
            z.writestr(member, text)
    v.project()
    set_path(v, "parcels", f'"{name}"')


def districts_json(v, change):
    """The demo's districts.geojson with change(collection) applied."""
    import json
    data = json.loads((v.demo / "districts.geojson").read_text(encoding="utf-8"))
    change(data)
    (v.d / "districts.geojson").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    v.project()


@variant(same())
def parcels_as_shz_gbk(v):
    """The bureau's parcels zipped as parcels.shz (GDAL reads it in place): its DBF is GBK without a .cpg and must be
    detected as a .shp's is (it was read as UTF-8 'by the format', holder names garbled)."""
    zip_parcels(v, "parcels.shz")


@variant(same())
def parcels_as_shp_zip(v):
    """The parcels zipped as parcels.shp.zip, with the .cpg ArcGIS writes for GBK ('936')."""
    zip_parcels(v, "parcels.shp.zip", extra=[("parcels.cpg", "936")])


@variant(refuse(5, "unzip"))
def parcels_in_plain_zip(v):
    """The parcels sent as parcels.zip: not opened; the message says to unzip it (not 'unrecognised or corrupt')."""
    zip_parcels(v, "parcels.zip")


@variant(warn(["path_backslashes"], same_as_demo=FIGURES))
def project_backslash_paths(v):
    """The project file written on Windows: the parcels and districts in a data folder, named data\\parcels.shp (a
    TOML basic string, the backslash escaped) and 'data\\districts.geojson' (a literal string, as typed)."""
    v.project()
    (v.d / "data").mkdir()
    for name in SHAPEFILE + ("districts.geojson",):
        (v.d / "data" / name).symlink_to(v.demo / name)
    set_path(v, "parcels", '"data\\\\parcels.shp"')
    set_path(v, "districts", "'data\\districts.geojson'")


@variant(refuse(6, 'set encoding = "GBK" in [parcels]'))
def parcels_cpg_lies(v):
    """A .cpg that says UTF-8 beside the GBK .dbf: the mapped column 备注 is not found. RULES take a .cpg as the
    layer's declaration, so the run is refused, and the message says the column names are wrongly decoded, that
    the .cpg lies and what to declare."""
    (v.d / "parcels.cpg").write_text("UTF-8", encoding="ascii")
    v.project()


@variant(same())
def districts_geojson_with_topology_property(v):
    """A district with a property "type": "Topology" (an office's own column): GDAL 3.6 sniffs the file as TopoJSON;
    it must be read as the GeoJSON it is."""
    districts_json(v, lambda d: d["features"][0]["properties"].update({"type": "Topology"}))


@variant(warn(["features_rejected"], same_as_demo=FIGURES))
def districts_one_null_geometry(v):
    """One district's coordinates null (a failed export): a finding for that feature, the other districts read."""
    districts_json(v, lambda d: d["features"][1]["geometry"].update({"coordinates": None}))


# --- issue 18: register by parcel codes ---
# RULES 23: a register without geometry takes as footprint the union of the parcels its ZDDM cell lists. The
# demo's polygons are not all exactly their listed parcels, so the freed figures differ from the demo's by what
# tests/realistic/register_by_codes.py derives; here only the land and park figures must stay the demo's.
BY_CODES = ["industrial", "parks"]


def register_xlsx(v, rows, name="renewal.xlsx"):
    v.xlsx({REGISTER_SHEET: [[REGISTER_TITLE]] + rows}, name=name, merges={REGISTER_SHEET: ["A1:G1"]})
    v.project()
    register_source(v, name, REGISTER_SHEET)


@variant(warn([], same_as_demo=BY_CODES))
def register_xlsx_by_parcel_codes(v):
    """The register kept in Excel: a title row, then the demo's records without geometry, keyed by ZDDM."""
    register_xlsx(v, register_rows(v.demo))


@variant(warn([], same_as_demo=BY_CODES))
def register_codes_mixed_separators(v):
    """One cell's codes separated by 、 ；and line breaks (as typed in Excel with Alt+Enter), some with spaces."""
    rows = register_rows(v.demo)
    seps = ["、", "；", "\n", " ; ", "，"]
    for i, r in enumerate(rows[1:]):
        r[ZDDM] = seps[i % len(seps)].join(r[ZDDM].split(";"))
    register_xlsx(v, rows)


@variant(warn(["parcel_code_unknown", "renewal_records_unusable"], same_as_demo=BY_CODES))
def register_codes_some_unknown(v):
    """Every seventh record lists a code no parcel has besides its own (a typo'd extra code), and every
    twenty-fifth lists only unknown codes: that record does not count (RULES 23)."""
    rows = register_rows(v.demo)
    for i, r in enumerate(rows[1:]):
        if i % 25 == 3:
            r[ZDDM] = "330599999999GB99999"
        elif i % 7 == 0:
            r[ZDDM] += ";" + r[ZDDM].split(";")[0][:-1] + "X"
    register_xlsx(v, rows)


@variant(warn([], same_as_demo=BY_CODES))
def register_csv_gbk(v):
    """The register as a GBK CSV (Excel's 'CSV' on a Chinese Windows), keyed by ZDDM."""
    v.csv(register_rows(v.demo), name="renewal.csv", encoding="gbk")
    v.project()
    register_source(v, "renewal.csv")


@variant(warn([], same_as_demo=BY_CODES))
def register_xlsx_header_row_pinned(v):
    """The Excel register with a title and a unit row above its header, pinned with header_row = 3 (RULES 21's
    pins apply to a register kept as a table)."""
    rows = register_rows(v.demo)
    v.xlsx({REGISTER_SHEET: [[REGISTER_TITLE], ["填报单位：湖州市自然资源和规划局"]] + rows}, name="renewal.xlsx")
    v.project()
    register_source(v, "renewal.xlsx", REGISTER_SHEET)
    p = v.d / "project.toml"
    text = p.read_text(encoding="utf-8")
    text = text.replace(f'layer = "{REGISTER_SHEET}"\n', f'layer = "{REGISTER_SHEET}"\nheader_row = 3\n', 1)
    assert "header_row = 3" in text
    p.write_text(text, encoding="utf-8")


@variant(warn(["register_footprint_from_codes"], same_as_demo=BY_CODES))
def register_some_records_without_geometry(v):
    """The demo's register with every tenth record's geometry lost (a record typed into the attribute table
    without drawing it): those records take the parcels their ZDDM lists as footprint (RULES 23) and are
    counted, and the run says how many."""
    import shutil
    from osgeo import ogr
    ogr.UseExceptions()
    shutil.copy(v.demo / "renewal.gpkg", v.d / "renewal.gpkg")
    ds = ogr.Open(str(v.d / "renewal.gpkg"), 1)
    layer = ds.GetLayer("renewal")
    fids = [f.GetFID() for f in layer]
    for fid in fids[::10]:
        f = layer.GetFeature(fid)
        f.SetGeometryDirectly(None)
        layer.SetFeature(f)
    ds = None
    v.project()


@variant(refuse(6, "parcel_ids"))
def register_xlsx_without_codes(v):
    """A register without geometry whose parcel-code column is neither there nor mapped: no record can have a
    footprint, so the run is refused and told to map parcel_ids."""
    rows = [r[:ZDDM] for r in register_rows(v.demo)]
    v.xlsx({REGISTER_SHEET: rows}, name="renewal.xlsx")
    v.project()
    register_source(v, "renewal.xlsx", REGISTER_SHEET, fields={"parcel_ids": None})


@variant(warn([], same_as_demo=BY_CODES))
def register_gpkg_attribute_table(v):
    """The register as a GeoPackage attribute table (no geometry column), as a desktop GIS exports a table."""
    from osgeo import ogr
    ogr.UseExceptions()
    rows = register_rows(v.demo)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(v.d / "register.gpkg"))
    layer = ds.CreateLayer("taizhang", None, ogr.wkbNone)
    for name in rows[0]:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for r in rows[1:]:
        f = ogr.Feature(layer.GetLayerDefn())
        for name, value in zip(rows[0], r):
            if value is not None:
                f.SetField(name, value)
        layer.CreateFeature(f)
    ds = None
    v.project()
    register_source(v, "register.gpkg", "taizhang")


# --- issue 18: spatial agreement ---
import math  # noqa: E402 (kept with the block that uses it, to ease merging)

def move_parcels(v, dx, dy):
    """The demo's parcels.shp with every vertex moved by (dx, dy) metres (the .dbf and .prj stay the demo's)."""
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    gdal.VectorTranslate(str(v.d / "parcels.shp"), str(v.demo / "parcels.shp"), format="ESRI Shapefile")
    ds = ogr.Open(str(v.d / "parcels.shp"), 1)
    layer = ds.GetLayer()
    for f in layer:
        g = f.GetGeometryRef()
        if g is None:
            continue
        g = g.Clone()

        def move(x):
            if x.GetGeometryCount() == 0:
                for k in range(x.GetPointCount()):
                    x.SetPoint_2D(k, x.GetX(k) + dx, x.GetY(k) + dy)
            for i in range(x.GetGeometryCount()):
                move(x.GetGeometryRef(i))
        move(g)
        f.SetGeometry(g)
        layer.SetFeature(f)
    ds = None
    for ext in ("dbf", "prj", "cpg"):
        p = v.d / f"parcels.{ext}"
        if p.exists() or p.is_symlink():
            p.unlink()
    v.link_demo("parcels.shp", "parcels.shx")


def wgs84_to_gcj02(lon, lat):
    """The published GCJ-02 forward function (as src/io/webmap.cpp), for making test data."""
    a, ee, pi = 6378245.0, 0.00669342162296594323, math.pi
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20 * math.sin(6 * x * pi) + 20 * math.sin(2 * x * pi)) * 2 / 3
            + (20 * math.sin(y * pi) + 40 * math.sin(y / 3 * pi)) * 2 / 3
            + (160 * math.sin(y / 12 * pi) + 320 * math.sin(y * pi / 30)) * 2 / 3)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20 * math.sin(6 * x * pi) + 20 * math.sin(2 * x * pi)) * 2 / 3
            + (20 * math.sin(x * pi) + 40 * math.sin(x / 3 * pi)) * 2 / 3
            + (150 * math.sin(x / 12 * pi) + 300 * math.sin(x / 30 * pi)) * 2 / 3)
    rad = lat / 180 * pi
    m = 1 - ee * math.sin(rad) ** 2
    dlat = dlat * 180 / ((a * (1 - ee)) / (m * math.sqrt(m)) * pi)
    dlon = dlon * 180 / (a / math.sqrt(m) * math.cos(rad) * pi)
    return lon + dlon, lat + dlat


def districts_in_gcj02(v):
    """The demo's districts.geojson as a web map serves it: GCJ-02 lon/lat, no crs member."""
    import json
    d = json.loads((v.demo / "districts.geojson").read_text(encoding="utf-8"))
    d.pop("crs", None)

    def each(c):
        if isinstance(c[0], (int, float)):
            c[0], c[1] = wgs84_to_gcj02(c[0], c[1])
            return
        for x in c:
            each(x)
    for f in d["features"]:
        each(f["geometry"]["coordinates"])
    (v.d / "districts.geojson").write_text(json.dumps(d), encoding="utf-8")


@variant(warn(["agreement_buildings_in_parcels", "agreement_register_on_industrial"]))
def parcels_shifted_150m(v):
    """The parcel layer moved 150 m east (a false easting slip): buildings and register records no longer lie
    on it; the warnings give the shift (RULES.md 25)."""
    move_parcels(v, 150.0, 0.0)
    v.project()


@variant(same())
def districts_gcj02_declared(v):
    """District boundaries from a web map (GCJ-02) with crs = "GCJ-02" declared: the demo's figures."""
    districts_in_gcj02(v)
    v.project()
    p = v.d / "project.toml"
    p.write_text(p.read_text(encoding="utf-8").replace('path = "districts.geojson"\n',
                                                       'path = "districts.geojson"\ncrs = "GCJ-02"\n'),
                 encoding="utf-8")


@variant(refuse(6, "are not degrees"))
def parcels_prj_says_4490(v):
    """The parcels' .prj says CGCS2000 lon/lat (EPSG:4490) while the coordinates are EPSG:4549 metres: refused
    with the CRS the coordinates fit, never read as degrees."""
    from osgeo import osr
    s = osr.SpatialReference()
    s.ImportFromEPSG(4490)
    s.MorphToESRI()
    (v.d / "parcels.prj").write_text(s.ExportToWkt(), encoding="utf-8")
    v.link_demo("parcels.prj")
    v.project()
