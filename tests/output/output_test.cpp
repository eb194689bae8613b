// The writers of report.html, tables.xlsx and the QGIS styles on their own: escaping, numbers, text cells
// that look like formulas, QML that parses whatever the data holds.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "landrenew/core/error.hpp"
#include "landrenew/io/gdal.hpp"
#include "landrenew/out/qgis.hpp"
#include "landrenew/out/report.hpp"
#include "landrenew/out/xlsx.hpp"

#include "fixtures.hpp"

using namespace landrenew::out;
namespace fs = std::filesystem;

TEST(HtmlEscape, MarkupBecomesText) {
  EXPECT_EQ(html_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(html_escape("a & b \"c\" 'd'"), "a &amp; b &quot;c&quot; &#39;d&#39;");
  EXPECT_EQ(html_escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(html_escape("&lt;"), "&amp;lt;");  // escaped once more, never decoded
}

TEST(HtmlEscape, ChineseAndValidUtf8AreKept) {
  EXPECT_EQ(html_escape("湖州市 吴兴区 (330502) — 亩均"), "湖州市 吴兴区 (330502) — 亩均");
  EXPECT_EQ(html_escape("emoji \xF0\x9F\x8F\xAD tab\tline\n"), "emoji \xF0\x9F\x8F\xAD tab\tline\n");
}

TEST(HtmlEscape, BrokenUtf8AndControlCharactersBecomeReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(html_escape("GBK \xBA\xFE"), "GBK " + fffd + fffd);  // 湖 in GBK, not UTF-8
  EXPECT_EQ(html_escape(std::string("nul\0x", 5)), "nul" + fffd + "x");
  EXPECT_EQ(html_escape("bell\x07"), "bell" + fffd);
  EXPECT_EQ(html_escape("\xED\xA0\x80"), fffd + fffd + fffd);    // a UTF-16 surrogate
  EXPECT_EQ(html_escape("\xC0\xAF"), fffd + fffd);               // an overlong '/'
  EXPECT_EQ(html_escape("cut \xE6\xB9"), "cut " + fffd + fffd);  // truncated 湖
  EXPECT_EQ(html_escape("\xEF\xBF\xBF"), fffd);                  // U+FFFF, not a character
}

TEST(FormatNumber, ThousandsSeparatorsAndPlaces) {
  EXPECT_EQ(format_number(30000, 0), "30,000");
  EXPECT_EQ(format_number(6323.629572, 2), "6,323.63");
  EXPECT_EQ(format_number(999.999, 2), "1,000.00");
  EXPECT_EQ(format_number(-1234567.5, 1), "-1,234,567.5");
  EXPECT_EQ(format_number(0.5, 1), "0.5");
  EXPECT_EQ(format_number(-0.001, 2), "0.00");  // no "-0.00"
  EXPECT_EQ(format_number(NAN, 2), "—");
  EXPECT_EQ(format_number(INFINITY, 0), "—");
}

TEST(ChineseNames, FindingKindsAndAdmission) {
  EXPECT_EQ(finding_kind_zh("overlap"), "宗地相互重叠");
  EXPECT_EQ(finding_kind_zh("no_such_kind"), "");
  EXPECT_EQ(admission_zh("fail"), "未通过");
}

namespace {
std::string read_vsi(const std::string& path) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return "";
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0)
    text.append(buf, n);
  VSIFCloseL(f);
  return text;
}

/// A workbook as GDAL reads it, the first row taken as the header when it is text above typed rows (GDAL
/// 3.6's XLSX driver decides that itself: its HEADERS open option is not honoured).
landrenew::io::DatasetPtr open_workbook(const fs::path& file) {
  landrenew::io::init_gdal();
  return landrenew::io::DatasetPtr(
      GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}
}  // namespace

TEST(Xlsx, TextThatLooksLikeAFormulaStaysText) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "t.xlsx";
  const std::vector<std::string> hostile = {"=1+1",
                                            "+1",
                                            "-1",
                                            "@SUM(A1)",
                                            "=HYPERLINK(\"http://x\",\"y\")",
                                            "=cmd|' /C calc'!A0",
                                            "<script>alert(1)</script>",
                                            "企业 & 公司"};
  Sheet sheet{"企业",
              {{"企业名称", FieldType::text}, {"用地(亩)", FieldType::real}, {"行号", FieldType::integer}},
              {}};
  for (std::size_t i = 0; i < hostile.size(); ++i)
    sheet.rows.push_back(
        {Value(hostile[i]), Value(1.5 * static_cast<double>(i)), Value(static_cast<std::int64_t>(i))});
  write_xlsx({sheet}, file);

  // What Excel reads: every text cell a shared string, no formula element anywhere.
  const std::string xml = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet1.xml");
  ASSERT_FALSE(xml.empty());
  EXPECT_EQ(xml.find("<f>"), std::string::npos);
  EXPECT_EQ(xml.find("<f "), std::string::npos);
  EXPECT_NE(xml.find("t=\"s\""), std::string::npos);
  const std::string strings = read_vsi("/vsizip/" + file.string() + "/xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>=1+1</t>"), std::string::npos) << strings;

  // And GDAL reads the same text back.
  const landrenew::io::DatasetPtr ds = open_workbook(file);
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("企业");
  ASSERT_TRUE(layer);
  std::vector<std::string> back;
  for (auto& f : *layer) {
    EXPECT_EQ(f->GetFieldDefnRef(0)->GetType(), OFTString);
    back.emplace_back(f->GetFieldAsString("企业名称"));
  }
  EXPECT_EQ(back, hostile);
}

