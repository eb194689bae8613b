#include "enterprises.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <cpl_vsi.h>

#include "error.hpp"
#include "gdal_util.hpp"
#include "names.hpp"
#include "rng.hpp"
#include "xlsx_patch.hpp"

namespace landrenew::gen {

namespace {

const char* kHeaders[] = {"统一社会信用代码",
                          "企业名称",
                          "行业代码",
                          "规模",
                          "实缴税金(万元)",
                          "工业增加值(万元)",
                          "营业收入(万元)",
                          "综合能耗(吨标准煤)",
                          "主要污染物排放(吨)",
                          "年平均职工人数",
                          "研发经费(万元)",
                          "用电量(万千瓦时)",
                          "年度"};
constexpr int kColumns = 13;
constexpr int kFirstNumeric = 4;
constexpr int kEmployees = 9;
constexpr int kYear = 12;

struct TableRow {
  std::string text[4];                  // code, name, industry, size
  std::optional<double> num[kColumns];  // numeric columns by index
  std::optional<std::string> garbage[kColumns];
};

double r2(double v) {
  return std::round(v * 100) / 100;
}

TableRow make_row(const Enterprise& e, Rng& rng) {
  TableRow row;
  const double land_mu = e.land_m2 * 15 / 10000;
  const double tax = e.tax_per_mu * land_mu;
  const double va = tax * rng.lognormal_median(5.5, 0.3);
  const double revenue = va / rng.uniform(0.18, 0.32);
  const double energy = va / rng.lognormal_median(1.5 * std::exp(0.3 * e.efficiency), 0.45);
  const double emissions = va / rng.lognormal_median(150, 0.8);
  const double employees =
      std::max(3.0, std::round(va / rng.lognormal_median(28 * std::exp(0.2 * e.efficiency), 0.3)));
  const bool large = revenue >= 2000;  // 规模以上: annual revenue of 20 million yuan or more
  const double rd = revenue * (large ? rng.uniform(0.005, 0.06) : rng.uniform(0, 0.03));
  const double electricity = energy * rng.uniform(0.45, 0.7) / 0.1229;  // 1 万kWh = 1.229 tce
  row.text[0] = e.code;
  row.text[1] = e.name;
  row.text[2] = e.industry;
  row.text[3] = large ? "规上" : "规下";
  row.num[4] = r2(tax);
  row.num[5] = r2(va);
  row.num[6] = r2(revenue);
  row.num[7] = r2(energy);
  // Two decimals everywhere: GDAL writes cells with 16 significant digits, and 2-decimal values print clean.
  row.num[8] = r2(emissions);
  row.num[9] = employees;
  row.num[10] = r2(rd);
  row.num[11] = r2(electricity);
  row.num[12] = 2025;
  return row;
}

std::string format_number(int column, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, (column == kEmployees || column == kYear) ? "%.0f" : "%.2f", v);
  return buf;
}

}  // namespace

