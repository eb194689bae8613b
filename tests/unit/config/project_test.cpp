#include "landrenew/config/project.hpp"

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

using namespace landrenew;

namespace {
Error project_error(const std::string& text) {
  try {
    parse_project(text, "/data/demo/project.toml");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an error for:\n" << text;
  return Error(ErrorKind::internal, "none");
}
}  // namespace

TEST(Project, PathsAreRelativeToTheFileAndPgConnectionsAreKept) {
  Project p = parse_project(R"(
name = "demo"
audit_date = "2026-12-31"
[parcels]
path = "data/parcels.shp"
encoding = "gbk"
[parcels.fields]
landuse = "DLBM"
[parks]
path = "PG:dbname=gis"
layer = "parks"
[enterprises]
path = "亩均.xlsx"
[enterprises.units]
tax = "万元"
)",
                            "/data/demo/project.toml");
  EXPECT_EQ(p.name, "demo");
  EXPECT_EQ(p.layer("parcels")->path, "/data/demo/data/parcels.shp");
  EXPECT_EQ(p.layer("parcels")->encoding, "CP936");
  EXPECT_EQ(p.layer("parcels")->fields.at("landuse"), "DLBM");
  EXPECT_EQ(p.layer("parks")->path, "PG:dbname=gis");
  EXPECT_TRUE(p.layer("parks")->is_connection());
  EXPECT_EQ(p.layer("enterprises")->units.at("tax"), "万元");
  EXPECT_EQ(p.audit_date, "2026-12-31");
  EXPECT_EQ(p.profile, "huzhou-2023");
}

TEST(Project, MisspelledKeyIsRefusedWithLineAndSuggestion) {
  Error e = project_error("[parcels]\npath = \"p.shp\"\nencodng = \"GBK\"\n");
  EXPECT_EQ(e.kind(), ErrorKind::project);
  EXPECT_EQ(e.context().line, 3);
  EXPECT_NE(std::string(e.what()).find("did you mean 'encoding'"), std::string::npos) << e.what();
}

TEST(Project, UnknownSectionUnknownLogicalFieldAndBadUnitAreRefused) {
  EXPECT_EQ(project_error("[parcels]\npath = \"p.shp\"\n[parcel]\npath=\"x\"\n").context().line, 3);
  Error field = project_error("[parcels]\npath = \"p.shp\"\n[parcels.fields]\nlanduze = \"DLBM\"\n");
  EXPECT_EQ(field.context().line, 4);
  EXPECT_NE(std::string(field.what()).find("landuse"), std::string::npos);
  Error unit = project_error(
      "[parcels]\npath = \"p.shp\"\n[enterprises]\npath=\"e.csv\"\n[enterprises.units]\ntax = \"美元\"\n");
  EXPECT_EQ(unit.context().line, 6);
}

TEST(Project, SyntaxErrorsWrongTypesAndMissingParcelsAreRefused) {
  EXPECT_EQ(project_error("[parcels\npath = 1\n").context().line, 1);
  EXPECT_NE(std::string(project_error("[parcels]\npath = 1\n").what()).find("text value"), std::string::npos);
  EXPECT_NE(std::string(project_error("name = \"x\"\n").what()).find("[parcels]"), std::string::npos);
  EXPECT_NE(std::string(project_error("audit_date = \"2026/12/31\"\n[parcels]\npath=\"p\"\n").what())
                .find("YYYY-MM-DD"),
            std::string::npos);
  EXPECT_NE(
      std::string(project_error("[parcels]\npath = \"p\"\nencoding = \"klingon\"\n").what()).find("klingon"),
      std::string::npos);
}

TEST(Project, MissingFileIsAProjectError) {
  try {
    load_project("/nonexistent/project.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::project);
    EXPECT_EQ(exit_code(e.kind()), 3);
  }
}

// The Helmert parameters are declared once (project.cpp kHelmertParameters) for reading and the unknown-key
// check: every one is read, a missing one is named, and a key that is none of them is refused.
TEST(Project, HelmertParametersAreReadAndAMissingOrUnknownOneIsRefused) {
  const std::string head = "[parcels]\npath = \"p.shp\"\nhelmert = { ";
  const std::string all = "x = 1.5, y = -2, z = 3, rx = 0.1, ry = -0.2, rz = 0.3, s = 4.5";
  Project p = parse_project(head + all + ", convention = \"coordinate_frame\" }\n", "/d/project.toml");
  ASSERT_TRUE(p.layer("parcels")->helmert);
  const Helmert& h = *p.layer("parcels")->helmert;
  EXPECT_EQ(h.x, 1.5);
  EXPECT_EQ(h.y, -2.0);
  EXPECT_EQ(h.z, 3.0);
  EXPECT_EQ(h.rx, 0.1);
  EXPECT_EQ(h.ry, -0.2);
  EXPECT_EQ(h.rz, 0.3);
  EXPECT_EQ(h.s, 4.5);
  EXPECT_EQ(h.convention, "coordinate_frame");

  const std::string no_rz = "x = 1.5, y = -2, z = 3, rx = 0.1, ry = -0.2, s = 4.5";
  Error missing = project_error(head + no_rz + ", convention = \"position_vector\" }\n");
  EXPECT_NE(std::string(missing.what()).find("'parcels.helmert.rz': is missing"), std::string::npos)
      << missing.what();
  Error unknown = project_error(head + all + ", convention = \"position_vector\", ss = 1 }\n");
  EXPECT_NE(std::string(unknown.what()).find("unknown key 'parcels.helmert.ss' (did you mean 's'?)"),
            std::string::npos)
      << unknown.what();
}

TEST(Project, UnknownKeyErrorIsChineseWhenTheLanguageIsChineseAndEnglishAsBefore) {
  const std::string text = "name = \"demo\"\ncolour = \"red\"\n";
  EXPECT_EQ(project_error(text).detail(), "unknown key 'colour'");
  set_language(Language::zh);
  const Error zh = project_error(text);
  const Error missing = [] {
    try {
      load_project("/nonexistent/project.toml");
    } catch (const Error& e) {
      return e;
    }
    return Error(ErrorKind::internal, "none");
  }();
  set_language(Language::en);
  EXPECT_EQ(zh.detail(), "未知的键“colour”");
  ASSERT_TRUE(zh.context().line);
  EXPECT_EQ(*zh.context().line, 2);
  EXPECT_EQ(missing.kind(), ErrorKind::project);
  EXPECT_EQ(missing.detail(), "找不到项目文件");
}

TEST(Project, WrongTypeErrorNamesTheKeyAndTheTypeInChinese) {
  const std::string text = "name = 3\n";
  EXPECT_EQ(project_error(text).detail(), "'name': must be a text value in quotes, not integer");
  set_language(Language::zh);
  const Error zh = project_error(text);
  set_language(Language::en);
  EXPECT_EQ(zh.detail(), "“name”：必须是加引号的文字，而不是整数");
}
