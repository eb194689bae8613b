#!/usr/bin/python3
"""The demo through PostGIS, both ways (issue 8, "Beyond one file").

  tests/postgis/postgis_test.py --landrenew BIN [--demo DIR] [--work DIR] [--keep]

Starts a throwaway PostgreSQL/PostGIS cluster (scripts/crosscheck-postgis's: a temporary directory, unix socket
only, as user 'nobody' when run as root), loads the demo's inputs into it with ogr2ogr exactly as they are
(parcels.shp read as CP936, it has no .cpg), writes a project file whose layers are PG: connections (the
enterprise table stays the demo's XLSX file), and checks:

  1. `landrenew run` on it with --pg-output into schema `lr "out"` exits 0, and summary.json equals the file-based
     demo run's: every figure, numbers to 1e-9 relative (the headline figures are printed side by side);
  2. every layer of landrenew.gpkg but layer_styles is a table of that schema, with the same rows: count, FIDs,
     every attribute value and the geometry's WKB byte for byte; spatial tables have `geom` with its SRID and a
     GiST index, and the schema holds nothing else;
  3. a schema name built to inject SQL (both quote characters, a semicolon, a comment) is created under exactly
     that name, and nothing else appears in the database;
  4. a run whose copy fails half-way (an object in the way of a spatial index) exits 7 with the connection's
     password redacted, leaves no OUT_DIR and leaves the previous run's tables as they were (one transaction);
     the next run replaces them, and no output file holds the password;
  5. a role without the CREATE privilege on the database writes into a schema made for it (and may not create
     one: exit 7);
  6. a connection string that is not PG: is refused (exit 2), an unreachable database fails before the work
     (exit 7, password redacted), --pg-schema without --pg-output is refused (exit 2).

Exit: 0 all good; 1 a check failed; 2 could not run; 77 skipped (PostgreSQL/PostGIS, ogr2ogr or psycopg2 not
installed: scripts/install-deps --test).
"""

import argparse
import importlib.machinery
import importlib.util
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib

sys.dont_write_bytecode = True  # importing scripts/crosscheck-postgis must leave no __pycache__ in the tree

SKIP = 77
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "landrenew_test"
IN_SCHEMA = "landrenew_in"
OUT_SCHEMA = 'lr "out"'
HOSTILE_SCHEMA = "lr\"; CREATE TABLE public.injected (x int); --'"
PASSWORD = "s3cret-never-printed"
REL_TOL = 1e-9


