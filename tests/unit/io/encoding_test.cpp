#include "landrenew/io/encoding.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"

#include "fixtures.hpp"

using namespace landrenew;
using namespace landrenew::io;

TEST(EncodingFromCpg, UnderstandsArcGisAndQgisSpellings) {
  EXPECT_EQ(encoding_from_cpg("UTF-8"), "UTF-8");
  EXPECT_EQ(encoding_from_cpg("utf8\r\n"), "UTF-8");
  EXPECT_EQ(encoding_from_cpg("936"), "CP936");
  EXPECT_EQ(encoding_from_cpg("GBK"), "CP936");
  EXPECT_EQ(encoding_from_cpg("ANSI 936"), "CP936");
  EXPECT_EQ(encoding_from_cpg("GB18030"), "GB18030");
  EXPECT_EQ(encoding_from_cpg("88591"), "ISO-8859-1");
  EXPECT_FALSE(encoding_from_cpg("System"));
  EXPECT_FALSE(encoding_from_cpg(""));
}

TEST(EncodingFromLdid, ChineseDriversMapToGbkAndAnsiSaysNothing) {
  EXPECT_EQ(encoding_from_ldid(77), "CP936");
  EXPECT_EQ(encoding_from_ldid(0x7A), "CP936");
  EXPECT_EQ(encoding_from_ldid(0x4F), "CP950");
  EXPECT_FALSE(encoding_from_ldid(0));
  EXPECT_FALSE(encoding_from_ldid(87));
}

namespace {
void write_gbk_shapefile(const std::filesystem::path& shp) {
  test::LayerSpec spec;
  spec.fields = {"QLR", "备注"};
  spec.features = {{test::rect(500000, 3400000, 500100, 3400100), {"湖州某某新材料有限公司", "合成数据"}}};
  spec.layer_options = {"ENCODING=CP936"};
  test::write_layer(shp, spec);
  std::filesystem::path cpg = shp;
  std::filesystem::remove(cpg.replace_extension(".cpg"));
}
}  // namespace

TEST(DetectDbfEncoding, GbkWithoutCpgOrLanguageDriverIsReadAsGb18030) {
  test::TempDir dir;
  write_gbk_shapefile(dir / "p.shp");
  const EncodingInfo e = detect_dbf_encoding(dir / "p.shp", "");
  EXPECT_EQ(e.name, "GB18030");
  EXPECT_NE(e.source.en.find("not UTF-8"), std::string::npos);
}

TEST(DetectDbfEncoding, LanguageDriverByte77MeansGbk) {
  test::TempDir dir;
  write_gbk_shapefile(dir / "p.shp");
  test::set_dbf_ldid(dir / "p.dbf", 77);
  const EncodingInfo e = detect_dbf_encoding(dir / "p.shp", "");
  EXPECT_EQ(e.name, "CP936");
  EXPECT_NE(e.source.en.find("0x4D"), std::string::npos);
}

TEST(DetectDbfEncoding, CpgWinsOverLanguageDriverAndOverrideWinsOverAll) {
  test::TempDir dir;
  write_gbk_shapefile(dir / "p.shp");
  test::set_dbf_ldid(dir / "p.dbf", 77);
  test::write_text(dir / "p.cpg", "UTF-8");
  EXPECT_EQ(detect_dbf_encoding(dir / "p.shp", "").name, "UTF-8");
  EXPECT_EQ(detect_dbf_encoding(dir / "p.shp", "GB2312").name, "GB2312");
}

TEST(DetectDbfEncoding, Utf8TextWithoutDeclarationIsUtf8EvenWhenHeaderBytesAreBinary) {
  test::TempDir dir;
  test::LayerSpec spec;
  spec.fields = {"QLR"};
  // 200 records so that the record count in the header (0xC8) is not valid UTF-8 on its own.
  for (int i = 0; i < 200; ++i)
    spec.features.push_back({test::rect(500000, 3400000, 500010, 3400010), {"湖州"}});
  spec.layer_options = {"ENCODING=UTF-8"};
  test::write_layer(dir / "u.shp", spec);
  std::filesystem::remove(dir / "u.cpg");
  test::set_dbf_ldid(dir / "u.dbf", 0);
  EXPECT_EQ(detect_dbf_encoding(dir / "u.shp", "").name, "UTF-8");
}

