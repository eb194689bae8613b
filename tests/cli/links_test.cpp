// Issue 18 item 4 end to end: how enterprise rows link to parcels — by credit code, the old 组织机构代码, the
// table's parcel codes or the holder's name — is counted in summary.json (enterprises.links_by_method), shown
// per row in landrenew.gpkg (link_method) and tables.xlsx (关联方式), and on `check`'s rows line.
#include <fstream>
#include <functional>
#include <map>
#include <regex>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path demo_dir = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";

struct Outcome {
  fs::path data, out;
  json summary;
};

// The demo copied with each parcel's QLRZJH cell rewritten by `rewrite` (nullopt: blank), then run.
Outcome run_with_parcel_codes(const landrenew::test::TempDir& dir,
                              const std::function<std::optional<std::string>(std::string)>& rewrite) {
  const fs::path data = dir / "data";
  fs::copy(demo_dir, data, fs::copy_options::recursive);
  landrenew::io::init_gdal();
  {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open((data / "parcels.shp").c_str(),
                                                      GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                                      std::vector<const char*>{"ENCODING=CP936", nullptr}.data()));
    EXPECT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    const int field = layer->GetLayerDefn()->GetFieldIndex("QLRZJH");
    for (auto& f : *layer) {
      if (!f->IsFieldSetAndNotNull(field)) continue;
      if (auto v = rewrite(f->GetFieldAsString(field)))
        f->SetField(field, v->c_str());
      else
        f->SetFieldNull(field);
      EXPECT_EQ(layer->SetFeature(f.get()), OGRERR_NONE);
    }
  }
  const fs::path out = dir / "out";
  auto [code, text] = run(bin + " run " + quote(data / "project.toml") + " -o " + quote(out) + " -q");
  EXPECT_EQ(code, 0) << text;
  std::ifstream in(out / "summary.json");
  return {data, out, json::parse(in)};
}

const json* warning(const json& summary, const std::string& kind) {
  for (const auto& w : summary["findings"]["warnings"])
    if (w["kind"] == kind) return &w;
  return nullptr;
}

// Values of one text column of a layer (a gpkg layer, or a sheet of tables.xlsx), counted.
std::map<std::string, int> column_counts(const fs::path& file, const char* layer_name, const char* column) {
  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR, nullptr,
                                                    std::vector<const char*>{"HEADERS=FORCE", nullptr}.data()));
  std::map<std::string, int> out;
  if (!ds) return out;
  OGRLayer* layer = ds->GetLayerByName(layer_name);
  if (!layer) return out;
  const int field = layer->GetLayerDefn()->GetFieldIndex(column);
  if (field < 0) return out;
  for (auto& f : *layer)
    ++out[f->IsFieldSetAndNotNull(field) ? f->GetFieldAsString(field) : ""];
  return out;
}
}  // namespace

TEST(Links, DemoLinksEveryRowByCreditCodeInSummaryLayerAndWorkbook) {
  landrenew::test::TempDir dir;
  auto [code, text] = run(bin + " run " + quote(demo_dir / "project.toml") + " -o " + quote(dir / "out") + " -q");
  ASSERT_EQ(code, 0) << text;
  std::ifstream in(dir / "out" / "summary.json");
  const json s = json::parse(in);
  EXPECT_EQ(s["enterprises"]["links_by_method"],
            json({{"credit_code", 715}, {"organisation_code", 0}, {"parcel_code", 0}, {"holder_name", 0}}));
  EXPECT_EQ(s["enterprises"]["linked"], 715);
  EXPECT_EQ(column_counts(dir / "out" / "landrenew.gpkg", "enterprises", "link_method"),
            (std::map<std::string, int>{{"", 3}, {"credit_code", 715}}));
  EXPECT_EQ(column_counts(dir / "out" / "tables.xlsx", "企业", "关联方式"),
            (std::map<std::string, int>{{"", 3}, {"统一社会信用代码", 715}}));
}

TEST(Links, ParcelsWithTheOldOrganisationCodeLinkTheirEnterprisesByIt) {
  // QLRZJH holds XXXXXXXX-X (characters 9–17 of each credit code). The demo's 715 rows link, and so does
  // the row whose credit code has a typo in its check character (18th), which the demo leaves unlinked.
  landrenew::test::TempDir dir;
  const Outcome o = run_with_parcel_codes(dir, [](std::string cell) -> std::optional<std::string> {
    std::string out;
    static const std::regex code("[0-9A-Z]{18}");
    for (std::sregex_iterator it(cell.begin(), cell.end(), code), end; it != end; ++it) {
      const std::string c = it->str();
      out += (out.empty() ? "" : ";") + c.substr(8, 8) + "-" + c.substr(16, 1);
    }
    return out;
  });
  const json& e = o.summary["enterprises"];
  EXPECT_EQ(e["links_by_method"],
            json({{"credit_code", 0}, {"organisation_code", 716}, {"parcel_code", 0}, {"holder_name", 0}}));
  EXPECT_EQ(e["linked"], 716);
  const json* unlinked = warning(o.summary, "enterprise_unlinked");
  ASSERT_TRUE(unlinked);
  EXPECT_EQ((*unlinked)["count"], 2);  // the demo's 3 less the typo
  EXPECT_EQ(o.summary["industrial"]["parcels"], 2747);
}

TEST(Links, HolderNamesAloneLinkEachRowAsAHeadlineFindingAndCheckSaysHow) {
  landrenew::test::TempDir dir;
  const Outcome o = run_with_parcel_codes(dir, [](std::string) { return std::nullopt; });
  const json& e = o.summary["enterprises"];
  EXPECT_EQ(e["links_by_method"],
            json({{"credit_code", 0}, {"organisation_code", 0}, {"parcel_code", 0}, {"holder_name", 716}}));
  const json* by_name = warning(o.summary, "enterprise_linked_by_name");
  ASSERT_TRUE(by_name);
  EXPECT_EQ((*by_name)["count"], 716);
  auto [code, text] = run(bin + " check " + quote(o.data / "project.toml"));
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("linked to parcels 716 (holder_name 716)"), std::string::npos) << text;
}