namespace {
/// The sheets of `file` as GDAL reads them: name → rows of cells as text (the header row first).
std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> read_workbook(
    const fs::path& file) {
  landrenew::io::init_gdal();
  // GDAL 3.6's XLSX driver takes these as configuration options, read when a sheet is first used (its HEADERS
  // open option is not honoured).
  struct Options {
    Options() {
      CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "DISABLE");
      CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    }
    ~Options() {
      CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
      CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", nullptr);
    }
  } options;
  landrenew::io::DatasetPtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> sheets;
  if (!ds) return sheets;
  for (OGRLayer* layer : ds->GetLayers()) {
    auto& rows = sheets.emplace_back(layer->GetName(), std::vector<std::vector<std::string>>{}).second;
    for (auto& f : *layer) {
      auto& row = rows.emplace_back();
      for (int i = 0; i < f->GetFieldCount(); ++i)
        row.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    }
  }
  return sheets;
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

TEST(Xlsx, NumbersReadBackAsTheSameDoublesAndNullsAreEmptyCells) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "n.xlsx";
  const std::vector<double> values = {0.1 + 0.2, 1.0 / 3.0,     7244.017705807642, -0.0,
                                      1e-300,    6.02214076e23, 123456789012.5};
  Sheet sheet{"数", {{"值", FieldType::real}, {"整数", FieldType::integer}, {"文字", FieldType::text}}, {}};
  for (std::size_t i = 0; i < values.size(); ++i)
    sheet.rows.push_back({Value(values[i]), Value(static_cast<std::int64_t>(i) - 3), Value()});
  sheet.rows.push_back({Value(std::nan("")), Value(), Value(std::string("末行"))});
  sheet.rows.push_back({Value(INFINITY)});
  write_xlsx({sheet}, file);

