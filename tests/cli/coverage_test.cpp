// RULES.md 20 end to end: a criterion that lacks its data is counted as not evaluable — never as 0 — on the
// screen, in summary.json, report.html and tables.xlsx. The case of the issue: the demo's parcels without the
// holders and their credit codes (a 三调-style layer), so no enterprise links to any parcel.
#include <fstream>
#include <regex>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "landrenew/io/gdal.hpp"

#include "fixtures.hpp"

using landrenew::test::quote;
using landrenew::test::read_file;
using landrenew::test::run;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string bin = LANDRENEW_BIN;
const fs::path demo_dir = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";



struct Outcome {
  fs::path out;
  std::string screen;
  json summary;
};

Outcome run_project(const fs::path& project, const fs::path& out) {
  auto [code, text] = run(bin + " run " + quote(project) + " -o " + quote(out));
  EXPECT_EQ(code, 0) << text;
  std::ifstream in(out / "summary.json");
  return {out, text, json::parse(in)};
}

// The demo copied, with the parcels' credit-code and holder columns QLRZJH and QLR deleted and their mappings
// removed.
const Outcome& without_credit_codes() {
  static landrenew::test::TempDir dir;
  static const Outcome outcome = [] {
    const fs::path data = dir / "data";
    fs::copy(demo_dir, data, fs::copy_options::recursive);
    landrenew::io::init_gdal();
    {
      std::unique_ptr<GDALDataset> ds(GDALDataset::Open((data / "parcels.shp").c_str(),
                                                        GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                                        std::vector<const char*>{"ENCODING=CP936", nullptr}.data()));
      EXPECT_TRUE(ds);
      OGRLayer* layer = ds->GetLayer(0);
      // A 三调-style layer has neither credit codes nor holders (with holders, rows would link by name).
      for (const char* name : {"QLRZJH", "QLR"}) {
        const int field = layer->GetLayerDefn()->GetFieldIndex(name);
        EXPECT_GE(field, 0);
        EXPECT_EQ(layer->DeleteField(field), OGRERR_NONE);
      }
    }
    const std::string project = read_file(data / "project.toml");
    std::ofstream(data / "project.toml", std::ios::binary)
        << std::regex_replace(project, std::regex("(credit_code = \"QLRZJH\"|holder = \"QLR\")\n"), "");
    return run_project(data / "project.toml", dir / "out");
  }();
  return outcome;
}

const Outcome& demo() {
  static landrenew::test::TempDir dir;
  static const Outcome outcome = run_project(demo_dir / "project.toml", dir / "out");
  return outcome;
}

const json* warning(const json& summary, const std::string& kind) {
  for (const auto& w : summary["findings"]["warnings"])
    if (w["kind"] == kind) return &w;
  return nullptr;
}
}  // namespace

TEST(Coverage, DemoCriteriaSplitTheIndustrialParcelsIntoEvaluatedAndNotEvaluable) {
  const json& s = demo().summary;
  const auto industrial = s["industrial"]["parcels"].get<std::size_t>();
  for (const auto& [c, v] : s["low_efficiency"]["by_criterion"].items()) {
    EXPECT_TRUE(v["enabled"].get<bool>()) << c;
    EXPECT_EQ(v["evaluated"]["parcels"].get<std::size_t>() + v["not_evaluable"]["parcels"].get<std::size_t>(),
              industrial)
        << c;
    EXPECT_LE(v["parcels"].get<std::size_t>(), v["evaluated"]["parcels"].get<std::size_t>()) << c;
    EXPECT_GT(v["evaluated"]["mu"].get<double>(), 0.0) << c;
  }
  // The demo's figures stay what they were before RULES.md 20 (the flags are unchanged; only counted).
  EXPECT_EQ(s["low_efficiency"]["parcels"], 1871);
  EXPECT_EQ(s["low_efficiency"]["by_criterion"]["enterprise_class"]["parcels"], 127);
  EXPECT_EQ(s["enterprises"]["evaluated"], 703);
  // Parcels without a linked enterprise can be tested neither for the class nor for 亩均税收.
  EXPECT_GT(s["low_efficiency"]["by_criterion"]["enterprise_class"]["not_evaluable"]["parcels"], 0);
  EXPECT_EQ(s["low_efficiency"]["by_criterion"]["coverage_below_minimum"]["not_evaluable"]["parcels"], 0);
}

TEST(Coverage, WarningsComeLargestLandFirstWithKindCountMuAndMessage) {
  const json& w = demo().summary["findings"]["warnings"];
  ASSERT_GT(w.size(), 3u);
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_TRUE(w[i]["kind"].is_string() && w[i]["count"].is_number() && w[i]["mu"].is_number() &&
                w[i]["message"].is_string());
    EXPECT_GT(w[i]["count"].get<std::size_t>(), 0u);
    if (i > 0) {
      EXPECT_GE(w[i - 1]["mu"].get<double>(), w[i]["mu"].get<double>());
    }
  }
  // The demo's planted defects that change a figure: unparseable register dates, bad cells, unlinked rows,
  // rejected parcels.
  for (const char* kind : {"bad_date", "bad_number", "enterprise_unlinked", "features_rejected",
                           "renewal_records_unusable", "not_evaluable_enterprise_class"})
    EXPECT_TRUE(warning(demo().summary, kind)) << kind;
  EXPECT_EQ((*warning(demo().summary, "features_rejected"))["count"], 3);
  EXPECT_EQ((*warning(demo().summary, "renewal_records_unusable"))["count"], 11);
}

