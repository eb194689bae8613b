#pragma once
// A SQLite connection for writing a GeoPackage's rows and spatial indexes directly (out/gpkg.cpp,
// out/gpkg_rtree.cpp): RAII handles, and every failure an Error(output) naming the file and the table.
#include <filesystem>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "landrenew/out/gpkg_rtree.hpp"

namespace landrenew::out {

struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

class SqliteConnection {
 public:
  /// Opens the existing file read-write.
  explicit SqliteConnection(const std::filesystem::path& file);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  /// Throws Error(output): "<what>: <SQLite's message>", naming the file and `table`.
  [[noreturn]] void fail(const std::string& what, const std::string& table) const;
  void exec(const std::string& sql, const std::string& table);
  Stmt prepare(const std::string& sql, const std::string& table);
  /// Steps a bound statement that returns no row, then resets it for the next values.
  void run(sqlite3_stmt* s, const std::string& table);
  /// The first column of the first row of `sql`, or "" when there is no row or it is NULL.
  std::string text(const std::string& sql, const std::string& table);
  const std::string& file() const noexcept { return m_file; }

 private:
  struct Close {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  std::string m_file;
  std::unique_ptr<sqlite3, Close> m_db;
};

/// Creates gpkg_extensions (GeoPackage 1.2, 2.3.2), unless the file has it.
void ensure_gpkg_extensions(SqliteConnection& db);

/// write_spatial_indexes() on a connection the caller holds, inside the caller's transaction.
void write_spatial_indexes(SqliteConnection& db, std::vector<SpatialIndex>& indexes);

}  // namespace landrenew::out