  const std::string xml = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet1.xml");
  EXPECT_NE(xml.find("<v>0.30000000000000004</v>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("nan"), std::string::npos);
  EXPECT_EQ(xml.find("inf"), std::string::npos);
  // Row 9 has only its text cell (C9); row 10 is there and empty.
  EXPECT_NE(xml.find("<row r=\"9\"><c r=\"C9\" t=\"s\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<row r=\"10\"></row>"), std::string::npos) << xml;

  const landrenew::io::DatasetPtr ds = open_workbook(file);
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("数");
  ASSERT_TRUE(layer);
  std::size_t i = 0;
  for (auto& f : *layer) {
    if (i < values.size()) {
      EXPECT_EQ(f->GetFieldAsDouble("值"), values[i]) << i;
      EXPECT_EQ(f->GetFieldAsInteger64("整数"), static_cast<GIntBig>(i) - 3);
      EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("文字")));
    } else if (i == values.size()) {
      EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("值")));
      EXPECT_STREQ(f->GetFieldAsString("文字"), "末行");
    }
    ++i;
  }
  EXPECT_GE(i, values.size() + 1);
}

TEST(Xlsx, HeaderIsBoldFrozenAndFilteredAndWrittenForAnEmptySheet) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "h.xlsx";
  write_xlsx(
      {Sheet{"有数据",
             {{"编号", FieldType::text}, {"面积", FieldType::real}},
             {{Value(std::string("P01")), Value(1.5)}}},
       Sheet{"空表", {{"宗地号", FieldType::text}, {"亩", FieldType::real}, {"说明", FieldType::text}}, {}}},
      file);
  const auto sheets = read_workbook(file);
  ASSERT_EQ(sheets.size(), 2u);
  EXPECT_EQ(sheets[0].first, "有数据");
  ASSERT_EQ(sheets[0].second.size(), 2u);
  EXPECT_EQ(sheets[0].second[0], (std::vector<std::string>{"编号", "面积"}));
  EXPECT_EQ(sheets[1].first, "空表");
  ASSERT_EQ(sheets[1].second.size(), 1u);  // the header, though no row follows
  EXPECT_EQ(sheets[1].second[0], (std::vector<std::string>{"宗地号", "亩", "说明"}));

  const std::string sheet1 = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet1.find("<autoFilter ref=\"A1:B2\"/>"), std::string::npos) << sheet1;
  EXPECT_NE(sheet1.find("<c r=\"A1\" s=\"1\" t=\"s\">"), std::string::npos);  // s=1: the bold font
  const std::string sheet2 = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet2.xml");
  EXPECT_NE(sheet2.find("<autoFilter ref=\"A1:C1\"/>"), std::string::npos) << sheet2;
  const std::string workbook = read_vsi("/vsizip/" + file.string() + "/xl/workbook.xml");
  EXPECT_NE(workbook.find("&#39;空表&#39;!$A$1:$C$1"), std::string::npos) << workbook;
  const std::string styles = read_vsi("/vsizip/" + file.string() + "/xl/styles.xml");
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
}

TEST(Xlsx, LongTablesContinueOnNumberedSheetsWithTheSameHeader) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "c.xlsx";
  {
    XlsxWriter w(file, 3);  // a header and two rows per sheet
    w.begin_sheet("质量问题", {{"行", FieldType::integer}});
    for (std::int64_t i = 1; i <= 7; ++i)
      w.add_row({Value(i)});
    w.begin_sheet("企业", {{"名称", FieldType::text}});
    w.add_row({Value(std::string("甲"))});
    EXPECT_EQ(w.sheet_count(), 5u);
    w.finish();
  }
  const auto sheets = read_workbook(file);
  ASSERT_EQ(sheets.size(), 5u);
  const std::vector<std::string> names = {"质量问题", "质量问题(2)", "质量问题(3)", "质量问题(4)", "企业"};
  const std::vector<std::vector<std::vector<std::string>>> rows = {{{"行"}, {"1"}, {"2"}},
                                                                   {{"行"}, {"3"}, {"4"}},
                                                                   {{"行"}, {"5"}, {"6"}},
                                                                   {{"行"}, {"7"}},
                                                                   {{"名称"}, {"甲"}}};
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    EXPECT_EQ(sheets[i].first, names[i]);
    EXPECT_EQ(sheets[i].second, rows[i]) << names[i];
  }
}