def load_crosscheck():
    """scripts/crosscheck-postgis as a module: its prerequisites check and throwaway Cluster."""
    path = os.path.join(ROOT, "scripts", "crosscheck-postgis")
    loader = importlib.machinery.SourceFileLoader("crosscheck_postgis", path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


cc = load_crosscheck()


class Failure(Exception):
    pass


def say(*args):
    print(*args, flush=True)


FAILED = []


def check(ok, what):
    say(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        FAILED.append(what)
    return ok


def run(argv, **kw):
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    say(f"$ {' '.join(quote_arg(a) for a in argv)}  # exit {r.returncode}, {time.monotonic() - t0:.1f} s")
    return r


def quote_arg(a):
    return a if re.fullmatch(r"[\w@%+=:,./-]+", a) else "'" + a.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------------------------------------------------------
# Inputs into PostGIS, and a project file that reads them


def ogr2ogr(pg, src, layer, table, extra=()):
    argv = ["ogr2ogr", "-f", "PostgreSQL", pg, src]
    if layer:
        argv.append(layer)
    argv += ["-nln", table, "-lco", f"SCHEMA={IN_SCHEMA}", "-lco", "LAUNDER=NO", "-lco", "FID=fid",
             "-preserve_fid", "-lco", "GEOMETRY_NAME=geom", "-nlt", "GEOMETRY", "--config", "PG_USE_COPY", "YES",
             *extra]
    r = run(argv)
    if r.returncode != 0:
        raise Failure(f"ogr2ogr {src}: {r.stderr.strip()}")


def load_inputs(pg, demo, project):
    """Each polygon input of the demo's project into IN_SCHEMA; returns {logical layer: table}."""
    tables = {}
    for logical, spec in project.items():
        if not isinstance(spec, dict) or logical == "enterprises":
            continue
        src = os.path.join(demo, spec["path"])
        layer = spec.get("layer") or ""
        table = layer or os.path.splitext(os.path.basename(src))[0]
        if table not in tables.values():  # the same source layer named twice is loaded once
            extra = []
            if src.lower().endswith(".shp"):
                extra = ["-oo", "ENCODING=CP936"]  # GBK without .cpg, as bureaus send it
            ogr2ogr(pg, src, layer, table, extra)
        tables[logical] = table
    return tables


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise Failure(f"cannot write {v!r} as TOML")


def toml_key(k):
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def dump_toml(d, prefix=""):
    lines = []
    if prefix:
        lines.append(f"\n[{prefix}]")
    for k, v in d.items():
        if not isinstance(v, dict):
            lines.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in d.items():
        if isinstance(v, dict):
            lines.extend(dump_toml(v, f"{prefix}.{toml_key(k)}" if prefix else toml_key(k)))
    return lines


def pg_project(project, demo, tables, conninfo):
    """The demo's project with every polygon layer read from PostGIS; the enterprise table stays a file."""
    out = {}
    for k, v in project.items():
        if not isinstance(v, dict):
            out[k] = v
            continue
        v = dict(v)
        if k in tables:
            v["path"] = "PG:" + conninfo
            v["layer"] = f"{IN_SCHEMA}.{tables[k]}"
            v.pop("encoding", None)
        else:
            v["path"] = os.path.join(demo, v["path"])
        out[k] = v
    return "# written by tests/postgis/postgis_test.py: the demo read from PostGIS\n" + "\n".join(dump_toml(out)) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Comparisons


def compare(a, b, path, diffs, stats):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                diffs.append(f"{path}.{k}: only in the {'file' if k in a else 'PostGIS'} run")
            else:
                compare(a[k], b[k], f"{path}.{k}", diffs, stats)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append(f"{path}: {len(a)} items against {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{i}]", diffs, stats)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        stats["numbers"] += 1
        if a == b:
            stats["identical"] += 1
        elif math.isfinite(a) and math.isfinite(b) and abs(a - b) <= REL_TOL * max(abs(a), abs(b)):
            stats["within"] += 1
            stats["within_list"].append(f"{path}: {a!r} vs {b!r}")
        else:
            diffs.append(f"{path}: {a!r} (files) vs {b!r} (PostGIS)")
    else:
        stats["other"] += 1
        if a != b:
            diffs.append(f"{path}: {a!r} (files) vs {b!r} (PostGIS)")


def headline(s):
    rows = [("industrial.parcels", s["industrial"]["parcels"]), ("industrial.mu", s["industrial"]["mu"]),
            ("low_efficiency.parcels", s["low_efficiency"]["parcels"]),
            ("low_efficiency.mu", s["low_efficiency"]["mu"])]
    for c, v in s["low_efficiency"]["by_criterion"].items():
        rows.append((f"low_efficiency.{c}.parcels", v["parcels"]))
    rows += [("freed.mu", s["freed"]["mu"]), ("freed.records_counted", s["freed"]["records_counted"]),
             ("freed.progress", s["freed"]["progress"])]
    for c, v in s["enterprises"]["classes"].items():
        rows.append((f"enterprises.class_{c}", v))
    for p in s["parks"]:
        for k in ("far_before", "far_after", "uplift", "meets_target"):
            rows.append((f"parks.{p['id']}.{k}", p[k]))
    return rows


def gpkg_layers(path):
    """[(table, has geometry)] of a GeoPackage, in gpkg_contents order, without layer_styles."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = con.execute("SELECT c.table_name, g.column_name FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g "
                       "ON g.table_name = c.table_name ORDER BY c.rowid").fetchall()
    con.close()
    return [(t, g) for t, g in rows if t != "layer_styles"]


def gpkg_wkb(blob):
    """The WKB inside a GeoPackage geometry blob (its header and envelope skipped); None for NULL or empty."""
    if blob is None:
        return None
    flags = blob[3]
    if flags & 0x10:  # empty geometry
        return None
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0x07]
    return bytes(blob[8 + envelope:])


def norm(v):
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def compare_table(cur, gpkg, table, geom_column, schema):
    """Rows of one GeoPackage table against the PostGIS table: (count, differences)."""
    from psycopg2 import sql
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
    attrs = [c for c in columns if c not in ("fid", geom_column)]
    select = ", ".join(['"fid"'] + [f'"{c}"' for c in attrs] + ([f'"{geom_column}"'] if geom_column else []))
    g_rows = con.execute(f'SELECT {select} FROM "{table}" ORDER BY fid').fetchall()
    con.close()
    q = sql.SQL("SELECT {} FROM {}.{} ORDER BY fid").format(
        sql.SQL(", ").join([sql.Identifier("fid")] + [sql.Identifier(c) for c in attrs] +
                           ([sql.SQL("ST_AsBinary(geom, 'NDR')")] if geom_column else [])),
        sql.Identifier(schema), sql.Identifier(table))
    cur.execute(q)
    p_rows = cur.fetchall()
    diffs = []
    if len(g_rows) != len(p_rows):
        diffs.append(f"{len(g_rows)} rows in the GeoPackage, {len(p_rows)} in PostGIS")
    for g, p in zip(g_rows, p_rows):
        g, p = list(g), [norm(v) for v in p]
        if geom_column:
            g[-1] = gpkg_wkb(g[-1])
            if p[-1] is not None and len(p[-1]) <= 9 + 4 and g[-1] is None:  # an empty geometry on both sides
                p[-1] = None
        for name, x, y in zip(["fid"] + attrs + (["geom"] if geom_column else []), g, p):
            if x != y and not (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y)):
                diffs.append(f"fid {g[0]}: {name}: {x!r} vs {y!r}")
                break
        if len(diffs) > 5:
            break
    return len(p_rows), diffs


def schema_tables(cur, schema):
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1", (schema,))
    return [r[0] for r in cur.fetchall()]


def snapshot(cur):
    """Every schema and table of the database, to see what a run adds."""
    cur.execute("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')")
    tables = set(cur.fetchall())
    cur.execute("SELECT nspname FROM pg_namespace")
    return {r[0] for r in cur.fetchall()}, tables


# ---------------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--landrenew", default=os.path.join(ROOT, "build", "landrenew"))
    ap.add_argument("--demo", default=os.path.join(ROOT, "geodata", "huzhou-demo"))
    ap.add_argument("--work", help="working folder (emptied first; default: a temporary one, removed)")
    ap.add_argument("--keep", action="store_true", help="leave the cluster running and the folder in place")
    args = ap.parse_args()

    try:
        bindir, version = cc.check_prerequisites()
    except cc.Skip as e:
        say(f"SKIP: postgis_test: {e}")
        return SKIP
    import psycopg2

    landrenew = os.path.abspath(args.landrenew)
    demo = os.path.abspath(args.demo)
    if args.work:
        work = os.path.abspath(args.work)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    else:
        work = tempfile.mkdtemp(prefix="landrenew-postgis.")
    with open(os.path.join(demo, "project.toml"), "rb") as f:
        project = tomllib.load(f)

    cluster = cc.Cluster(bindir)
    try:
        t0 = time.monotonic()
        cluster.start()
        conninfo = cluster.dsn().replace("dbname=postgres", f"dbname={DB}")
        admin = psycopg2.connect(cluster.dsn())
        admin.autocommit = True
        admin.cursor().execute(f"CREATE DATABASE {DB}")
        admin.close()
        con = psycopg2.connect(conninfo)
        con.autocommit = True
        cur = con.cursor()
        cur.execute("CREATE EXTENSION postgis")
        cur.execute("SELECT current_setting('server_version'), postgis_lib_version()")
        pg_version, postgis_version = cur.fetchone()
        say(f"PostgreSQL {pg_version}, PostGIS {postgis_version} in {cluster.dir} (unix socket only), "
            f"started in {time.monotonic() - t0:.1f} s")
        cur.execute(f"CREATE SCHEMA {IN_SCHEMA}")
        pg = "PG:" + conninfo

        # 1. The demo read from PostGIS, results into PostGIS.
        tables = load_inputs(pg, demo, project)
        project_file = os.path.join(work, "project.toml")
        with open(project_file, "w", encoding="utf-8") as f:
            f.write(pg_project(project, demo, tables, conninfo))

        file_out = os.path.join(work, "out-files")
        r = run([landrenew, "run", os.path.join(demo, "project.toml"), "-o", file_out, "-q"])
        if r.returncode != 0:
            raise Failure(f"the file-based demo run failed (exit {r.returncode}): {r.stderr.strip()}")

        before = snapshot(cur)
        pg_out = os.path.join(work, "out-postgis")
        r = run([landrenew, "run", project_file, "-o", pg_out, "--pg-output", pg, "--pg-schema", OUT_SCHEMA])
        sys.stdout.write(r.stdout)
        if not check(r.returncode == 0, f"run from PostGIS into schema {OUT_SCHEMA!r}: exit {r.returncode} "
                                        f"{r.stderr.strip()}"):
            raise Failure("the PostGIS run failed; nothing more to check")

        with open(os.path.join(file_out, "summary.json"), encoding="utf-8") as f:
            s_files = json.load(f)
        with open(os.path.join(pg_out, "summary.json"), encoding="utf-8") as f:
            s_pg = json.load(f)
        say("\nheadline figures              files                   PostGIS")
        for (name, a), (_, b) in zip(headline(s_files), headline(s_pg)):
            mark = "" if a == b else ("  (within 1e-9)" if isinstance(a, float) and
                                       abs(a - b) <= REL_TOL * max(abs(a), abs(b)) else "  DIFFERS")
            say(f"  {name:<28}{a!r:<24}{b!r}{mark}")
        diffs, stats = [], {"numbers": 0, "identical": 0, "within": 0, "within_list": [], "other": 0}
        compare(s_files, s_pg, "summary", diffs, stats)
        say(f"\nsummary.json: {stats['numbers']} numbers ({stats['identical']} identical, {stats['within']} within "
            f"{REL_TOL:g} relative) and {stats['other']} other values compared")
        for line in stats["within_list"][:20]:
            say(f"  not bit-identical, within tolerance: {line}")
        for line in diffs[:40]:
            say(f"  DIFFERS: {line}")
        check(not diffs, f"summary.json of the PostGIS run equals the file-based run's ({len(diffs)} differences)")

        # 2. Every layer in the schema, row for row.
        gpkg = os.path.join(pg_out, "landrenew.gpkg")
        layers = gpkg_layers(gpkg)
        say(f"\nlayers of landrenew.gpkg in schema {OUT_SCHEMA!r}:")
        for table, geom_column in layers:
            n, d = compare_table(cur, gpkg, table, geom_column, OUT_SCHEMA)
            extra = ""
            if geom_column:
                cur.execute("SELECT f_geometry_column, srid, type FROM geometry_columns "
                            "WHERE f_table_schema = %s AND f_table_name = %s", (OUT_SCHEMA, table))
                gc = cur.fetchall()
                cur.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = %s AND tablename = %s "
                            "AND indexdef ILIKE '%%USING gist (geom)%%'", (OUT_SCHEMA, table))
                gist = cur.fetchone()[0]
                if not (len(gc) == 1 and gc[0][0] == "geom" and gc[0][1] == 4549 and gist == 1):
                    d.append(f"geometry column {gc}, {gist} GiST index(es) on geom")
                extra = f", geom {gc[0][2] if gc else '?'} SRID {gc[0][1] if gc else '?'} with a GiST index"
            check(not d, f"  {table:<18} {n:>6} rows: count, fid, every value and WKB equal{extra}"
                  + ("" if not d else ": " + "; ".join(d)))
        check(schema_tables(cur, OUT_SCHEMA) == sorted(t for t, _ in layers),
              f"the schema holds exactly those {len(layers)} tables (layer_styles not copied)")
        after = snapshot(cur)
        added_schemas = after[0] - before[0]
        added_tables = {t for t in after[1] - before[1] if t[0] != OUT_SCHEMA}
        check(added_schemas == {OUT_SCHEMA} and not added_tables,
              f"the run added schema {OUT_SCHEMA!r} and nothing else ({sorted(added_schemas)}, {sorted(added_tables)})")

        # 5. A role without the CREATE privilege on the database writes into a schema made for it, and only there.
        cur.execute("CREATE ROLE lr_writer LOGIN")
        cur.execute('CREATE SCHEMA "lr writer" AUTHORIZATION lr_writer')
        writer_pg = pg.replace(f"user={cc.DB_USER}", "user=lr_writer")
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-writer"), "-q",
                 "--pg-output", writer_pg, "--pg-schema", "lr writer"])
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'lr writer' AND tableowner = 'lr_writer'")
        owned = cur.fetchone()[0]
        check(r.returncode == 0 and owned == len(layers),
              f"a role without CREATE on the database writes into a schema made for it (exit {r.returncode}, "
              f"{owned} tables) {r.stderr.strip()}")
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-writer2"), "-q",
                 "--pg-output", writer_pg, "--pg-schema", "lr elsewhere"])
        check(r.returncode == 7 and "permission denied" in r.stderr,
              f"  and cannot create one: exit {r.returncode}: {r.stderr.strip()}")

        # 3. A schema name that tries to inject SQL.
        before = snapshot(cur)
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-hostile"), "-q",
                 "--pg-output", pg, "--pg-schema", HOSTILE_SCHEMA])
        after = snapshot(cur)
        check(r.returncode == 0, f"schema {HOSTILE_SCHEMA!r}: exit {r.returncode} {r.stderr.strip()}")
        cur.execute("SELECT to_regclass('public.injected')")
        injected = cur.fetchone()[0]
        added = {t for t in after[1] - before[1] if t[0] != HOSTILE_SCHEMA}
        check(after[0] - before[0] == {HOSTILE_SCHEMA} and injected is None and not added and
              schema_tables(cur, HOSTILE_SCHEMA) == sorted(t for t, _ in layers),
              f"  created exactly that schema with its {len(layers)} tables; public.injected: {injected}; "
              f"nothing else added: {sorted(added)}")

        # 4. A copy that fails half-way: an object named like the spatial index of `parks` (the 4th table) is in
        #    the way, after parcels and both building tables were already replaced in the transaction.
        q = psycopg2.extensions.quote_ident(OUT_SCHEMA, cur)
        cur.execute(f"COMMENT ON TABLE {q}.parcels IS 'previous run'")
        cur.execute(f"ALTER INDEX {q}.parks_geom_geom_idx RENAME TO parks_geom_geom_idx_old")
        cur.execute(f"CREATE TABLE {q}.parks_geom_geom_idx (in_the_way int)")
        cur.execute(f"SELECT count(*) FROM {q}.buildings_after")
        rows_before = cur.fetchone()[0]
        failing_out = os.path.join(work, "out-failing")
        secret_pg = pg + f" password={PASSWORD}"
        r = run([landrenew, "run", project_file, "-o", failing_out, "-q", "--pg-output", secret_pg,
                 "--pg-schema", OUT_SCHEMA])
        say("  stderr: " + r.stderr.strip())
        check(r.returncode == 7, f"a copy failing half-way exits 7 (exit {r.returncode})")
        check(PASSWORD not in r.stderr + r.stdout and "password=***" in r.stderr,
              "  the message names the connection with its password redacted")
        check(not os.path.exists(failing_out), "  OUT_DIR is not written (all or none)")
        cur.execute(f"SELECT obj_description('{q}.parcels'::regclass), (SELECT count(*) FROM {q}.buildings_after)")
        comment, rows_after = cur.fetchone()
        check(comment == "previous run" and rows_after == rows_before,
              f"  the previous run's tables are untouched (parcels comment {comment!r}, buildings_after "
              f"{rows_after} rows): the copy was one transaction, rolled back")
        cur.execute(f"DROP TABLE {q}.parks_geom_geom_idx")
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-again"), "-q",
                 "--pg-output", secret_pg, "--pg-schema", OUT_SCHEMA])
        cur.execute(f"SELECT obj_description('{q}.parcels'::regclass), (SELECT count(*) FROM {q}.buildings_after)")
        comment, rows_after = cur.fetchone()
        check(r.returncode == 0 and rows_after == rows_before and comment != "previous run",
              f"  once it is out of the way the next run replaces the tables (exit {r.returncode}, "
              f"buildings_after {rows_after} rows, parcels comment {comment!r})")
        leaked = [name for name in sorted(os.listdir(os.path.join(work, "out-again")))
                  if PASSWORD.encode() in open(os.path.join(work, "out-again", name), "rb").read()]
        with open(os.path.join(work, "out-again", "manifest.json"), encoding="utf-8") as f:
            command = json.load(f).get("command", "")
        check(not leaked and PASSWORD not in r.stdout and "password=***" in command,
              f"  no output file holds the password (manifest.json's command line has it redacted); leaked in: {leaked}")

        # 6. Refused before the work.
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-url"), "-q",
                 "--pg-output", f"postgresql://u:{PASSWORD}@localhost/{DB}"])
        check(r.returncode == 2 and not os.path.exists(os.path.join(work, "out-url")),
              f"a connection that is not PG: is refused with exit 2 ({r.returncode}: {r.stderr.strip()})")
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-uri"), "-q",
                 "--pg-output", f"PG:postgresql://u:{PASSWORD}@localhost/{DB}"])
        check(r.returncode == 2 and PASSWORD not in r.stderr,
              f"a PG: connection given as a URI is refused with exit 2 ({r.returncode}: {r.stderr.strip()})")
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-noschema"), "-q",
                 "--pg-schema", "x"])
        check(r.returncode == 2, f"--pg-schema without --pg-output: exit 2 ({r.returncode})")
        t0 = time.monotonic()
        r = run([landrenew, "run", project_file, "-o", os.path.join(work, "out-unreachable"), "-q",
                 "--pg-output", f"PG:host={work}/no-such-socket-dir dbname={DB} password={PASSWORD}"])
        say("  stderr: " + r.stderr.strip())
        check(r.returncode == 7 and PASSWORD not in r.stderr and "password=***" in r.stderr and
              not os.path.exists(os.path.join(work, "out-unreachable")),
              f"an unreachable database: exit 7 before the analysis ({r.returncode}, "
              f"{time.monotonic() - t0:.1f} s), password redacted")
        con.close()
    except Failure as e:
        say(f"ERROR: {e}")
        return 2
    finally:
        if args.keep:
            say(f"kept: psql 'host={cluster.dir} port={cluster.port} user={cc.DB_USER} dbname={DB}'; folder {work}")
        else:
            cluster.stop_and_delete()
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)

    say("\n" + ("all checks passed" if not FAILED else f"{len(FAILED)} check(s) FAILED"))
    return 1 if FAILED else 0


def _terminate(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:
        print(f"postgis_test: interrupted ({e})", file=sys.stderr)
        sys.exit(2)
