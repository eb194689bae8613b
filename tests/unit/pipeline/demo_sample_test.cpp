// Issue 3: `landrenew check` on the bundled sample reads every layer right and reports exactly the defects
// the generator planted (geodata/huzhou-demo/planted.json).
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "landrenew/core/finding_kinds.hpp"
#include "landrenew/pipeline/analysis.hpp"
#include "landrenew/pipeline/check.hpp"

using namespace landrenew;
namespace fs = std::filesystem;

namespace {

const fs::path demo = fs::path(LANDRENEW_SOURCE_DIR) / "geodata" / "huzhou-demo";

struct Demo {
  CheckResult result;
  nlohmann::json planted;
};

const Demo& load() {
  static const Demo d = [] {
    Demo x{run_check(load_project(demo / "project.toml")), {}};
    std::ifstream in(demo / "planted.json");
    in >> x.planted;
    return x;
  }();
  return d;
}

std::set<std::int64_t> fids(const Findings& f, const std::string& layer, const std::string& kind) {
  std::set<std::int64_t> out;
  for (const auto& x : f.items())
    if (x.layer == layer && x.kind == kind) out.insert(x.fid);
  return out;
}

std::set<std::int64_t> planted_fids(const nlohmann::json& list, const char* key = "fid") {
  std::set<std::int64_t> out;
  for (const auto& e : list)
    out.insert(e.at(key).get<std::int64_t>());
  return out;
}

}  // namespace

TEST(DemoSample, EveryLayerIsReadWithItsChineseTextAndCrs) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Inputs& in = load().result.inputs;
  EXPECT_EQ(in.crs.epsg, 4549);
  EXPECT_EQ(in.parcels.info.encoding.name, "GB18030");  // GBK without .cpg or language driver
  EXPECT_EQ(in.parcels.counts.read, load().planted["layers"]["parcels"]["features"].get<std::size_t>());
  EXPECT_EQ(in.parcels.counts.read, in.parcels.counts.used + in.parcels.counts.rejected);
  std::size_t companies = 0;
  for (std::size_t p = 0; p < in.parcels.size(); ++p)
    if (auto h = in.parcels.attributes.get("holder", p); h && h->find("有限公司") != std::string_view::npos)
      ++companies;
  EXPECT_GT(companies, in.parcels.size() / 2);
  EXPECT_EQ(in.parcels.attributes.get("remarks", 0).value_or("").substr(0, 12), "合成数据");
  ASSERT_TRUE(in.districts);
  EXPECT_NE(in.districts->info.crs_transform.en.find("EPSG:4549"), std::string::npos);
  std::set<std::string> names;
  for (std::size_t z = 0; z < in.districts->size(); ++z)
    names.insert(std::string(*in.districts->attributes.get("name", z)));
  EXPECT_EQ(names, (std::set<std::string>{"吴兴区", "南浔区", "德清县", "长兴县", "安吉县"}));
  ASSERT_TRUE(in.buildings_before && in.buildings_after && in.parks && in.renewal && in.enterprises);
  EXPECT_EQ(in.enterprises->counts.read,
            load().planted["layers"]["enterprises"]["features"].get<std::size_t>());
}

// Issue 19: a kind emitted without a declaration would have no Chinese label in the report and workbook.
TEST(DemoSample, EveryFindingKindCheckEmitsIsDeclaredWithAChineseLabel) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Findings& f = load().result.inputs.findings;
  ASSERT_FALSE(f.empty());
  for (const auto& [kind, n] : f.count_by_kind()) {
    const FindingKindInfo* k = find_finding_kind(kind);
    ASSERT_NE(k, nullptr) << kind;
    EXPECT_EQ(k->use, FindingKindInfo::Use::finding) << kind;
    EXPECT_FALSE(k->label_zh.empty()) << kind;
  }
}

TEST(DemoSample, PlantedGeometryDefectsAreReportedExactly) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Findings& f = load().result.inputs.findings;
  const auto& planted = load().planted["parcels"];
  EXPECT_EQ(fids(f, "parcels", "geometry_repaired"), planted_fids(planted["invalid_ring"]));
  EXPECT_EQ(fids(f, "parcels", "geometry_null"), planted_fids(planted["null_geometry"]));
  EXPECT_EQ(fids(f, "parcels", "area_mismatch"), planted_fids(planted["area_mismatch"]));
  EXPECT_EQ(fids(f, "parcels", "duplicate_geometry"), planted_fids(planted["duplicate_geometry"]));
  // Every planted overlap is reported (on the lower FID of the pair), and nothing else is.
  std::set<std::int64_t> overlap_fids;
  for (const auto& o : planted["overlap"])
    overlap_fids.insert(std::min(o["fid"].get<std::int64_t>(), o["into_fid"].get<std::int64_t>()));
  EXPECT_EQ(fids(f, "parcels", "overlap"), overlap_fids);
  // Duplicate ids: the planted ones, and the duplicate geometries planted with the same id.
  std::set<std::int64_t> dup_ids = planted_fids(planted["duplicate_id"]);
  for (const auto& d : planted["duplicate_geometry"])
    if (d["same_id"].get<bool>())
      dup_ids.insert(std::max(d["fid"].get<std::int64_t>(), d["of_fid"].get<std::int64_t>()));
  EXPECT_EQ(fids(f, "parcels", "duplicate_id"), dup_ids);
}

