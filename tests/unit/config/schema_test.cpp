// Issue 19: the logical fields the code looks up by enumerator (ParcelField, RegisterField) are exactly the
// fields the layer schemas declare, so a typed lookup never reads a column no schema binds.
#include "landrenew/config/schema.hpp"

#include <set>
#include <string_view>

#include <gtest/gtest.h>

#include "landrenew/io/layer.hpp"
#include "landrenew/rules/register.hpp"

using namespace landrenew;

namespace {

std::set<std::string_view> schema_fields(const LayerSchema& s) {
  std::set<std::string_view> out;
  for (const LogicalField& f : s.fields)
    EXPECT_TRUE(out.insert(f.name).second) << s.name << "." << f.name << " declared twice";
  return out;
}

template <class F>
std::set<std::string_view> enumerated() {
  std::set<std::string_view> out;
  for (std::size_t i = 0; i < static_cast<std::size_t>(F::count_); ++i)
    out.insert(field_name(static_cast<F>(i)));
  return out;
}

}  // namespace

TEST(Schema, ParcelLayersDeclareExactlyTheParcelFieldEnumerators) {
  for (const char* layer : {"parcels", "parcels_after"}) {
    const LayerSchema* s = find_layer_schema(layer);
    ASSERT_NE(s, nullptr) << layer;
    EXPECT_EQ(schema_fields(*s), enumerated<ParcelField>()) << layer;
  }
  EXPECT_EQ(field_name(ParcelField::holder), "holder");
  EXPECT_EQ(field_name(ParcelField::remarks), "remarks");
  EXPECT_EQ(enumerated<ParcelField>().size(), 21u);
}

TEST(Schema, RegisterDeclaresExactlyTheRegisterFieldEnumeratorsAsLayerAndAsTable) {
  const LayerSchema* s = find_layer_schema("renewal");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(schema_fields(*s), enumerated<RegisterField>());
  EXPECT_EQ(schema_fields(rules::register_table_schema()), enumerated<RegisterField>());
  EXPECT_EQ(field_name(RegisterField::parcel_ids), "parcel_ids");
}

TEST(Schema, BuildingDistrictParkAndEnterpriseLayersDeclareExactlyTheirFieldEnumerators) {
  for (const char* layer : {"buildings_before", "buildings_after"}) {
    const LayerSchema* s = find_layer_schema(layer);
    ASSERT_NE(s, nullptr) << layer;
    EXPECT_EQ(schema_fields(*s), enumerated<BuildingField>()) << layer;
  }
  EXPECT_EQ(schema_fields(*find_layer_schema("districts")), enumerated<DistrictField>());
  EXPECT_EQ(schema_fields(*find_layer_schema("parks")), enumerated<ParkField>());
  EXPECT_EQ(schema_fields(*find_layer_schema("enterprises")), enumerated<EnterpriseField>());
  EXPECT_EQ(field_name(BuildingField::floor_area), "floor_area");
  EXPECT_EQ(field_name(DistrictField::code), "code");
  EXPECT_EQ(field_name(ParkField::leading_industries), "leading_industries");
  EXPECT_EQ(field_name(EnterpriseField::credit_code), "credit_code");
  EXPECT_EQ(enumerated<EnterpriseField>().size(), 17u);
}

TEST(Schema, EveryLayerDeclaresEachFieldOnceWithALabel) {
  for (const LayerSchema& s : layer_schemas()) {
    schema_fields(s);
    for (const LogicalField& f : s.fields) {
      EXPECT_FALSE(f.label_zh.empty()) << s.name << "." << f.name;
      EXPECT_FALSE(f.defaults.empty()) << s.name << "." << f.name;
    }
  }
  EXPECT_EQ(layer_schemas().size(), 8u);
}

TEST(Schema, TypedLookupReadsTheColumnOfItsName) {
  Attributes a;
  a.column("holder").push("湖州某某有限公司");
  a.column("holder").push(std::nullopt);
  EXPECT_EQ(a.get(ParcelField::holder, 0), a.get("holder", 0));
  EXPECT_EQ(a.get(ParcelField::holder, 0).value_or(""), "湖州某某有限公司");
  EXPECT_FALSE(a.get(ParcelField::holder, 1));
  EXPECT_TRUE(a.has(ParcelField::holder));
  EXPECT_FALSE(a.has(ParcelField::credit_code));
  EXPECT_EQ(a.find(RegisterField::parcel_ids), nullptr);
  LayerInfo info;
  info.fields = {{"parcel_ids", "涉及宗地代码", true}};
  EXPECT_EQ(source_field(info, RegisterField::parcel_ids), "涉及宗地代码");
  EXPECT_EQ(source_field(info, RegisterField::mode), "mode");  // unbound: the logical name
}