TEST(Xlsx, TextLongerThanExcelsCellLimitIsCutAtACharacterAndMarked) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "l.xlsx";
  // 湖 is one UTF-16 unit (three bytes), the emoji two units (four bytes), '&' one unit (five bytes escaped).
  std::string text;
  for (int i = 0; i < 30000; ++i)
    text += i % 3 == 0 ? "湖" : i % 3 == 1 ? "\xF0\x9F\x8F\xAD" : "&";
  write_xlsx({Sheet{"长", {{"说明", FieldType::text}}, {{Value(text)}, {Value(std::string("短"))}}}}, file);
  const auto sheets = read_workbook(file);
  ASSERT_EQ(sheets.size(), 1u);
  ASSERT_EQ(sheets[0].second.size(), 3u);
  const std::string& cut = sheets[0].second[1][0];
  // Count UTF-16 units of what GDAL read back.
  std::size_t units = 0;
  for (const char ch : cut) {
    const auto c = static_cast<unsigned char>(ch);
    units += c >= 0xF0 ? 2 : (c & 0xC0) != 0x80 ? 1 : 0;
  }
  EXPECT_LE(units, kXlsxMaxCellChars);
  EXPECT_GE(units, kXlsxMaxCellChars - 1);  // cut where the next character would not fit
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ(cut.substr(0, cut.size() - 3), text.substr(0, cut.size() - 3));  // a prefix of the text
  EXPECT_EQ(sheets[0].second[2][0], "短");
}

TEST(Xlsx, BadOrRepeatedSheetNamesAreRefusedAndAnUnfinishedWorkbookIsRemoved) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "bad.xlsx";
  {
    XlsxWriter w(file);
    EXPECT_THROW(w.begin_sheet("a/b", {}), landrenew::Error);
    EXPECT_THROW(w.begin_sheet("", {}), landrenew::Error);
    EXPECT_THROW(w.begin_sheet("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", {}),
                 landrenew::Error);
    EXPECT_THROW(w.begin_sheet("'x", {}), landrenew::Error);
    w.begin_sheet("Parks", {{"id", FieldType::text}});
    EXPECT_THROW(w.add_row({Value(), Value()}), landrenew::Error);  // more cells than columns
    EXPECT_THROW(w.begin_sheet("PARKS", {}), landrenew::Error);     // Excel compares names without case
    EXPECT_TRUE(fs::exists(file));
  }
  EXPECT_FALSE(fs::exists(file));  // never finished: no half workbook left behind
  EXPECT_THROW(XlsxWriter(dir / "bad.xlsx" / "x.xlsx"), landrenew::Error);
  write_xlsx({}, file);
  EXPECT_THROW(XlsxWriter{file}, landrenew::Error);  // an existing file is not overwritten
}

TEST(Xlsx, SameSheetsGiveTheSameBytes) {
  landrenew::test::TempDir dir;
  Sheet sheet{"园区", {{"编号", FieldType::text}, {"亩", FieldType::real}, {"数", FieldType::integer}}, {}};
  for (int i = 0; i < 500; ++i)
    sheet.rows.push_back(
        {Value("P" + std::to_string(i % 37)), Value(i * 0.7), Value(static_cast<std::int64_t>(i))});
  write_xlsx({sheet}, dir / "a.xlsx");
  write_xlsx({sheet}, dir / "b.xlsx");
  const std::string a = file_bytes(dir / "a.xlsx"), b = file_bytes(dir / "b.xlsx");
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == b);
  // Repeated text is stored once: 3 headers + 500 cells, 3 + 37 different texts.
  const std::string strings = read_vsi("/vsizip/" + (dir / "a.xlsx").string() + "/xl/sharedStrings.xml");
  EXPECT_NE(strings.find("count=\"503\" uniqueCount=\"40\""), std::string::npos) << strings.substr(0, 300);
}

