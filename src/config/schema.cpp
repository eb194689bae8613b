#include "landrenew/config/schema.hpp"

namespace landrenew {

const LogicalField* LayerSchema::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

namespace {

using K = FieldKind;

std::vector<LogicalField> building_fields() {
  using F = BuildingField;
  return {
      {field_name(F::id), {"JZWBH", "FWBM", "BSM", "JZWDM", "BUILDING_ID"}, K::text, false, "建筑物编号"},
      {field_name(F::floors), {"CS", "ZCS", "FWCS", "DSCS", "FLOORS"}, K::number, false, "层数"},
      {field_name(F::height), {"JZGD", "GD", "FWGD", "HEIGHT"}, K::number, false, "建筑高度(米)"},
      {field_name(F::storey_height), {"CG", "STOREY_HEIGHT"}, K::number, false, "层高(米)"},
      {field_name(F::floor_area),
       {"JZMJ", "ZJZMJ", "FWJZMJ", "FLOOR_AREA", "GFA"},
       K::number,
       false,
       "建筑面积(平方米)"},
      {field_name(F::year_built), {"JCNF", "JGNF", "YEAR_BUILT"}, K::text, false, "建成年份"},
  };
}

std::vector<LogicalField> parcel_fields() {
  using F = ParcelField;
  return {
      {field_name(F::id), {"ZDDM", "DKBH", "ZDBH", "PARCEL_ID", "BSM"}, K::text, false, "宗地代码"},
      {field_name(F::unit_id), {"BDCDYH"}, K::text, false, "不动产单元号"},
      {field_name(F::address), {"ZL", "ZDZL", "ADDRESS"}, K::text, false, "坐落"},
      {field_name(F::registered_area),
       {"ZDMJ", "TBMJ", "DJMJ", "REG_AREA"},
       K::number,
       false,
       "登记面积(平方米)"},
      {field_name(F::landuse),
       {"DLBM", "YDDM", "YTDM", "TDYT", "YDXZ", "YT", "LANDUSE"},
       K::text,
       true,
       "地类编码"},
      {field_name(F::use_name), {"DLMC", "YT", "YTMC", "USE_NAME"}, K::text, false, "用途"},
      {field_name(F::holder), {"QLR", "QLRMC", "HOLDER"}, K::text, false, "权利人"},
      {field_name(F::credit_code),
       {"QLRZJH", "TYSHXYDM", "SHXYDM", "XYDM", "USCC", "CREDIT_CODE"},
       K::text,
       false,
       "统一社会信用代码"},
      {field_name(F::right_type), {"QLXZ", "RIGHT_TYPE"}, K::text, false, "权利性质"},
      {field_name(F::registered_far), {"RJL"}, K::number, false, "登记容积率"},
      {field_name(F::registered_coverage), {"JZMD", "JZXS"}, K::number, false, "登记建筑密度"},
      {field_name(F::industry_code), {"HYDM", "INDUSTRY"}, K::text, false, "行业代码"},
      {field_name(F::approval_date), {"PZRQ"}, K::date, false, "批准日期"},
      {field_name(F::supply_date), {"GYRQ", "CRRQ"}, K::date, false, "供地日期"},
      {field_name(F::contract_start_date), {"YDKGRQ"}, K::date, false, "约定开工日期"},
      {field_name(F::start_date), {"SJKGRQ", "KGRQ"}, K::date, false, "实际开工日期"},
      {field_name(F::completion_date), {"JGRQ", "SJJGRQ"}, K::date, false, "竣工日期"},
      {field_name(F::production_date), {"TCRQ"}, K::date, false, "投产日期"},
      {field_name(F::contract_investment), {"YDTZQD"}, K::number, false, "约定投资强度(万元/亩)"},
      {field_name(F::contract_tax), {"YDMJSS"}, K::number, false, "约定亩均税收(万元/亩)"},
      {field_name(F::remarks), {"BZ", "备注", "REMARKS"}, K::text, false, "备注"},
  };
}

std::vector<LogicalField> district_fields() {
  using F = DistrictField;
  return {
      {field_name(F::code), {"XZQDM", "XZQHDM", "ADCODE", "CODE"}, K::text, true, "行政区代码"},
      {field_name(F::name), {"XZQMC", "XZQHMC", "NAME"}, K::text, false, "行政区名称"},
  };
}

std::vector<LogicalField> park_fields() {
  using F = ParkField;
  return {
      {field_name(F::id), {"YQBH", "YQDM", "PARK_ID", "ID"}, K::text, true, "园区编号"},
      {field_name(F::name), {"YQMC", "PARK_NAME", "NAME"}, K::text, false, "园区名称"},
      {field_name(F::kind), {"LX", "YQLX", "KIND"}, K::text, false, "类型"},
      {field_name(F::level), {"JB", "YQJB", "LEVEL"}, K::text, false, "级别"},
      {field_name(F::leading_industries), {"ZDCY", "ZDCYLB"}, K::text, false, "主导产业"},
  };
}

std::vector<LogicalField> register_fields() {
  using F = RegisterField;
  return {
      {field_name(F::id), {"XMBH", "XMDM", "RECORD_ID", "ID"}, K::text, false, "项目编号"},
      {field_name(F::name), {"XMMC", "NAME"}, K::text, false, "项目名称"},
      {field_name(F::mode), {"GXMS", "ZZMS", "GXFS", "MODE"}, K::text, false, "更新模式"},
      {field_name(F::completion_date), {"WCRQ", "JGRQ", "COMPLETED"}, K::date, false, "完成日期"},
      {field_name(F::status), {"ZT", "XMZT", "STATUS"}, K::text, false, "状态"},
      {field_name(F::district_code), {"XZQDM", "XZQHDM"}, K::text, false, "行政区代码"},
      {field_name(F::parcel_ids),
       {"ZDDM", "PARCEL_IDS", "涉及宗地代码", "宗地代码"},
       K::text,
       false,
       "涉及宗地代码"},
  };
}

std::vector<LogicalField> enterprise_fields() {
  using F = EnterpriseField;
  return {
      {field_name(F::credit_code),
       {"统一社会信用代码", "信用代码", "TYSHXYDM", "SHXYDM", "CREDIT_CODE"},
       K::text,
       true,
       "统一社会信用代码"},
      {field_name(F::name), {"企业名称", "单位名称", "QYMC", "NAME"}, K::text, false, "企业名称"},
      {field_name(F::industry_code), {"行业代码", "国民经济行业代码", "HYDM"}, K::text, false, "行业代码"},
      {field_name(F::size_class), {"规模", "企业规模", "是否规上", "规上规下"}, K::text, false, "规模"},
      {field_name(F::land_area), {"用地面积(亩)", "用地面积"}, K::number, false, "用地面积(亩)"},
      {field_name(F::land_share), {"用地份额", "LAND_SHARE"}, K::number, false, "用地份额"},
      {field_name(F::tax),
       {"实缴税金(万元)", "实缴税金", "税收(万元)", "税收", "税收总额"},
       K::number,
       false,
       "实缴税金"},
      {field_name(F::value_added),
       {"工业增加值(万元)", "工业增加值", "增加值"},
       K::number,
       false,
       "工业增加值"},
      {field_name(F::revenue),
       {"营业收入(万元)", "营业收入", "销售收入", "主营业务收入"},
       K::number,
       false,
       "营业收入"},
      {field_name(F::energy),
       {"综合能耗(吨标准煤)", "综合能耗", "能耗"},
       K::number,
       false,
       "综合能耗(吨标准煤)"},
      {field_name(F::emissions),
       {"主要污染物排放(吨)", "主要污染物排放量", "排放量"},
       K::number,
       false,
       "主要污染物排放(吨)"},
      {field_name(F::employees),
       {"年平均职工人数", "职工人数", "从业人员", "从业人员数"},
       K::number,
       false,
       "年平均职工人数"},
      {field_name(F::rd), {"研发经费(万元)", "研发经费", "R&D经费"}, K::number, false, "研发经费"},
      {field_name(F::electricity), {"用电量(万千瓦时)", "用电量"}, K::number, false, "用电量(万千瓦时)"},
      {field_name(F::investment),
       {"固定资产投资(万元)", "固定资产投资", "总投资"},
       K::number,
       false,
       "固定资产投资"},
      {field_name(F::year), {"年度", "年份", "YEAR"}, K::text, false, "年度"},
      // Issue 18: the parcels an enterprise uses, when the parcel layer carries no holders (三调).
      {field_name(F::parcel_ids),
       {"宗地代码", "宗地编号", "涉及宗地代码", "ZDDM", "PARCEL_IDS"},
       K::text,
       false,
       "宗地代码"},
  };
}

// Every logical layer, in the order landrenew reads them; each layer's fields come from its function above.
std::vector<LayerSchema> make_schemas() {
  std::vector<LayerSchema> s;
  s.push_back({"parcels", "宗地", true, true, parcel_fields()});
  // A second parcel layer for the "after" snapshot, when the register changed between the two dates.
  s.push_back({"parcels_after", "宗地(更新后)", true, false, parcel_fields()});
  s.push_back({"buildings_before", "建筑物(更新前)", true, false, building_fields()});
  s.push_back({"buildings_after", "建筑物(现状)", true, false, building_fields()});
  s.push_back({"districts", "行政区", true, false, district_fields()});
  s.push_back({"parks", "园区", true, false, park_fields()});
  s.push_back({"renewal", "有机更新台账", true, false, register_fields()});
  s.push_back({"enterprises", "亩均评价企业", false, false, enterprise_fields(), true});
  return s;
}

}  // namespace

const std::vector<LayerSchema>& layer_schemas() {
  static const std::vector<LayerSchema> schemas = make_schemas();
  return schemas;
}

const LayerSchema* find_layer_schema(std::string_view name) {
  for (const auto& s : layer_schemas())
    if (s.name == name) return &s;
  return nullptr;
}

const std::vector<std::string_view>& money_fields() {
  static const std::vector<std::string_view> fields = {"tax", "value_added", "revenue", "rd", "investment"};
  return fields;
}

}  // namespace landrenew