nlohmann::json write_enterprises(const std::string& dir, const EnterpriseRegistry& reg, const Preset& preset,
                                 std::uint64_t seed) {
  Rng rng(seed, "enterprises");
  std::vector<TableRow> rows;
  for (const auto& e : reg.all()) {
    if (e.in_table && e.land_m2 > 0) rows.push_back(make_row(e, rng));
  }
  const long n = static_cast<long>(rows.size());
  auto count = [n](int minimum, double per_row) {
    return std::max<long>(minimum, std::lround(static_cast<double>(n) * per_row));
  };

  nlohmann::json planted;
  for (const char* k : {"negative_tax", "non_numeric", "blank_emissions", "huge_value", "padded_code",
                        "unlinked_code", "invalid_check_digit"}) {
    planted[k] = nlohmann::json::array();
  }
  // Rows whose code is on no parcel: enterprises the land register does not know under that code.
  const std::string region = preset.regions.front().code;
  std::vector<bool> taken(rows.size(), false);
  for (long k = 0, m = count(2, 0.001); k < m && !reg.all().empty(); ++k) {
    Enterprise e = reg.all()[rng.index(reg.all().size())];
    e.code = make_credit_code(rng, region, true);
    e.name = company_name(rng, "浙江", rng.pick(industries_for("")), false);
    const std::size_t at = rng.index(rows.size() + 1);
    rows.insert(rows.begin() + static_cast<long>(at), make_row(e, rng));
    taken.insert(taken.begin() + static_cast<long>(at), true);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (taken[r]) planted["unlinked_code"].push_back({{"row", r}, {"credit_code", rows[r].text[0]}});
  }
  // Every other planted problem goes to a row of its own.
  auto pick_row = [&]() {
    while (true) {
      const std::size_t r = rng.index(rows.size());
      if (!taken[r]) {
        taken[r] = true;
        return r;
      }
    }
  };
  const long available = static_cast<long>(rows.size()) - static_cast<long>(planted["unlinked_code"].size());
  if (available < 40) throw GenError("too few enterprises to plant table defects");
  for (long k = 0, m = count(2, 0.003); k < m; ++k) {
    const std::size_t r = pick_row();
    rows[r].num[4] = -*rows[r].num[4];
    planted["negative_tax"].push_back(
        {{"row", r}, {"credit_code", rows[r].text[0]}, {"value", *rows[r].num[4]}});
  }
  const char* junk[] = {"—", "N/A", "-", "暂无", "/"};
  for (long k = 0, m = count(4, 0.006); k < m; ++k) {
    const std::size_t r = pick_row();
    const int column = static_cast<int>(rng.uniform_int(kFirstNumeric, 11));
    rows[r].garbage[column] = junk[rng.index(5)];
    planted["non_numeric"].push_back({{"row", r},
                                      {"credit_code", rows[r].text[0]},
                                      {"column", kHeaders[column]},
                                      {"text", *rows[r].garbage[column]}});
  }
  for (long k = 0, m = count(3, 0.03); k < m; ++k) {
    const std::size_t r = pick_row();
    rows[r].num[8].reset();  // blank: missing, not an error (RULES.md rule 11)
    planted["blank_emissions"].push_back({{"row", r}, {"credit_code", rows[r].text[0]}});
  }
  for (long k = 0, m = count(1, 0.0003); k < m; ++k) {
    // Entered in yuan instead of 10,000 yuan.
    const std::size_t r = pick_row();
    const int column = rng.chance(0.5) ? 4 : 6;
    rows[r].num[column] = r2(*rows[r].num[column] * 10000);
    planted["huge_value"].push_back({{"row", r},
                                     {"credit_code", rows[r].text[0]},
                                     {"column", kHeaders[column]},
                                     {"value", *rows[r].num[column]}});
  }
  for (long k = 0, m = count(2, 0.0007); k < m; ++k) {
    const std::size_t r = pick_row();
    planted["padded_code"].push_back({{"row", r}, {"credit_code", rows[r].text[0]}});
    rows[r].text[0] = (rng.chance(0.5) ? " " : "  ") + rows[r].text[0] + " ";
  }
  for (long k = 0, m = count(1, 0.0003); k < m; ++k) {
    // A typo in the last character: the check fails and the row links to nothing.
    const std::size_t r = pick_row();
    std::string& code = rows[r].text[0];
    const std::string original = code;
    const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    while (credit_code_valid(code))
      code[17] = alphabet[rng.index(alphabet.size())];
    planted["invalid_check_digit"].push_back(
        {{"row", r}, {"credit_code", code}, {"registered_code", original}});
  }

  // XLSX through GDAL: numeric columns are numeric cells; text garbage is patched in afterwards.
  {
    DatasetPtr ds = create_dataset("XLSX", dir + "/enterprises.xlsx");
    OGRLayer* layer = ds->CreateLayer("亩均评价", nullptr, wkbNone, nullptr);
    if (!layer) throw GenError("cannot create the 亩均评价 sheet");
    for (int c = 0; c < kColumns; ++c) {
      const OGRFieldType t = c < kFirstNumeric                 ? OFTString
                             : (c == kEmployees || c == kYear) ? OFTInteger
                                                               : OFTReal;
      add_field(layer, kHeaders[c], t);
    }
    for (const auto& row : rows) {
      FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (int c = 0; c < kFirstNumeric; ++c)
        f->SetField(c, row.text[c].c_str());
      for (int c = kFirstNumeric; c < kColumns; ++c) {
        if (row.garbage[c])
          f->SetField(c, 0.0);  // placeholder cell, replaced by text below
        else if (row.num[c])
          f->SetField(c, *row.num[c]);
      }
      if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw GenError("cannot write enterprises.xlsx");
    }
  }
  std::vector<TextCell> cells;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (int c = kFirstNumeric; c < kColumns; ++c) {
      if (rows[r].garbage[c]) cells.push_back({static_cast<int>(r) + 2, c, *rows[r].garbage[c]});
    }
  }
  patch_xlsx_text_cells(dir + "/enterprises.xlsx", cells);

  // CSV: the same rows, written by GDAL in UTF-8 and recoded to GBK, the way the bureau's exports come.
  {
    const std::string utf8_path = dir + "/enterprises.utf8.csv";
    {
      DatasetPtr ds = create_dataset("CSV", utf8_path);
      Options lco{"LINEFORMAT=CRLF", "STRING_QUOTING=IF_NEEDED"};
      OGRLayer* layer = ds->CreateLayer("enterprises", nullptr, wkbNone, lco.get());
      if (!layer) throw GenError("cannot create enterprises.csv");
      for (const char* h : kHeaders)
        add_field(layer, h, OFTString);
      for (const auto& row : rows) {
        FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (int c = 0; c < kFirstNumeric; ++c)
          f->SetField(c, row.text[c].c_str());
        for (int c = kFirstNumeric; c < kColumns; ++c) {
          if (row.garbage[c])
            f->SetField(c, row.garbage[c]->c_str());
          else if (row.num[c])
            f->SetField(c, format_number(c, *row.num[c]).c_str());
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw GenError("cannot write enterprises.csv");
      }
    }
    write_file(dir + "/enterprises.csv", to_gbk(read_file(utf8_path)));
    VSIUnlink(utf8_path.c_str());
  }
  planted["rows"] = rows.size();
  return planted;
}

}  // namespace landrenew::gen
