-- Crosscheck of landrenew's figures in PostGIS (scripts/crosscheck-postgis), part 0: parameters and helpers.
-- Every figure is recomputed from the raw inputs following ../shared/RULES.md literally; the rule numbers below are
-- that file's. Run in order: crosscheck-00 .. crosscheck-05. Between 00 and 01 the caller
--   * fills cc_param / cc_set from the project file and the policy profile (keys below), and
--   * creates the mapped input tables in_parcels, in_buildings_before, in_buildings_after, in_districts,
--     in_parks, in_renewal (fid bigint, logical text columns, raw_geom geometry) from the raw ogr2ogr tables,
--     plus cc_layers (layer, has_geometry) naming them (in_enterprises, when loaded, has no geometry).
-- Results go to cc_results (figure, kind, value): the names follow summary.json's paths (CONTRACT.md).
-- Lines "-- @step NAME" split the files into timed steps; psql -f runs them as they are.
SET client_min_messages = warning;

-- @step setup
CREATE TABLE cc_param (key text PRIMARY KEY, value text);
-- srid                      analysis CRS (rule 1); computed in crosscheck-01 when not given
-- audit_date                YYYY-MM-DD or absent (rule 16)
-- period_start, period_end  YYYY-MM-DD (rule 16, profile [freed])
-- park_majority             0.5 (rule 5, profile [zones])
-- double_storey_height_m    8 (rule 6, profile [buildings])
-- uplift_target             0.5 (rule 9, profile [far_target])
-- goal_mu                   30000 (rule 18, profile [freed])
-- has_status                'true' when the renewal layer maps a status field (rule 16)
CREATE TABLE cc_set (name text, value text, PRIMARY KEY (name, value));
-- industrial        land-use values (codes upper-case, names as written) that count as industrial (profile [landuse])
-- counting_mode     renewal modes that count, matched exactly (rule 16, profile [freed] counting_modes)
-- completed_status  status values meaning completed (profile [freed] completed_status)
CREATE TABLE cc_results (figure text PRIMARY KEY, kind text NOT NULL, value double precision);
-- kind: count (exact), mu (area in mu), ratio (FAR, uplift, progress), bool (1 = true)

CREATE FUNCTION cc_p(k text) RETURNS text LANGUAGE sql STABLE AS $$ SELECT value FROM cc_param WHERE key = k $$;
CREATE FUNCTION cc_srid() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT value::integer FROM cc_param WHERE key = 'srid' $$;
CREATE FUNCTION cc_in(set_name text, v text) RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT v IS NOT NULL AND EXISTS (SELECT 1 FROM cc_set WHERE name = set_name AND value = v) $$;
-- Rule 2: mu = m² × 15 / 10000 in double precision.
CREATE FUNCTION cc_mu(m2 double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS
  $$ SELECT m2 * 15.0 / 10000.0 $$;
-- Text cells are compared without surrounding white space.
CREATE FUNCTION cc_trim(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT btrim(t, E' \t\n\r\f\v') $$;
-- A numeric cell: a plain decimal number, else missing (NULL).
CREATE FUNCTION cc_num(t text) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN cc_trim(t) ~ '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$'
              THEN cc_trim(t)::double precision END $$;
-- Rule 5 ties: zone ids compared as numbers when both are integers, otherwise as text (byte order).
CREATE FUNCTION cc_id_cmp(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a ~ '^-?[0-9]{1,18}$' AND b ~ '^-?[0-9]{1,18}$'
              THEN sign(a::bigint - b::bigint)::integer
              WHEN a COLLATE "C" < b COLLATE "C" THEN -1
              WHEN a = b THEN 0 ELSE 1 END $$;
-- Completion dates as registers write them: YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 (one or two digits for month and
-- day); anything else, or an impossible day, is no date (rule 16: such a record does not count).
CREATE FUNCTION cc_parse_date(t text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  s text := cc_trim(t);
  m text[];
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  m := regexp_match(s, '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$');
  IF m IS NULL THEN m := regexp_match(s, '^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$'); END IF;
  IF m IS NULL THEN m := regexp_match(s, '^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$'); END IF;
  IF m IS NULL THEN RETURN NULL; END IF;
  RETURN make_date(m[1]::integer, m[2]::integer, m[3]::integer);
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
-- Rule 17 attribution order: earlier completion date first; equal dates: the smaller record id as in rule 5
-- (records without an id by source FID), then the FID.
CREATE FUNCTION cc_record_before(d1 date, id1 text, fid1 bigint, d2 date, id2 text, fid2 bigint)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT d1 < d2 OR (d1 = d2 AND (
    CASE WHEN coalesce(id1, '') = '' AND coalesce(id2, '') = '' THEN fid1 < fid2
         ELSE cc_id_cmp(coalesce(nullif(id1, ''), 'fid ' || fid1), coalesce(nullif(id2, ''), 'fid ' || fid2)) < 0
              OR (cc_id_cmp(coalesce(nullif(id1, ''), 'fid ' || fid1), coalesce(nullif(id2, ''), 'fid ' || fid2)) = 0
                  AND fid1 < fid2) END)) $$;
