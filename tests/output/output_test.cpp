// The writers of report.html, tables.xlsx and the QGIS styles on their own: escaping, numbers, text cells
// that look like formulas, QML that parses whatever the data holds.
#include <filesystem>

#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

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
  landrenew::io::init_gdal();
  const char* open_options[] = {"HEADERS=FORCE", nullptr};
  landrenew::io::DatasetPtr ds(
      GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options));
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
