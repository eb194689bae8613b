#include "names.hpp"

#include <map>

namespace landrenew::gen {

namespace {

const std::vector<std::string> kBrandChars = {
    "鑫", "华", "宏", "恒", "泰", "达", "盛", "隆", "丰", "源", "新", "天", "金", "永",
    "嘉", "瑞", "凯", "博", "康", "振", "兴", "宇", "锦", "润", "科", "通", "利", "和",
    "正", "诚", "信", "德", "明", "光", "辉", "晨", "越", "森", "林", "海", "峰", "昌",
    "安", "佳", "美", "立", "力", "捷", "万", "众", "中", "东", "南", "汇", "联", "创",
    "远", "航", "腾", "飞", "欣", "益", "富", "旺", "顺", "祥", "聚", "合", "久", "大"};

const std::vector<std::string> kPlaceChars = {"桥", "溪", "塘", "港", "湾", "山", "湖", "浦", "田", "庄",
                                              "墩", "坞", "岭", "沙", "河", "石", "竹", "梅", "杨", "柳"};

const std::vector<std::string> kRoadFirst = {
    "创业", "兴业", "工业", "科技", "振兴", "发展", "致远", "长安", "滨湖", "太湖", "青山", "凤凰",
    "阳光", "明珠", "金港", "永安", "新港", "华夏", "富民", "康宁", "开元", "同心", "环城", "翠竹",
    "紫金", "锦绣", "天成", "通达", "汇丰", "清泉", "银河", "东升", "西湖", "南岳", "北辰"};
const std::vector<std::string> kRoadKind = {"路", "路", "路", "大道", "街", "北路", "南路", "东路", "西路"};

const std::map<std::string, std::vector<Industry>> kChains = {
    {"新能源汽车",
     {{"3612", "新能源汽车"}, {"3670", "汽车零部件"}, {"3660", "车身制造"}, {"3841", "动力电池"}}},
    {"新能源", {{"3841", "锂电科技"}, {"3843", "蓄电池"}, {"3849", "电源科技"}, {"3825", "光伏科技"}}},
    {"数字经济", {{"3921", "通信设备"}, {"3973", "微电子"}, {"3976", "光电科技"}, {"4011", "自动化"}}},
    {"半导体及光电", {{"3973", "半导体"}, {"3976", "光电"}, {"3974", "显示科技"}, {"3985", "电子材料"}}},
    {"生物医药",
     {{"2710", "药业"}, {"2720", "制药"}, {"2740", "中药"}, {"2770", "医疗用品"}, {"3581", "医疗器械"}}},
    {"高端装备",
     {{"3421", "机床"}, {"3441", "泵业"}, {"3491", "机器人"}, {"3812", "电机"}, {"3442", "压缩机"}}},
    {"新材料",
     {{"2651", "新材料"}, {"3062", "玻纤"}, {"3252", "铝业"}, {"3240", "合金材料"}, {"2652", "橡胶"}}},
    {"物流装备", {{"3433", "叉车"}, {"3434", "输送设备"}, {"3435", "电梯"}, {"3439", "物流设备"}}},
    {"地理信息", {{"4014", "仪器"}, {"3921", "导航科技"}, {"4011", "测控技术"}}},
    {"绿色家居",
     {{"2034", "地板"}, {"2041", "竹业"}, {"2110", "家具"}, {"2120", "竹木家具"}, {"2190", "家居"}}},
    {"现代纺织", {{"1713", "印染"}, {"1751", "织造"}, {"1810", "服饰"}, {"1820", "童装"}}},
    {"",
     {{"3311", "钢结构"},
      {"3011", "建材"},
      {"3021", "水泥制品"},
      {"3130", "钢材"},
      {"1713", "印染"},
      {"1810", "服饰"},
      {"2110", "家具"},
      {"3312", "金属制品"},
      {"3484", "五金"},
      {"2922", "塑业"},
      {"3812", "电机"},
      {"3670", "汽车配件"}}},
};

// GB 32100-2015: the 31 characters allowed in a credit code (no I, O, S, V, Z) and their values.
const std::string kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int credit_value(char c) {
  const auto pos = kCreditChars.find(c);
  return pos == std::string::npos ? -1 : static_cast<int>(pos);
}

// GB 11714-1997 check character of the 9-character organisation code inside a credit code.
char org_check_char(const std::string& body8) {
  const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = body8[static_cast<std::size_t>(i)];
    const int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += v * weights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

}  // namespace

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

std::string random_brand(Rng& rng) {
  std::string a = rng.pick(kBrandChars), b = rng.pick(kBrandChars);
  while (b == a)
    b = rng.pick(kBrandChars);
  return a + b;
}

std::vector<std::string> synthetic_towns(Rng& rng, int n) {
  std::vector<std::string> towns;
  while (static_cast<int>(towns.size()) < n) {
    // Separate statements: the operands of + are evaluated in an unspecified order.
    std::string t = rng.pick(kBrandChars);
    t += rng.pick(kPlaceChars);
    t += rng.chance(0.3) ? "街道" : "镇";
    bool dup = false;
    for (const auto& x : towns)
      dup = dup || x == t;
    if (!dup) towns.push_back(t);
  }
  return towns;
}

std::string road_name(Rng& rng) {
  std::string name = rng.pick(kRoadFirst);
  return name + rng.pick(kRoadKind);
}

const std::vector<Industry>& industries_for(const std::string& chain) {
  auto it = kChains.find(chain);
  return it == kChains.end() ? kChains.at("") : it->second;
}

std::string company_name(Rng& rng, const std::string& place, const Industry& industry, bool small_workshop) {
  // At most 14 characters: two holders joined with ';' must fit QLR's 60 GBK bytes.
  const std::string brand = random_brand(rng);
  if (small_workshop) {
    const std::string name = place + brand + industry.word + "厂";
    if (utf8_length(name) <= 14) return name;
  }
  const std::string suffix = rng.chance(0.12) ? "股份有限公司" : "有限公司";
  const std::string middle =
      industry.word + (rng.chance(0.35) && utf8_length(industry.word) <= 3 ? "科技" : "");
  for (const std::string& name :
       {place + brand + middle + suffix, place + brand + industry.word + "有限公司"}) {
    if (utf8_length(name) <= 14) return name;
  }
  return brand + industry.word + "有限公司";
}

std::string holder_name_non_industrial(Rng& rng, const std::string& place, const std::string& kind) {
  return place + random_brand(rng) + kind;
}

char credit_check_char(const std::string& first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i)
    sum += credit_value(first17[static_cast<std::size_t>(i)]) * kCreditWeights[i];
  const int check = (31 - sum % 31) % 31;
  return kCreditChars[static_cast<std::size_t>(check)];
}

bool credit_code_valid(const std::string& code) {
  if (code.size() != 18) return false;
  for (char c : code) {
    if (credit_value(c) < 0) return false;
  }
  return credit_check_char(code.substr(0, 17)) == code[17];
}

std::string make_credit_code(Rng& rng, const std::string& region, bool new_style) {
  std::string body;
  if (new_style) {
    body = "MA";
    // The rest of a new-style code uses the credit-code alphabet, so the whole code stays in it.
    const std::string alnum = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < 6; ++i)
      body += alnum[rng.index(alnum.size())];
  } else {
    for (int i = 0; i < 8; ++i)
      body += static_cast<char>('0' + rng.uniform_int(0, 9));
  }
  std::string first17 = "91" + region + body + org_check_char(body);
  return first17 + credit_check_char(first17);
}

}  // namespace landrenew::gen
