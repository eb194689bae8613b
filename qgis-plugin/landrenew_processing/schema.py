"""The layers and field keys of a landrenew project file that the layer-picking path can map.

The keys are landrenew's own (src/config/schema.cpp, docs/project-file.md); the plugin only names them in its
dialog. tests/qgis/test_plugin.py `schema_matches_landrenew` fails when this table and the keys
`landrenew check` reports for the demo (mapped + unmapped) differ, so the two cannot drift apart.
Labels are English source strings; the Chinese ones (landrenew's own labels) are in i18n/*.ts.
"""
from .i18n import N_

# (role, label, geometry: True = polygons, False = a table, required, ((key, label), ...))
_BUILDING_FIELDS = (
    ("id", N_("Building id")),
    ("floors", N_("Floors")),
    ("height", N_("Building height (m)")),
    ("storey_height", N_("Storey height (m)")),
    ("floor_area", N_("Floor area (m²)")),
    ("year_built", N_("Year built")),
)

ROLES = (
    ("parcels", N_("Parcels"), True, True, (
        ("id", N_("Parcel id")),
        ("unit_id", N_("Real-estate unit number")),
        ("address", N_("Address")),
        ("registered_area", N_("Registered area (m²)")),
        ("landuse", N_("Land-use code")),
        ("use_name", N_("Use name")),
        ("holder", N_("Right holder")),
        ("credit_code", N_("Unified social credit code")),
        ("right_type", N_("Right type")),
        ("registered_far", N_("Registered FAR")),
        ("registered_coverage", N_("Registered building density")),
        ("industry_code", N_("Industry code")),
        ("approval_date", N_("Approval date")),
        ("supply_date", N_("Supply date")),
        ("contract_start_date", N_("Contracted start date")),
        ("start_date", N_("Actual start date")),
        ("completion_date", N_("Completion date")),
        ("production_date", N_("Production date")),
        ("contract_investment", N_("Contracted investment (10k yuan/mu)")),
        ("contract_tax", N_("Contracted tax per mu (10k yuan/mu)")),
        ("remarks", N_("Remarks")),
    )),
    ("buildings_before", N_("Buildings before renewal"), True, False, _BUILDING_FIELDS),
    ("buildings_after", N_("Buildings now"), True, False, _BUILDING_FIELDS),
    ("districts", N_("Districts"), True, False, (
        ("code", N_("District code")),
        ("name", N_("District name")),
    )),
    ("parks", N_("Parks"), True, False, (
        ("id", N_("Park id")),
        ("name", N_("Park name")),
        ("kind", N_("Kind")),
        ("level", N_("Level")),
        ("leading_industries", N_("Leading industries")),
    )),
    ("renewal", N_("Renewal register"), True, False, (
        ("id", N_("Project id")),
        ("name", N_("Project name")),
        ("mode", N_("Renewal mode")),
        ("completion_date", N_("Completion date")),
        ("status", N_("Status")),
        ("district_code", N_("District code")),
        ("parcel_ids", N_("Parcel ids involved")),
    )),
    ("enterprises", N_("Per-mu evaluation table (enterprises)"), False, False, (
        ("credit_code", N_("Unified social credit code")),
        ("name", N_("Enterprise name")),
        ("industry_code", N_("Industry code")),
        ("size_class", N_("Size class")),
        ("land_area", N_("Land area (mu)")),
        ("land_share", N_("Land share")),
        ("tax", N_("Tax paid")),
        ("value_added", N_("Industrial value added")),
        ("revenue", N_("Revenue")),
        ("energy", N_("Energy use (t standard coal)")),
        ("emissions", N_("Main pollutant emissions (t)")),
        ("employees", N_("Average employees")),
        ("rd", N_("R&D spending")),
        ("electricity", N_("Electricity use (10k kWh)")),
        ("investment", N_("Fixed-asset investment")),
        ("year", N_("Year")),
        ("parcel_ids", N_("Parcel ids")),
    )),
)


def layer_parameter(role):
    """The Processing parameter name of a role's layer: PARCELS, BUILDINGS_BEFORE, ..."""
    return role.upper()


def field_parameter(role, key):
    """The Processing parameter name of a role's field: PARCELS_LANDUSE, ENTERPRISES_TAX, ..."""
    return f"{role}_{key}".upper()
