#pragma once
// The logical layers and fields landrenew reads, with the source column names it recognises by default
// (DOMAIN.md §11: the common Chinese schemas). A project file maps a logical field to a source column only
// where the defaults do not find it.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew {

// Logical fields as names the compiler checks (issue 19): `parcels.attributes.get(ParcelField::holder, i)`
// does not compile with a misspelt field, where get("holdr", i) read as missing. schema.cpp takes each
// layer's field names from here (field_name), and unit.Schema checks that the two agree both ways. Adding a
// field: an enumerator and its name here, and its row (defaults, kind, label) in schema.cpp.

/// The fields of the parcel layers (parcels, parcels_after).
enum class ParcelField {
  id,
  unit_id,
  address,
  registered_area,
  landuse,
  use_name,
  holder,
  credit_code,
  right_type,
  registered_far,
  registered_coverage,
  industry_code,
  approval_date,
  supply_date,
  contract_start_date,
  start_date,
  completion_date,
  production_date,
  contract_investment,
  contract_tax,
  remarks,
  count_  ///< not a field: how many there are
};
/// The fields of the renewal register (有机更新台账, layer "renewal").
enum class RegisterField {
  id,
  name,
  mode,
  completion_date,
  status,
  district_code,
  parcel_ids,
  count_  ///< not a field: how many there are
};

/// The fields of the building snapshots (buildings_before, buildings_after).
enum class BuildingField { id, floors, height, storey_height, floor_area, year_built, count_ };
/// The fields of the district layer (行政区).
enum class DistrictField { code, name, count_ };
/// The fields of the park layer (园区).
enum class ParkField { id, name, kind, level, leading_industries, count_ };
/// The fields of the enterprise table (亩均评价).
enum class EnterpriseField {
  credit_code,
  name,
  industry_code,
  size_class,
  land_area,
  land_share,
  tax,
  value_added,
  revenue,
  energy,
  emissions,
  employees,
  rd,
  electricity,
  investment,
  year,
  parcel_ids,
  count_  ///< not a field: how many there are
};

namespace detail {
template <class F>
struct FieldName {
  F field;
  std::string_view name;
};
template <class F, std::size_t N>
consteval bool one_name_per_field_in_order(const FieldName<F> (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(names[i].field) != i || names[i].name.empty()) return false;
  return N == static_cast<std::size_t>(F::count_);
}
inline constexpr FieldName<ParcelField> kParcelFieldNames[] = {
    {ParcelField::id, "id"},
    {ParcelField::unit_id, "unit_id"},
    {ParcelField::address, "address"},
    {ParcelField::registered_area, "registered_area"},
    {ParcelField::landuse, "landuse"},
    {ParcelField::use_name, "use_name"},
    {ParcelField::holder, "holder"},
    {ParcelField::credit_code, "credit_code"},
    {ParcelField::right_type, "right_type"},
    {ParcelField::registered_far, "registered_far"},
    {ParcelField::registered_coverage, "registered_coverage"},
    {ParcelField::industry_code, "industry_code"},
    {ParcelField::approval_date, "approval_date"},
    {ParcelField::supply_date, "supply_date"},
    {ParcelField::contract_start_date, "contract_start_date"},
    {ParcelField::start_date, "start_date"},
    {ParcelField::completion_date, "completion_date"},
    {ParcelField::production_date, "production_date"},
    {ParcelField::contract_investment, "contract_investment"},
    {ParcelField::contract_tax, "contract_tax"},
    {ParcelField::remarks, "remarks"},
};
static_assert(one_name_per_field_in_order(kParcelFieldNames));
inline constexpr FieldName<RegisterField> kRegisterFieldNames[] = {
    {RegisterField::id, "id"},
    {RegisterField::name, "name"},
    {RegisterField::mode, "mode"},
    {RegisterField::completion_date, "completion_date"},
    {RegisterField::status, "status"},
    {RegisterField::district_code, "district_code"},
    {RegisterField::parcel_ids, "parcel_ids"},
};
static_assert(one_name_per_field_in_order(kRegisterFieldNames));
inline constexpr FieldName<BuildingField> kBuildingFieldNames[] = {
    {BuildingField::id, "id"},
    {BuildingField::floors, "floors"},
    {BuildingField::height, "height"},
    {BuildingField::storey_height, "storey_height"},
    {BuildingField::floor_area, "floor_area"},
    {BuildingField::year_built, "year_built"},
};
static_assert(one_name_per_field_in_order(kBuildingFieldNames));
inline constexpr FieldName<DistrictField> kDistrictFieldNames[] = {
    {DistrictField::code, "code"},
    {DistrictField::name, "name"},
};
static_assert(one_name_per_field_in_order(kDistrictFieldNames));
inline constexpr FieldName<ParkField> kParkFieldNames[] = {
    {ParkField::id, "id"},
    {ParkField::name, "name"},
    {ParkField::kind, "kind"},
    {ParkField::level, "level"},
    {ParkField::leading_industries, "leading_industries"},
};
static_assert(one_name_per_field_in_order(kParkFieldNames));
inline constexpr FieldName<EnterpriseField> kEnterpriseFieldNames[] = {
    {EnterpriseField::credit_code, "credit_code"},
    {EnterpriseField::name, "name"},
    {EnterpriseField::industry_code, "industry_code"},
    {EnterpriseField::size_class, "size_class"},
    {EnterpriseField::land_area, "land_area"},
    {EnterpriseField::land_share, "land_share"},
    {EnterpriseField::tax, "tax"},
    {EnterpriseField::value_added, "value_added"},
    {EnterpriseField::revenue, "revenue"},
    {EnterpriseField::energy, "energy"},
    {EnterpriseField::emissions, "emissions"},
    {EnterpriseField::employees, "employees"},
    {EnterpriseField::rd, "rd"},
    {EnterpriseField::electricity, "electricity"},
    {EnterpriseField::investment, "investment"},
    {EnterpriseField::year, "year"},
    {EnterpriseField::parcel_ids, "parcel_ids"},
};
static_assert(one_name_per_field_in_order(kEnterpriseFieldNames));
}  // namespace detail