TEST(DetectTextEncoding, GbkCsvIsGb18030AndBomMeansUtf8) {
  test::TempDir dir;
  test::write_text(dir / "g.csv", "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6\n");  // 企业名称 in GBK
  EXPECT_EQ(detect_text_encoding(dir / "g.csv", "").name, "GB18030");
  test::write_text(dir / "u.csv",
                   "\xEF\xBB\xBF"
                   "a,b\n");
  EXPECT_EQ(detect_text_encoding(dir / "u.csv", "").source.en, "UTF-8 byte-order mark");
}

namespace {
// What GDAL's CPLRecode() makes of `bytes` (a C string: it ends at the first NUL), and whether it warned.
std::pair<std::string, bool> gdal_recode(const std::string& bytes, const std::string& encoding) {
  CPLClearRecodeWarningFlags();
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  char* out = CPLRecode(bytes.c_str(), encoding.c_str(), CPL_ENC_UTF8);
  const bool warned = CPLGetLastErrorType() == CE_Warning;
  CPLPopErrorHandler();
  std::string text(out);
  CPLFree(out);
  return {text, warned};
}
}  // namespace

TEST(TextRecoder, GivesGdalsTextByteForByteForGbkGb18030AndShiftJisAndFlagsSkippedBytes) {
  // Hand-picked cases: ASCII, GBK Chinese, an invalid lead byte, a character cut at the end (as a DBF field
  // width cuts it), a NUL inside, and random bytes.
  std::vector<std::string> cases = {"",
                                    "ZD330502001",
                                    "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6",  // 企业名称
                                    "A\xFF"
                                    "B\xC6\xF3",                           // 0xFF is no GBK lead byte
                                    "\xC6\xF3\xD2",                        // cut in the middle of 业
                                    std::string("\xC6\xF3\0\xD2\xB5", 5),  // NUL: the C string ends
                                    "\\~\x7F\x01 tab\there"};
  std::mt19937 rng(936);
  for (int k = 0; k < 300; ++k) {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i)
      s += static_cast<char>(rng() % 2 ? 0x20 + rng() % 0x5F : 0x80 + rng() % 0x80);
    cases.push_back(s);
  }
  for (const std::string encoding : {"CP936", "GB18030", "SHIFT_JIS", "CP1252"}) {
    ASSERT_TRUE(TextRecoder::matches_gdal_for(encoding));
    TextRecoder recoder(encoding);
    bool any_warning = false;
    for (const auto& bytes : cases) {
      const auto [expected, warned] = gdal_recode(bytes, encoding);
      EXPECT_EQ(recoder.recode(bytes), expected) << encoding << ": '" << bytes << "'";
      any_warning = any_warning || warned;
      // Each single value: skipped bytes make it lossy exactly when GDAL warns.
      TextRecoder alone(encoding);
      alone.recode(bytes);
      EXPECT_EQ(alone.lossy(), warned) << encoding << ": '" << bytes << "'";
    }
    EXPECT_EQ(recoder.lossy(), any_warning) << encoding;
  }
  EXPECT_EQ(TextRecoder("CP936").recode("\xC6\xF3\xD2\xB5"), "企业");
  EXPECT_FALSE(TextRecoder::matches_gdal_for("UTF-8"));
  EXPECT_FALSE(TextRecoder::matches_gdal_for("iso-8859-1"));
  EXPECT_FALSE(TextRecoder::matches_gdal_for("CP437"));
  EXPECT_THROW(TextRecoder("NO-SUCH-ENCODING"), Error);
}

// Issue 21: how the encoding was decided is printed by check in either language.
TEST(DetectDbfEncoding, ReasonIsGivenInBothLanguages) {
  test::TempDir dir;
  write_gbk_shapefile(dir / "p.shp");
  const EncodingInfo e = detect_dbf_encoding(dir / "p.shp", "");
  EXPECT_EQ(e.source.en, "no .cpg or language driver; text is not UTF-8, read as GB18030 (GBK superset)");
  EXPECT_EQ(e.source.zh, "无 .cpg 文件和语言驱动字节；文字不是 UTF-8，按 GB18030（GBK 的超集）读取");
  const EncodingInfo o = detect_dbf_encoding(dir / "p.shp", "GBK");
  EXPECT_EQ(o.source.zh, "项目文件中指定");
}