TEST(Xlsx, NumberFormatFollowsTheUnitTheHeaderDeclares) {
  using F = FieldType;
  const std::vector<std::pair<Column, std::string_view>> cases = {
      {{"工业用地面积(亩)", F::real}, "#,##0.00"},
      {{"面积(平方米)", F::real}, "#,##0.00"},
      {{"亩均税收(万元/亩)", F::real}, "#,##0.00"},
      {{"全员劳动生产率(万元/人)", F::real}, "#,##0.00"},  // its unit says money, not a share (…率)
      {{"单位工业增加值能耗(吨标准煤/万元)", F::real}, "0.000"},
      {{"坐标X(米)", F::real}, "0.00"},
      {{"现状容积率", F::real}, "0.000"},
      {{"容积率提升", F::real}, "0.000"},
      {{"更新前建筑系数", F::real}, "0.000"},
      {{"亩均效益综合得分", F::real}, "0.0"},
      {{"占腾出总面积比例", F::real}, "0.0%"},
      {{"腾出任务完成率", F::real}, "0.0%"},
      {{"研发经费投入强度", F::real}, "0.0%"},
      {{"宗地数", F::integer}, "#,##0"},
      {{"年度", F::integer}, ""},
      {{"源要素号", F::integer}, ""},
      {{"面积(亩)", F::text}, ""},    // a text column shows its text
      {{"高度(英尺)", F::real}, ""},  // a unit without a format: General
      {{"值", F::real}, ""},
  };
  for (const auto& [column, code] : cases)
    EXPECT_EQ(number_format(column), code) << column.header;
}

namespace {
/// The format code Excel shows cell `ref` of sheet `sheet` (1, 2, …) of `file` in: its s="…" looked up in
/// styles.xml's cellXfs and numFmts; "General" for a cell without one. "" when the cell is not there.
std::string cell_format(const fs::path& file, int sheet, const std::string& ref) {
  const std::string zip = "/vsizip/" + file.string();
  const std::string xml = read_vsi(zip + "/xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
  const std::size_t at = xml.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "";
  const std::string cell = xml.substr(at, xml.find('>', at) - at);
  const std::size_t s = cell.find(" s=\"");
  if (s == std::string::npos) return "General";
  const int style = std::stoi(cell.substr(s + 4));
  CPLXMLNode* root = CPLParseXMLString(read_vsi(zip + "/xl/styles.xml").c_str());
  if (!root) return "";
  std::string code = "?";
  const CPLXMLNode* sheet_node = CPLGetXMLNode(root, "=styleSheet");
  const CPLXMLNode* xf = CPLGetXMLNode(sheet_node, "cellXfs")->psChild;
  for (int i = -1; xf; xf = xf->psNext)  // the first child is the count attribute
    if (xf->eType == CXT_Element && ++i == style) break;
  const std::string id = xf ? CPLGetXMLValue(xf, "numFmtId", "") : "";
  if (id == "0") code = "General";
  for (const CPLXMLNode* f = CPLGetXMLNode(sheet_node, "numFmts")->psChild; f; f = f->psNext)
    if (f->eType == CXT_Element && id == CPLGetXMLValue(f, "numFmtId", ""))
      code = CPLGetXMLValue(f, "formatCode", "");
  CPLDestroyXMLNode(root);
  return code;
}
}  // namespace

TEST(Xlsx, NumericCellsCarryTheirColumnsFormatAndKeepTheirUnroundedValue) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "f.xlsx";
  write_xlsx({Sheet{"园区",
                    {{"工业用地面积(亩)", FieldType::real},
                     {"宗地数", FieldType::integer},
                     {"占腾出总面积比例", FieldType::real},
                     {"现状容积率", FieldType::real},
                     {"年度", FieldType::integer},
                     {"名称", FieldType::text}},
                    {{Value(7244.017705807642), Value(std::int64_t{1234}), Value(0.25289940011794915),
                      Value(0.8546306422999633), Value(std::int64_t{2023}), Value(std::string("南太湖"))}}}},
             file);
  EXPECT_EQ(cell_format(file, 1, "A2"), "#,##0.00");
  EXPECT_EQ(cell_format(file, 1, "B2"), "#,##0");
  EXPECT_EQ(cell_format(file, 1, "C2"), "0.0%");
  EXPECT_EQ(cell_format(file, 1, "D2"), "0.000");
  EXPECT_EQ(cell_format(file, 1, "E2"), "General");  // a year is no count
  EXPECT_EQ(cell_format(file, 1, "F2"), "General");
  // The cells hold the values unrounded, the shortest text that reads back as the same double.
  const std::string xml = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet1.xml");
  for (const char* v : {"<v>7244.017705807642</v>", "<v>1234</v>", "<v>0.25289940011794915</v>",
                        "<v>0.8546306422999633</v>", "<v>2023</v>"})
    EXPECT_NE(xml.find(v), std::string::npos) << v << " in " << xml;
}

