// Tables as offices make them (RULES.md 21): header detection, rows that are not records, years, sheets.
#include "landrenew/io/table.hpp"

#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "landrenew/config/project.hpp"
#include "landrenew/core/error.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/io/reader.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using namespace landrenew::io;
namespace fs = std::filesystem;

namespace {

const LayerSchema& enterprises() {
  return *find_layer_schema("enterprises");
}

const std::map<std::string, std::string> kMapped = {{"credit_code", "统一社会信用代码"},
                                                    {"name", "企业名称"},
                                                    {"tax", "实缴税金(万元)"},
                                                    {"value_added", "工业增加值(万元)"},
                                                    {"year", "年度"}};

LayerSource table_source(const fs::path& path) {
  LayerSource s;
  s.logical = "enterprises";
  s.path = path.string();
  s.display = path.filename().string();
  s.fields = kMapped;
  s.units = {{"tax", "万元"}, {"value_added", "万元"}};
  return s;
}

std::size_t count_kind(const Findings& f, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& x : f.items())
    n += x.kind == kind;
  return n;
}

const Finding* first_of(const Findings& f, const std::string& kind) {
  for (const auto& x : f.items())
    if (x.kind == kind) return &x;
  return nullptr;
}

}  // namespace

TEST(Table, CsvKeepsLineNumbersQuotesAndBlankLines) {
  const RawSheet s = parse_csv("\xEF\xBB\xBFtitle\r\n\r\na,\"b,\"\"c\"\"\",d\n\"x\ny\",2\n\n", "t");
  ASSERT_EQ(s.size(), 4u);  // the final blank line is dropped, the inner one kept
  EXPECT_EQ(s.row, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.cells[2], (std::vector<std::string>{"a", "b,\"c\"", "d"}));
  EXPECT_EQ(s.cells[3], (std::vector<std::string>{"x\ny", "2"}));
  EXPECT_EQ(s.columns(), 3u);
  // The delimiter is the one most frequent in the first lines, not the first line's.
  const RawSheet semi = parse_csv("标题,说明\na;b;c\n1;2;3\n", "t");
  EXPECT_EQ(semi.cells[1], (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Table, HeaderBelowATitleAndABlankRow) {
  const RawSheet s = parse_csv(
      "湖州市2024年度工业企业亩均效益评价结果,,,\n,,,\n统一社会信用代码,企业名称,实缴税金(万元),年度\n"
      "91330500MA2B000001,甲厂,12,2024\n",
      "t");
  const Header h = find_header(s, enterprises(), kMapped, {});
  EXPECT_EQ(h.first, 2u);
  EXPECT_EQ(h.last, 2u);
  EXPECT_EQ(h.named, 4u);  // credit_code, name, tax, year; value_added is not in the sheet
  EXPECT_EQ(h.why.en, "row 3 (rows 1–2 above it: title and blank) — names 4 of 5 mapped columns");
  EXPECT_EQ(header_column(h, "实缴税金（万元）"), 2);  // full-width brackets are the same name
}

TEST(Table, UnitsRowAboveTheHeaderIsATitle) {
  const RawSheet s = parse_csv("单位：万元,,\n统一社会信用代码,企业名称,实缴税金(万元)\n913,甲,1\n", "t");
  const Header h = find_header(s, enterprises(), kMapped, {});
  EXPECT_EQ(h.first, 1u);
  EXPECT_EQ(h.why.en, "row 2 (row 1 above it: title) — names 3 of 5 mapped columns");
}

TEST(Table, TwoRowMergedHeaderIsJoined) {
  // Row 2: 统一社会信用代码 and 企业名称 merged downwards, 经济效益指标 merged over two columns (the value
  // only in the top-left cell); row 3 the money columns.
  const RawSheet s = parse_csv(
      "标题,,,\n统一社会信用代码,企业名称,经济效益指标,\n,,实缴税金(万元),工业增加值(万元)\n913,甲,1,2\n",
      "t");
  const Header h = find_header(s, enterprises(), kMapped, {});
  EXPECT_EQ(h.first, 1u);
  EXPECT_EQ(h.last, 2u);
  EXPECT_EQ(h.names, (std::vector<std::string>{"统一社会信用代码", "企业名称", "经济效益指标 实缴税金(万元)",
                                               "经济效益指标 工业增加值(万元)"}));
  EXPECT_EQ(h.named, 4u);
  EXPECT_EQ(h.why.en, "rows 2–3 (merged) (row 1 above it: title) — names 4 of 5 mapped columns");
  // The joined name, written with or without the space, and the bottom name alone, all find the column.
  EXPECT_EQ(header_column(h, "经济效益指标 实缴税金(万元)"), 2);
  EXPECT_EQ(header_column(h, "经济效益指标实缴税金(万元)"), 2);
  EXPECT_EQ(header_column(h, "工业增加值(万元)"), 3);
  EXPECT_EQ(header_column(h, "经济效益指标"), -1);
}

TEST(Table, BottomNameMustBeUnique) {
  const RawSheet s = parse_csv("统一社会信用代码,2023年,,2024年,\n,税收,增加值,税收,增加值\n", "t");
  const Header h =
      find_header(s, enterprises(), {{"credit_code", "统一社会信用代码"}}, {.row = 1, .rows = 2});
  EXPECT_EQ(header_column(h, "税收"), -1);  // two columns are called 税收
  EXPECT_EQ(header_column(h, "2024年 税收"), 3);
  EXPECT_EQ(h.why.en.rfind("rows 1–2 (merged) — pinned by header_row; names 1 of 1", 0), 0u) << h.why.en;
}

TEST(Table, PinnedHeaderRow) {
  // Row 1 names more columns than row 3, but the project pins row 3.
  const RawSheet s = parse_csv("统一社会信用代码,企业名称\nx,y\n代码,名称\n913,甲\n", "t");
  const Header h = find_header(s, enterprises(), {{"credit_code", "代码"}}, {.row = 3});
  EXPECT_EQ(h.first, 2u);
  EXPECT_EQ(h.why.en, "row 3 (rows 1–2 above it: title) — pinned by header_row; names 1 of 1 mapped columns");
  EXPECT_THROW(find_header(s, enterprises(), {}, {.row = 9}), Error);
}

TEST(Table, RowsThatAreNotRecords) {
  EXPECT_EQ(classify_row({"", " ", "\xC2\xA0", "\xE3\x80\x80"}, false), RowKind::blank);
  EXPECT_EQ(classify_row({"", "注：数据截至2024年底", ""}, false), RowKind::note);
  EXPECT_EQ(classify_row({"备注", "x"}, true), RowKind::note);
  EXPECT_EQ(classify_row({"数据来源：统计局"}, false), RowKind::note);
  EXPECT_EQ(classify_row({"填表人：张三"}, false), RowKind::note);
  EXPECT_EQ(classify_row({"", "规上企业合计", "123"}, true), RowKind::total);
  EXPECT_EQ(classify_row({"合 计", "123"}, true), RowKind::total);
  EXPECT_EQ(classify_row({"小计：", "1"}, true), RowKind::total);
  EXPECT_EQ(classify_row({"总计"}, true), RowKind::total);
  EXPECT_EQ(classify_row({"913", "合计电器有限公司"}, true), RowKind::record);  // does not end with 合计
  EXPECT_EQ(classify_row({"", "", "12"}, false), RowKind::no_identifier);
  EXPECT_EQ(classify_row({"913", "甲"}, true), RowKind::record);
  EXPECT_EQ(row_text({"", "注：", "", "见附表"}), "注： | 见附表");
}

TEST(Table, Years) {
  EXPECT_EQ(parse_year("2024"), 2024);
  EXPECT_EQ(parse_year("2024年"), 2024);
  EXPECT_EQ(parse_year("2024.0"), 2024);
  EXPECT_EQ(parse_year(" ２０２４ "), 2024);
  EXPECT_FALSE(parse_year("2024.5"));
  EXPECT_FALSE(parse_year("24"));
  EXPECT_FALSE(parse_year("暂无"));
  EXPECT_FALSE(parse_year(""));
}

namespace {
// An office table in a CSV: a title, the header on row 2, records, and every kind of row that is not one.
constexpr const char* kOfficeCsv =
    "湖州市2024年度工业企业亩均效益评价结果,,,,\n"                      // 1 title
    "统一社会信用代码,企业名称,实缴税金(万元),工业增加值(万元),年度\n"  // 2 header
    "91330500MA2B000001,甲厂,\"1,234.50\",12,2024\n"                    // 3 record
    ",,,,\n"                                                            // 4 blank
    "91330500MA2B000002,乙厂,5,6,2023\n"                                // 5 other year
    ",丙厂,7,8,2024年\n"                                                // 6 record (name only)
    "规上企业合计,,1246.5,26,\n"                                        // 7 total
    ",,9,9,2024\n"                                                      // 8 no identifier
    "91330500MA2B000003,丁厂,1,1,\n"                                    // 9 record, blank year
    "注：数据来源于统计局,,,,\n";                                       // 10 note
}  // namespace

TEST(TableRead, OfficeCsvRowsAreSortedAndCounted) {
  test::TempDir dir;
  test::write_text(dir / "e.csv", kOfficeCsv);
  Findings findings;
  TableLayer t = InputLayer::open(table_source(dir / "e.csv"), enterprises()).read_table(findings);
  EXPECT_EQ(t.info.header.en, "row 2 (row 1 above it: title) — names 5 of 5 mapped columns");
  EXPECT_EQ(t.row, (std::vector<std::int64_t>{3, 6, 9}));
  EXPECT_EQ(t.counts.read, 8u);  // rows 3–10
  EXPECT_EQ(t.counts.used, 3u);
  EXPECT_EQ(t.counts.rejected, 5u);
  EXPECT_EQ(t.tally.blank, 1u);
  EXPECT_EQ(t.tally.notes, 1u);
  EXPECT_EQ(t.tally.totals, 1u);
  EXPECT_EQ(t.tally.other_years, 1u);
  EXPECT_EQ(t.tally.no_identifier, 1u);
  EXPECT_EQ(t.evaluation_year, 2024);
  EXPECT_EQ(*t.attributes.get("tax", 0), "1,234.50");
  const Finding* total = first_of(findings, "row_total");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->fid, 7);
  EXPECT_EQ(total->severity, Severity::info);
  EXPECT_EQ(total->action, Action::rejected);
  EXPECT_NE(total->message.en.find("规上企业合计 | 1246.5 | 26"), std::string::npos) << total->message.en;
  EXPECT_EQ(first_of(findings, "row_other_year")->fid, 5);
  EXPECT_EQ(first_of(findings, "row_note")->fid, 10);
  EXPECT_EQ(first_of(findings, "row_blank")->fid, 4);
  EXPECT_EQ(first_of(findings, "row_no_identifier")->fid, 8);
  EXPECT_EQ(first_of(findings, "bad_year")->fid, 9);
  EXPECT_EQ(count_kind(findings, "bad_year"), 1u);
}

TEST(TableRead, EvaluationYearFromTheProject) {
  test::TempDir dir;
  test::write_text(dir / "e.csv", kOfficeCsv);
  LayerSource src = table_source(dir / "e.csv");
  src.evaluation_year = 2023;
  Findings findings;
  TableLayer t = InputLayer::open(src, enterprises()).read_table(findings);
  EXPECT_EQ(t.row, (std::vector<std::int64_t>{5, 9}));  // the 2023 row and the one without a year
  EXPECT_EQ(t.tally.other_years, 2u);
  src.evaluation_year = 2019;
  EXPECT_THROW(InputLayer::open(src, enterprises()).read_table(findings), Error);
}

TEST(TableRead, MissingColumnNamesTheHeaderRow) {
  test::TempDir dir;
  test::write_text(dir / "e.csv", "标题\n统一社会信用代码,企业名称,税金\n913,甲,1\n");
  LayerSource src = table_source(dir / "e.csv");
  try {
    InputLayer::open(src, enterprises());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input_data);
    const std::string m = e.what();
    EXPECT_NE(m.find("实缴税金(万元)"), std::string::npos) << m;
    EXPECT_NE(m.find("header row 2"), std::string::npos) << m;
    EXPECT_NE(m.find("header_row"), std::string::npos) << m;
  }
}

