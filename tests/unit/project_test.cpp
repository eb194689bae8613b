#include "landrenew/project.hpp"

#include <gtest/gtest.h>

#include "landrenew/error.hpp"

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