TEST(Coverage, WithoutCreditCodesTheEnterpriseCriteriaAreNotEvaluableNotZero) {
  const Outcome& o = without_credit_codes();
  const json& s = o.summary;
  const auto industrial = s["industrial"]["parcels"].get<std::size_t>();
  const double industrial_mu = s["industrial"]["mu"].get<double>();
  ASSERT_GT(industrial, 0u);
  for (const char* c : {"enterprise_class", "tax_per_mu_below", "far_below_minimum"}) {
    const json& v = s["low_efficiency"]["by_criterion"][c];
    EXPECT_EQ(v["evaluated"]["parcels"], 0) << c;
    EXPECT_EQ(v["not_evaluable"]["parcels"].get<std::size_t>(), industrial) << c;
    EXPECT_DOUBLE_EQ(v["not_evaluable"]["mu"].get<double>(), industrial_mu) << c;
    const json* w = warning(s, std::string("not_evaluable_") + c);
    ASSERT_TRUE(w) << c;
    EXPECT_EQ((*w)["count"].get<std::size_t>(), industrial);
    EXPECT_NE((*w)["message"].get<std::string>().find("could be evaluated on no industrial parcel"),
              std::string::npos);
    // The screen says so on the criterion's line instead of printing 0.
    EXPECT_TRUE(std::regex_search(o.screen, std::regex("\n  " + std::string(c) + " +not evaluable"))) << o.screen;
  }
  EXPECT_EQ(s["enterprises"]["evaluated"], 0);
  EXPECT_EQ(s["enterprises"]["not_evaluable"], s["enterprises"]["rows"]);
  EXPECT_TRUE(warning(s, "enterprise_unlinked"));
  EXPECT_NE(o.screen.find("enterprises      not evaluable"), std::string::npos) << o.screen;
  EXPECT_NE(o.screen.find("! 亩均评价D类企业 (enterprise_class) could be evaluated on no industrial parcel"),
            std::string::npos);
  // Criteria with data are still evaluated: coverage from the buildings, 五未 from the dates.
  EXPECT_GT(s["low_efficiency"]["by_criterion"]["coverage_below_minimum"]["parcels"], 0);
}

TEST(Coverage, WithoutCreditCodesTheReportAndWorkbookSayNotEvaluable) {
  const Outcome& o = without_credit_codes();
  const std::string html = read_file(o.out / "report.html");
  const auto section = html.find("id=\"coverage\">八、数据覆盖");
  ASSERT_NE(section, std::string::npos);
  // The criteria table of 七 shows 无法评价 where the count would have been 0.
  EXPECT_TRUE(std::regex_search(html, std::regex("<td>亩均评价D类企业</td><td>enterprise_class</td><td class=\"num\">无法评价")));
  EXPECT_NE(html.find("not_evaluable_enterprise_class", section), std::string::npos);

  landrenew::io::init_gdal();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((o.out / "tables.xlsx").c_str(), GDAL_OF_VECTOR, nullptr,
                                                    std::vector<const char*>{"HEADERS=FORCE", nullptr}.data()));
  ASSERT_TRUE(ds);
  OGRLayer* sheet = ds->GetLayerByName("数据覆盖");
  ASSERT_TRUE(sheet);
  std::map<std::string, std::string> state;
  std::map<std::string, bool> count_empty;
  for (auto& f : *sheet)
    if (std::string(f->GetFieldAsString("类别")) == "认定依据") {
      state[f->GetFieldAsString("代码")] = f->GetFieldAsString("说明");
      count_empty[f->GetFieldAsString("代码")] = !f->IsFieldSetAndNotNull(f->GetFieldIndex("宗地数或条数"));
    }
  EXPECT_EQ(state["enterprise_class"], "无法评价");
  EXPECT_TRUE(count_empty["enterprise_class"]);
  EXPECT_EQ(state["coverage_below_minimum"], "已评价");
  EXPECT_FALSE(count_empty["coverage_below_minimum"]);
}

TEST(Coverage, CheckTalliesTheRegisterAsRunCountsIt) {
  auto [code, text] = run(bin + " check " + quote(demo_dir / "project.toml"));
  ASSERT_EQ(code, 0) << text;
  // The demo's register: 246 records, 211 counted (summary.json's records_counted), the others by reason.
  EXPECT_NE(text.find("records   246 = counted 211 + not counted 35 (no date 3, unparseable date 2, outside the "
                      "period 5, after the audit date 13, no mode 4, mode not counted 2, not completed 20)"),
            std::string::npos)
      << text;
  EXPECT_EQ(demo().summary["freed"]["records_counted"], 211);
  EXPECT_NE(text.find("bad_date: fid 53 (GX2025-0010)"), std::string::npos);
}

TEST(Coverage, WithoutCreditCodesTheReportsOverviewSaysTheClassesAreNotEvaluable) {
  const std::string html = read_file(without_credit_codes().out / "report.html");
  EXPECT_NE(html.find("亩均效益评价企业</div><div class=\"v\">无法评价</div>"), std::string::npos);
  EXPECT_NE(html.find("项依据有宗地缺数据无法评价"), std::string::npos);
}