namespace {
// A workbook written by GDAL: each sheet's fields are its row 1, its features rows 2...
void write_workbook(
    const fs::path& file, const char* driver,
    const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& sheets) {
  init_gdal();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(driver);
  ASSERT_NE(d, nullptr);
  DatasetPtr ds(d->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(ds);
  for (const auto& [name, rows] : sheets) {
    OGRLayer* layer = ds->CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
    for (const auto& h : rows.front()) {
      OGRFieldDefn f(h.c_str(), OFTString);
      layer->CreateField(&f);
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (std::size_t c = 0; c < rows[r].size(); ++c)
        if (!rows[r][c].empty()) f->SetField(static_cast<int>(c), rows[r][c].c_str());
      ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    }
  }
}

const std::vector<std::string> kHeader = {"统一社会信用代码", "企业名称", "实缴税金(万元)",
                                          "工业增加值(万元)", "年度"};
}  // namespace

TEST(TableRead, WorkbookRowsAreSheetRows) {
  for (const char* driver : {"XLSX", "ODS"}) {
    test::TempDir dir;
    const fs::path file = dir / (std::string("e.") + (std::string(driver) == "XLSX" ? "xlsx" : "ods"));
    write_workbook(file, driver,
                   {{"s",
                     {kHeader,
                      {"913A", "甲", "1", "2", "2024"},
                      {"", "", "", "", ""},
                      {"913B", "乙", "3", "4", "2024"},
                      {"小计", "", "4", "6", ""}}}});
    Findings findings;
    TableLayer t = InputLayer::open(table_source(file), enterprises()).read_table(findings);
    EXPECT_EQ(t.info.header.en, "row 1 — names 5 of 5 mapped columns") << driver;
    EXPECT_EQ(t.row, (std::vector<std::int64_t>{2, 4})) << driver;
    EXPECT_EQ(t.counts.read, 4u) << driver;
    EXPECT_EQ(t.tally.totals, 1u) << driver;
  }
}

TEST(TableRead, SeveralSheetsAsOneTable) {
  test::TempDir dir;
  const fs::path file = dir / "e.xlsx";
  write_workbook(
      file, "XLSX",
      {{"规上企业", {kHeader, {"913A", "甲", "1", "2", "2024"}, {"913B", "乙", "3", "4", "2024"}}},
       {"规下企业", {{"湖州市规下企业", "a", "b", "c", "d"}, kHeader, {"913C", "丙", "5", "6", "2024"}}},
       {"其他", {kHeader, {"913D", "丁", "5", "6", "2024"}}}});
  LayerSource src = table_source(file);
  src.sheets = {"规上企业", "规下企业"};
  src.layer = "规上企业";
  Findings findings;
  TableLayer t = InputLayer::open(src, enterprises()).read_table(findings);
  EXPECT_EQ(t.row, (std::vector<std::int64_t>{2, 3, 3}));  // the second sheet's header is on row 2
  EXPECT_EQ(t.sheet, (std::vector<std::string>{"规上企业", "规上企业", "规下企业"}));
  EXPECT_EQ(t.where(2), "sheet '规下企业' row 3");
  EXPECT_EQ(*t.attributes.get("credit_code", 2), "913C");
  EXPECT_NE(t.info.header.en.find("sheet '规下企业': row 2 (row 1 above it: title)"), std::string::npos)
      << t.info.header.en;
  src.sheets = {"规上企业", "没有"};
  EXPECT_THROW(InputLayer::open(src, enterprises()), Error);
}

TEST(TableRead, RealMergedCellsAndXls) {
  // Real merged cells (openpyxl) and an Excel 97–2003 file (xlwt), when Debian's python3 modules are there.
  test::TempDir dir;
  const std::string script =
      "import openpyxl, xlwt\n"
      "wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'S'\n"
      "ws.cell(2, 1, '湖州市2024年度工业企业亩均效益评价结果'); ws.merge_cells('A2:E2')\n"
      "ws.cell(4, 1, '统一社会信用代码'); ws.merge_cells('A4:A5')\n"
      "ws.cell(4, 2, '企业名称'); ws.merge_cells('B4:B5')\n"
      "ws.cell(4, 3, '经济效益指标'); ws.merge_cells('C4:D4')\n"
      "ws.cell(5, 3, '实缴税金(万元)'); ws.cell(5, 4, '工业增加值(万元)'); ws.cell(4, 5, '年度')\n"
      "ws.cell(6, 1, '91330500MA2B000001'); ws.cell(6, 2, '甲'); ws.cell(6, 3, 1234.5); ws.cell(6, 4, '12');"
      " ws.cell(6, 5, 2024)\n"
      "ws.cell(8, 1, '合计'); ws.cell(8, 3, 1234.5)\n"
      "wb.save('" +
      (dir / "m.xlsx").string() +
      "')\n"
      "b = xlwt.Workbook(); s = b.add_sheet('S')\n"
      "s.write(2, 0, '标题')\n"
      "for c, h in enumerate(['统一社会信用代码', '企业名称', '实缴税金(万元)', '工业增加值(万元)', '年度']):"
      " s.write(3, c, h)\n"
      "for c, v in enumerate(['913A', '甲', 12.5, 3, 2024]): s.write(4, c, v)\n"
      "b.save('" +
      (dir / "x.xls").string() + "')\n";
  test::write_text(dir / "make.py", script);
  if (test::run("/usr/bin/python3 " + (dir / "make.py").string()).first != 0)
    GTEST_SKIP() << "python3-openpyxl / python3-xlwt not installed (scripts/install-deps --test)";
  Findings findings;
  TableLayer m = InputLayer::open(table_source(dir / "m.xlsx"), enterprises()).read_table(findings);
  EXPECT_EQ(m.info.header.en,
            "rows 4–5 (merged) (rows 1–3 above it: title and blank) — names 5 of 5 mapped columns");
  EXPECT_EQ(m.row, (std::vector<std::int64_t>{6}));
  EXPECT_EQ(m.tally.blank, 1u);
  EXPECT_EQ(m.tally.totals, 1u);
  EXPECT_EQ(*m.attributes.get("tax", 0), "1234.5");
  TableLayer x = InputLayer::open(table_source(dir / "x.xls"), enterprises()).read_table(findings);
  EXPECT_EQ(x.info.driver, "XLS");
  EXPECT_EQ(x.info.header.en, "row 4 (rows 1–3 above it: title and blank) — names 5 of 5 mapped columns");
  EXPECT_EQ(x.row, (std::vector<std::int64_t>{5}));
  EXPECT_EQ(*x.attributes.get("tax", 0), "12.5");
}

TEST(TableProject, Options) {
  const Project p = parse_project(
      "[parcels]\npath = \"p.shp\"\n[enterprises]\npath = \"e.xlsx\"\nlayers = [\"规上企业\", \"规下企业\"]\n"
      "header_row = 3\nheader_rows = 2\nevaluation_year = 2024\n",
      "/tmp/p.toml");
  const LayerSource& e = *p.layer("enterprises");
  EXPECT_EQ(e.sheets, (std::vector<std::string>{"规上企业", "规下企业"}));
  EXPECT_EQ(e.layer, "规上企业");
  EXPECT_EQ(e.header_row, 3);
  EXPECT_EQ(e.header_rows, 2);
  EXPECT_EQ(e.evaluation_year, 2024);
  EXPECT_THROW(
      parse_project("[parcels]\npath = \"p.shp\"\n[enterprises]\npath = \"e.xlsx\"\nheader_rows = 3\n",
                    "/tmp/p.toml"),
      Error);
  EXPECT_THROW(parse_project("[parcels]\npath = \"p.shp\"\n[enterprises]\npath = \"e.xlsx\"\nlayer = \"a\"\n"
                             "layers = [\"b\"]\n",
                             "/tmp/p.toml"),
               Error);
  EXPECT_THROW(
      parse_project("[parcels]\npath = \"p.shp\"\nheader_row = 2\n[enterprises]\npath = \"e.xlsx\"\n",
                    "/tmp/p.toml"),
      Error);  // only tables have a header row
}

TEST(TableRead, ACsvThatIsAPipeIsRefused) {
  // A table CSV is read whole by landrenew (not streamed by GDAL): a FIFO would block it forever.
  test::TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "e.csv").c_str(), 0600), 0);
  try {
    InputLayer::open(table_source(dir / "e.csv"), enterprises());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input_open);
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

