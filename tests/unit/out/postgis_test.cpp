#include "landrenew/out/postgis.hpp"

#include <string>

#include <gtest/gtest.h>

#include "landrenew/core/error.hpp"

using namespace landrenew;

namespace {
Error target_error(const std::string& connection, const std::string& schema = "landrenew") {
  try {
    out::check_postgis_target({connection, schema});
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected '" << connection << "' schema '" << schema << "' to be refused";
  return Error(ErrorKind::internal, "none");
}
}  // namespace

TEST(Postgis, IdentifiersAreAlwaysQuotedWithInnerQuotesDoubled) {
  EXPECT_EQ(out::quote_identifier("landrenew"), "\"landrenew\"");
  EXPECT_EQ(out::quote_identifier("lr \"out\""), "\"lr \"\"out\"\"\"");
  EXPECT_EQ(out::quote_identifier("x\"; DROP SCHEMA public CASCADE; --"),
            "\"x\"\"; DROP SCHEMA public CASCADE; --\"");
  EXPECT_EQ(out::quote_identifier("湖州 \"成果\""), "\"湖州 \"\"成果\"\"\"");
}

TEST(Postgis, LiteralsAreQuotedInTheEscapeForm) {
  EXPECT_EQ(out::quote_literal("landrenew"), "E'landrenew'");
  EXPECT_EQ(out::quote_literal("it's"), "E'it''s'");
  EXPECT_EQ(out::quote_literal("a\\'; DROP TABLE t; --"), "E'a\\\\''; DROP TABLE t; --'");
}

TEST(Postgis, OnlyPgKeyValueConnectionsAreAccepted) {
  for (const char* c : {"", "dbname=gis", "postgresql://u:hunter2@localhost/gis", "pg:dbname=gis",
                        "PGSQL:dbname=gis", " PG:dbname=gis", "/tmp/out.gpkg"}) {
    const Error e = target_error(c);
    EXPECT_EQ(e.kind(), ErrorKind::usage) << c;
    EXPECT_EQ(exit_code(e.kind()), 2) << c;
  }
  const Error uri = target_error("PG:postgresql://u:hunter2@localhost/gis");
  EXPECT_EQ(uri.kind(), ErrorKind::usage);
  EXPECT_EQ(std::string(uri.what()).find("hunter2"), std::string::npos) << uri.what();
  EXPECT_NO_THROW(out::check_postgis_target({"PG:dbname=gis host=localhost", "landrenew"}));
  EXPECT_NO_THROW(out::check_postgis_target({"PG:dbname=gis", "lr \"out\""}));
}

TEST(Postgis, SchemaNamesPostgresqlWouldTruncateOrCannotHoldAreRefused) {
  EXPECT_EQ(target_error("PG:dbname=gis", "").kind(), ErrorKind::usage);
  EXPECT_EQ(target_error("PG:dbname=gis", std::string("a\0b", 3)).kind(), ErrorKind::usage);
  EXPECT_EQ(target_error("PG:dbname=gis", std::string(64, 's')).kind(), ErrorKind::usage);
  EXPECT_NO_THROW(out::check_postgis_target({"PG:dbname=gis", std::string(63, 's')}));
}

TEST(Postgis, AnUnreachableDatabaseIsAnOutputErrorWithThePasswordRedacted) {
  try {
    out::probe_postgis_target({"PG:host=/nonexistent-landrenew-socket-dir dbname=gis password=hunter2", "x"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::output);
    EXPECT_EQ(exit_code(e.kind()), 7);
    const std::string what = e.what();
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    EXPECT_NE(what.find("password=***"), std::string::npos) << what;
    EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(Postgis, AMissingGeoPackageIsAnOutputErrorNamingIt) {
  try {
    out::write_postgis("/nonexistent-landrenew-dir/landrenew.gpkg", {"PG:dbname=gis password=hunter2", "x"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::output);
    EXPECT_NE(std::string(e.what()).find("landrenew.gpkg"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}