/// The snake_case name of a declared field, as the project file and the outputs write it.
constexpr std::string_view field_name(ParcelField f) noexcept {
  return detail::kParcelFieldNames[static_cast<std::size_t>(f)].name;
}
constexpr std::string_view field_name(RegisterField f) noexcept {
  return detail::kRegisterFieldNames[static_cast<std::size_t>(f)].name;
}
constexpr std::string_view field_name(BuildingField f) noexcept {
  return detail::kBuildingFieldNames[static_cast<std::size_t>(f)].name;
}
constexpr std::string_view field_name(DistrictField f) noexcept {
  return detail::kDistrictFieldNames[static_cast<std::size_t>(f)].name;
}
constexpr std::string_view field_name(ParkField f) noexcept {
  return detail::kParkFieldNames[static_cast<std::size_t>(f)].name;
}
constexpr std::string_view field_name(EnterpriseField f) noexcept {
  return detail::kEnterpriseFieldNames[static_cast<std::size_t>(f)].name;
}

enum class FieldKind {
  text,    ///< kept as text (ids, names, codes)
  number,  ///< parsed by the rule that uses it (bad cells become findings there)
  date,    ///< a date field, or text holding a date (parsed by the rule that uses it)
};

struct LogicalField {
  std::string_view name;                   ///< snake_case, used in the project file and outputs
  std::vector<std::string_view> defaults;  ///< source column names recognised without a mapping, in order
  FieldKind kind = FieldKind::text;
  bool required = false;
  std::string_view label_zh;  ///< Chinese label for reports and field aliases
};

struct LayerSchema {
  std::string_view name;  ///< "parcels", "buildings_before", ...
  std::string_view label_zh;
  bool geometry = true;  ///< polygon layer (true) or table (false)
  bool required = false;
  std::vector<LogicalField> fields;
  bool has_units = false;  ///< takes a [layer.units] table (money columns)

  const LogicalField* field(std::string_view name) const;
};

/// Every logical layer, in the order landrenew reads them.
const std::vector<LayerSchema>& layer_schemas();
const LayerSchema* find_layer_schema(std::string_view name);

/// Money fields of the enterprise table whose unit must be stated ([enterprises.units]; DOMAIN.md §2).
const std::vector<std::string_view>& money_fields();

}  // namespace landrenew