TEST(Xlsx, EverySheetPrintsLandscapeOnePageWideWithItsHeaderOnEveryPage) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "p.xlsx";
  {
    XlsxWriter w(file, 3);  // a header and two rows per sheet: 质量问题 continues on 质量问题(2)
    w.begin_sheet("园区", {{"编号", FieldType::text}});
    w.add_row({Value(std::string("P01"))});
    w.begin_sheet("质量问题", {{"行", FieldType::integer}, {"说明", FieldType::text}});
    for (std::int64_t i = 1; i <= 3; ++i)
      w.add_row({Value(i), Value(std::string("甲"))});
    w.finish();
  }
  const std::vector<std::string> names = {"园区", "质量问题", "质量问题(2)"};
  for (int n = 1; n <= 3; ++n) {
    const std::string xml =
        read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet" + std::to_string(n) + ".xml");
    ASSERT_FALSE(xml.empty()) << n;
    EXPECT_NE(xml.find("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"), std::string::npos) << xml;
    EXPECT_NE(
        xml.find("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"),
        std::string::npos)
        << xml;
    EXPECT_NE(xml.find("<pageMargins left=\"0.25\" right=\"0.25\""), std::string::npos) << xml;
    // CT_Worksheet's order, which Excel insists on.
    std::size_t last = 0;
    for (const char* e :
         {"<sheetPr>", "<sheetViews>", "<sheetFormatPr ", "<cols>", "<sheetData>", "<autoFilter ",
          "<printOptions ", "<pageMargins ", "<pageSetup ", "<headerFooter>", "</worksheet>"}) {
      const std::size_t at = xml.find(e);
      ASSERT_NE(at, std::string::npos) << e << " in sheet" << n;
      EXPECT_GT(at, last) << e << " out of order in sheet" << n;
      last = at;
    }
  }
  const std::string workbook = read_vsi("/vsizip/" + file.string() + "/xl/workbook.xml");
  for (int i = 0; i < 3; ++i)
    EXPECT_NE(workbook.find("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"" + std::to_string(i) +
                            "\">&#39;" + names[static_cast<std::size_t>(i)] + "&#39;!$1:$1</definedName>"),
              std::string::npos)
        << workbook;
}

