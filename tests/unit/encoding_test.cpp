#include "landrenew/io/encoding.hpp"

#include <gtest/gtest.h>

#include "landrenew/error.hpp"

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

TEST(NormaliseEncodingName, AcceptsCommonNamesAndRejectsUnknownOnes) {
  EXPECT_EQ(normalise_encoding_name("gbk"), "CP936");
  EXPECT_EQ(normalise_encoding_name("utf8"), "UTF-8");
  EXPECT_EQ(normalise_encoding_name("GB2312"), "GB2312");
  EXPECT_THROW(normalise_encoding_name("klingon"), Error);
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
  EXPECT_NE(e.source.find("not UTF-8"), std::string::npos);
}

TEST(DetectDbfEncoding, LanguageDriverByte77MeansGbk) {
  test::TempDir dir;
  write_gbk_shapefile(dir / "p.shp");
  test::set_dbf_ldid(dir / "p.dbf", 77);
  const EncodingInfo e = detect_dbf_encoding(dir / "p.shp", "");
  EXPECT_EQ(e.name, "CP936");
  EXPECT_NE(e.source.find("0x4D"), std::string::npos);
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
  EXPECT_EQ(detect_text_encoding(dir / "u.csv", "").source, "UTF-8 byte-order mark");
}
