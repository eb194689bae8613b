#include "out/sqlite.hpp"

#include "landrenew/core/error.hpp"
#include "landrenew/core/i18n.hpp"

namespace landrenew::out {

SqliteConnection::SqliteConnection(const std::filesystem::path& file) : m_file(file.string()) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(m_file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  m_db.reset(db);  // closed even when opening failed
  if (rc != SQLITE_OK) fail(tr("cannot open the GeoPackage"), {});
}

void SqliteConnection::fail(const std::string& what, const std::string& table) const {
  throw Error(
      ErrorKind::output,
      trf("{1}: {2}", what,
          m_db ? std::string_view(sqlite3_errmsg(m_db.get())) : std::string_view(tr("out of memory"))),
      {.file = m_file, .layer = table});
}

void SqliteConnection::exec(const std::string& sql, const std::string& table) {
  if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(tr("cannot write the GeoPackage"), table);
}

Stmt SqliteConnection::prepare(const std::string& sql, const std::string& table) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    fail(tr("cannot write the GeoPackage"), table);
  return Stmt(s);
}

void SqliteConnection::run(sqlite3_stmt* s, const std::string& table) {
  if (sqlite3_step(s) != SQLITE_DONE) {
    sqlite3_reset(s);
    fail(tr("cannot write the GeoPackage"), table);
  }
  sqlite3_reset(s);
}

std::string SqliteConnection::text(const std::string& sql, const std::string& table) {
  Stmt s = prepare(sql, table);
  const int rc = sqlite3_step(s.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(tr("cannot read the GeoPackage"), table);
  const unsigned char* t = rc == SQLITE_ROW ? sqlite3_column_text(s.get(), 0) : nullptr;
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace landrenew::out