TEST(Xlsx, ColumnWidthsFollowWhatTheCellsShowCjkCountingTwoAndLongTextWraps) {
  landrenew::test::TempDir dir;
  const fs::path file = dir / "w.xlsx";
  write_xlsx({Sheet{"宽",
                    {{"工业用地面积(亩)", FieldType::real},
                     {"值", FieldType::real},
                     {"名称", FieldType::text},
                     {"说明", FieldType::text},
                     {"比例", FieldType::real}},
                    {{Value(7244.017705807642), Value(0.1 + 0.2), Value(std::string("湖州南太湖新区企业")),
                      Value(std::string(100, 'x')), Value(0.25289940011794915)},
                     {Value(1.5), Value(), Value(std::string("短"))}}}},
             file);
  const std::string xml = read_vsi("/vsizip/" + file.string() + "/xl/worksheets/sheet1.xml");
  const auto col = [](int c, int width) {
    return "<col min=\"" + std::to_string(c) + "\" max=\"" + std::to_string(c) + "\" width=\"" +
           std::to_string(width) + "\" customWidth=\"1\"/>";
  };
  // The header 工业用地面积(亩) is 16 wide: longer than 12, it wraps and asks for half, 12 at least, +2 for
  // the filter button; "7,244.02" is 8. 14 + 2 margins.
  EXPECT_NE(xml.find(col(1, 16)), std::string::npos) << xml;
  // General shows about 12 characters of 0.30000000000000004. 12 + 2.
  EXPECT_NE(xml.find(col(2, 14)), std::string::npos) << xml;
  // Nine CJK characters count 18. 18 + 2.
  EXPECT_NE(xml.find(col(3, 20)), std::string::npos) << xml;
  // 100 characters: cut at 40, and the text wraps onto three lines of 15 points.
  EXPECT_NE(xml.find(col(4, 40)), std::string::npos) << xml;
  EXPECT_NE(xml.find("<row r=\"2\" ht=\"45\" customHeight=\"1\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<row r=\"3\">"), std::string::npos) << xml;  // nothing wraps: the default height
  EXPECT_NE(xml.find("<c r=\"D2\" s=\"2\" t=\"s\">"), std::string::npos) << xml;  // s=2: wrapped text
  // "25.3%" is 5, the header 比例 4 + 2: 8, the least.
  EXPECT_NE(xml.find(col(5, 8)), std::string::npos) << xml;
  // The header row takes two lines: 工业用地面积 fills the 14 its filter button leaves, (亩) goes below.
  EXPECT_NE(xml.find("<row r=\"1\" ht=\"30\" customHeight=\"1\">"), std::string::npos) << xml;
}

TEST(Qml, ParsesWhateverTheLabelsHold) {
  LayerStyle s{.layer = "parks", .title_zh = "园区 <&>", .attribute = "coalesce(\"uplift\", -9999)"};
  s.graduated = true;
  s.ranges = {{-9999, 0.49999999999999994, "未达标 < \"0.5\" & 'x'", {}}, {0.5, 1e9, "达标", {}}};
  s.label = Label{.expression = "\"name\" || '<b>' || char(10)"};
  s.aliases = {{"fid", "要素号"}, {"name", "名称 <script>"}, {"bad", std::string("\x01\xBA", 2)}};
  const std::string qml = style_qml(s);
  CPLXMLNode* root = CPLParseXMLString(qml.c_str());
  ASSERT_NE(root, nullptr) << qml;
  const CPLXMLNode* qgis = CPLSearchXMLNode(root, "=qgis");
  ASSERT_NE(qgis, nullptr);
  EXPECT_STREQ(CPLGetXMLValue(qgis, "renderer-v2.type", ""), "graduatedSymbol");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "renderer-v2.attr", ""), "coalesce(\"uplift\", -9999)");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "renderer-v2.ranges.range.label", ""), "未达标 < \"0.5\" & 'x'");
  // The upper bound is written so that it reads back as the same double: 0.5 itself is not in this class.
  EXPECT_EQ(std::strtod(CPLGetXMLValue(qgis, "renderer-v2.ranges.range.upper", ""), nullptr),
            0.49999999999999994);
  EXPECT_STREQ(CPLGetXMLValue(qgis, "labeling.settings.text-style.fieldName", ""),
               "\"name\" || '<b>' || char(10)");
  EXPECT_STREQ(CPLGetXMLValue(qgis, "labeling.settings.text-style.fontFamily", ""), kCjkFont);
  EXPECT_STREQ(CPLGetXMLValue(qgis, "aliases.alias.name", ""), "要素号");
  CPLDestroyXMLNode(root);
}
