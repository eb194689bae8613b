#pragma once
// Results into PostGIS (`landrenew run --pg-output "PG:..." [--pg-schema NAME]`, issue 8): every layer of the
// finished landrenew.gpkg copied into one schema of a PostgreSQL/PostGIS database, in one transaction, so that
// a failure leaves the tables of the previous run as they were.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace landrenew::out {

struct PostgisTarget {
  std::string connection;            ///< "PG:dbname=... host=..." as given (may hold a password)
  std::string schema = "landrenew";  ///< created if missing; any name PostgreSQL accepts, quoted in SQL
};

/// The layers written (in the GeoPackage's order) with their feature counts.
struct PostgisLayerCount {
  std::string name;
  std::int64_t features = 0;
};

/// `"na""me"`: a PostgreSQL identifier, always quoted, inner double quotes doubled.
std::string quote_identifier(std::string_view name);

/// `E'it''s'`: a PostgreSQL string literal in the escape form, quotes and backslashes doubled.
std::string quote_literal(std::string_view text);

/// Refuses (Error usage) a connection that does not start with "PG:", and an empty schema name, a schema
/// name with a NUL byte or longer than PostgreSQL's 63 bytes (which PostgreSQL would silently truncate).
/// Touches nothing.
void check_postgis_target(const PostgisTarget& target);

/// Connects once and disconnects, so that a run fails early (Error output) on a database it cannot reach,
/// before the analysis.
void probe_postgis_target(const PostgisTarget& target);

/// Copies every layer of `gpkg` but `layer_styles` (QGIS styles for the GeoPackage; they name its tables)
/// into `target.schema`, creating the schema if missing: in one transaction, each table replaced (OVERWRITE),
/// geometry column `geom` with a GiST index, FIDs kept in column `fid`, field names as they are. On any
/// failure the transaction is rolled back and Error(output) names the connection with its password
/// redacted.
std::vector<PostgisLayerCount> write_postgis(const std::filesystem::path& gpkg, const PostgisTarget& target);

}  // namespace landrenew::out