// Issue 21: why a row was taken as the header, and a row that is not a record, in both languages.
TEST(Table, HeaderChoiceAndRowFindingsAreChineseWhenTranslated) {
  const RawSheet s = parse_csv(
      "湖州市2024年度工业企业亩均效益评价结果,,,\n,,,\n统一社会信用代码,企业名称,实缴税金(万元),年度\n"
      "91330500MA2B000001,甲厂,12,2024\n",
      "t");
  const Header h = find_header(s, enterprises(), kMapped, {});
  EXPECT_EQ(h.why.zh, "第 3 行（其上第 1–2 行：标题和空行）——找到映射的 5 列中的 4 列");

  test::TempDir dir;
  std::ofstream(dir / "e.csv") << "统一社会信用代码,企业名称,实缴税金(万元),工业增加值(万元),年度\n"
                                  "91330500MA2B000001,甲厂,12,30,2024\n"
                                  "合计,,12,30,\n";
  Findings findings;
  auto layer = InputLayer::open(table_source(dir / "e.csv"), enterprises());
  TableLayer t = layer.read_table(findings);
  const Finding* total = first_of(findings, "row_total");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->message.en, "a total, not a record: 合计 | 12 | 30");
  EXPECT_EQ(total->message.zh, "合计行，不是记录：合计 | 12 | 30");
  EXPECT_EQ(t.info.header.zh, "第 1 行——找到映射的 5 列中的 5 列");
}