TEST(DemoSample, PlantedEnterpriseTableDefectsAreReportedWithSheetRows) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Findings& f = load().result.inputs.findings;
  const auto& planted = load().planted["enterprises"];
  std::set<std::int64_t> bad;  // sheet row = 0-based data row + 2
  for (const char* key : {"non_numeric", "negative_tax"})
    for (const auto& e : planted[key])
      bad.insert(e["row"].get<std::int64_t>() + 2);
  EXPECT_EQ(fids(f, "enterprises", "bad_number"), bad);
  std::set<std::int64_t> unlinked;
  for (const char* key : {"unlinked_code", "invalid_check_digit"})
    for (const auto& e : planted[key])
      unlinked.insert(e["row"].get<std::int64_t>() + 2);
  EXPECT_EQ(fids(f, "enterprises", "enterprise_unlinked"), unlinked);
  std::set<std::int64_t> invalid;
  for (const auto& e : planted["invalid_check_digit"])
    invalid.insert(e["row"].get<std::int64_t>() + 2);
  EXPECT_EQ(fids(f, "enterprises", "credit_code_invalid"), invalid);
}

TEST(DemoSample, IndustrialParcelsByCodeSchemeMatchTheGeneratorUpToThePlantedExtraRows) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const rules::ParcelAssessment& pa = load().result.parcels;
  const auto& planted = load().planted["parcels"];
  // The generator counts parcels as generated; the file also holds the planted duplicate rows (counted by the
  // check, as they are used features) and loses the rows without geometry.
  const std::size_t extra = planted["duplicate_geometry"].size() + planted["duplicate_id"].size();
  const std::pair<const char*, const char*> schemes[] = {
      {"GB/T 21010-2017", "gb21010"},
      {"GB 50137-2011", "gb50137"},
      {"国土空间调查、规划、用途管制用地用海分类(2023)", "gb2023"}};
  std::size_t total = 0;
  for (const auto& [scheme, key] : schemes) {
    const auto generated = static_cast<long>(planted["industrial_by_scheme"][key].get<std::size_t>());
    const auto checked = static_cast<long>(pa.by_scheme.at(scheme));
    EXPECT_LE(std::labs(checked - generated), static_cast<long>(extra)) << scheme;
    total += pa.by_scheme.at(scheme);
  }
  EXPECT_EQ(total, pa.industrial.size());
}

// Issue 21: the headline warnings of a run (summary.json findings.warnings, the screen summary) carry their
// message in both languages: the English exactly as before, the Chinese from po/zh_CN/rules.po with the
// figures grouped (亩) and the keys and layer names as they are.
TEST(DemoSample, HeadlineWarningsAreChineseWhenTranslatedAndEnglishAsBefore) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Analysis a = analyse(load_project(demo / "project.toml"));
  std::map<std::string, const HeadlineWarning*> by_kind;
  for (const HeadlineWarning& w : a.warnings) {
    by_kind[w.kind] = &w;
    EXPECT_NE(w.message.zh, w.message.en) << w.kind;
  }
  ASSERT_TRUE(by_kind.count("renewal_records_unusable"));
  EXPECT_EQ(
      by_kind["renewal_records_unusable"]->message.en,
      "11 register records do not count for want of a usable date or mode (no date 3, unparseable date 2, "
      "no mode 4, mode not in the counting set 2); freed land leaves them out");
  EXPECT_EQ(
      by_kind["renewal_records_unusable"]->message.zh,
      "11 个更新项目因缺少可用的日期或更新模式而不计入（无日期 3，日期无法识别 2，无更新模式 4，更新模式不在"
      "计入范围 2）；腾出土地不含这些项目");
  ASSERT_TRUE(by_kind.count("not_evaluable_tax_per_mu_below"));
  EXPECT_EQ(
      by_kind["not_evaluable_tax_per_mu_below"]->message.en,
      "亩均税收低于标准 (tax_per_mu_below) could not be evaluated on 388 industrial parcels, 6108.80 of "
      "47293.53 mu (12.9%) — lacking: no linked enterprise with a tax figure (or no district mean)");
  EXPECT_EQ(by_kind["not_evaluable_tax_per_mu_below"]->message.zh,
            "“亩均税收低于标准”（tax_per_mu_below）有 388 宗工业宗地无法评价，面积 6,108.80 亩，占工业用地 "
            "47,293.53 亩的 12.9%——缺少：没有关联到有税收数据的企业（或没有所在区县的平均值）");
  ASSERT_TRUE(by_kind.count("bad_number"));  // a finding kind's headline line (finding_kinds.hpp)
  EXPECT_EQ(by_kind["bad_number"]->message.zh,
            "单元格不是数字或为负数，这些值按缺失处理：共 6 处（enterprises 6）");
  ASSERT_TRUE(by_kind.count("enterprise_not_classified"));  // a reason of rules/mujun.cpp, translated here
  EXPECT_EQ(by_kind["enterprise_not_classified"]->message.zh,
            "3 行企业因缺数据未能得出亩均评价等级（没有用地面积（未关联到宗地，表中也没有填写） "
            "3）；各等级的计数不含"
            "这些企业");
}

// Issue 21: a parcel finding (rules/parcels.cpp) in both languages: the English as before ("5659.80"), the
// Chinese with the areas grouped and the share as written.
TEST(DemoSample, AreaMismatchFindingMessageIsChineseWhenTranslated) {
  if (!fs::exists(demo)) GTEST_SKIP() << "no bundled sample";
  const Finding* found = nullptr;
  for (const Finding& f : load().result.inputs.findings.items())
    if (f.kind == "area_mismatch" && f.fid == 40) found = &f;
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->message.en,
            "registered area 5659.80 m² differs from the geometric area 6358.12 m² by 11.0% (tolerance 1.0%); "
            "the geometric area is used");
  EXPECT_EQ(found->message.zh, "登记面积 5,659.80 m² 与图形面积 6,358.12 m² 相差 11.0%（容差 1.0%）；采用图形面积");
}
