-- Crosscheck part 1: analysis CRS (RULES.md 1) and repair (rule 3).
-- For each input layer in_X a table v_X: the input's columns plus geom (repaired, in the analysis CRS; NULL when
-- rejected), geom_status ('used', 'repaired', 'rejected') and reason.
SET client_min_messages = warning;

-- @step analysis_crs
-- Rule 1: the CGCS2000 3-degree Gauss-Krüger CRS without zone prefix (EPSG:4534 = CM 75°E … EPSG:4554 = CM 135°E)
-- whose central meridian is nearest the centre longitude of the parcel layer, unless the project names one.
INSERT INTO cc_param (key, value)
SELECT 'srid', (4534 + round((ST_X(c) - 75.0) / 3.0))::integer::text
FROM (SELECT ST_Transform(ST_SetSRID(ST_Centroid(ST_Extent(raw_geom)::geometry),
                                     (SELECT ST_SRID(raw_geom) FROM in_parcels WHERE raw_geom IS NOT NULL LIMIT 1)),
                          4490) AS c
      FROM in_parcels) x
WHERE c IS NOT NULL
ON CONFLICT (key) DO NOTHING;

-- Rule 3: transform, then repair with GEOS MakeValid (its default method; PostGIS 3.3 on GEOS ≥ 3.10 calls
-- GEOSMakeValid) keeping the polygonal parts. Null, empty, non-polygonal, empty after repair: rejected.
CREATE TYPE cc_repaired AS (geom geometry, geom_status text, reason text);
CREATE FUNCTION cc_repair(g geometry, srid integer) RETURNS cc_repaired LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  t geometry;
  why text;
BEGIN
  IF g IS NULL THEN RETURN ROW(NULL, 'rejected', 'null geometry')::cc_repaired; END IF;
  IF ST_IsEmpty(g) THEN RETURN ROW(NULL, 'rejected', 'empty geometry')::cc_repaired; END IF;
  IF ST_GeometryType(g) NOT IN ('ST_Polygon', 'ST_MultiPolygon') THEN
    RETURN ROW(NULL, 'rejected', 'non-polygonal: ' || ST_GeometryType(g))::cc_repaired;
  END IF;
  IF ST_SRID(g) = 0 THEN RAISE EXCEPTION 'a geometry without a CRS'; END IF;
  t := CASE WHEN ST_SRID(g) = srid THEN g ELSE ST_Transform(g, srid) END;
  IF ST_IsValid(t) THEN RETURN ROW(t, 'used', NULL)::cc_repaired; END IF;
  why := ST_IsValidReason(t);
  t := ST_CollectionExtract(ST_MakeValid(t), 3);
  IF t IS NULL OR ST_IsEmpty(t) THEN RETURN ROW(NULL, 'rejected', 'empty after repair: ' || why)::cc_repaired; END IF;
  RETURN ROW(t, 'repaired', why)::cc_repaired;
END $$;

CREATE PROCEDURE cc_repair_layer(layer text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE %I AS SELECT i.*, r.geom, r.geom_status, r.reason
                  FROM %I i CROSS JOIN LATERAL cc_repair(i.raw_geom, cc_srid()) r', 'v_' || layer, 'in_' || layer);
  EXECUTE format('CREATE INDEX ON %I USING gist (geom)', 'v_' || layer);
  EXECUTE format('ANALYZE %I', 'v_' || layer);
  -- read = used + rejected; repaired ⊂ used (RULES.md 3).
  EXECUTE format($q$
    INSERT INTO cc_results (figure, kind, value)
    SELECT 'inputs.' || %L || '.' || k, 'count', v FROM (
      SELECT count(*) AS read,
             count(*) FILTER (WHERE geom_status <> 'rejected') AS used,
             count(*) FILTER (WHERE geom_status = 'repaired') AS repaired,
             count(*) FILTER (WHERE geom_status = 'rejected') AS rejected FROM %I) c
    CROSS JOIN LATERAL (VALUES ('read', c.read), ('used', c.used), ('repaired', c.repaired),
                               ('rejected', c.rejected)) AS x(k, v)$q$, layer, 'v_' || layer);
END $$;

-- @step repair_parcels
CALL cc_repair_layer('parcels');
-- @step repair_buildings_before
CALL cc_repair_layer('buildings_before');
-- @step repair_buildings_after
CALL cc_repair_layer('buildings_after');
-- @step repair_districts
CALL cc_repair_layer('districts');
-- @step repair_parks
CALL cc_repair_layer('parks');
-- @step repair_renewal
CALL cc_repair_layer('renewal');
-- @step count_tables
-- Layers without geometry (the enterprise table, when loaded): every row read is used.
DO $$
DECLARE l text;
BEGIN
  FOR l IN SELECT layer FROM cc_layers WHERE NOT has_geometry ORDER BY layer LOOP
    EXECUTE format($q$INSERT INTO cc_results (figure, kind, value)
                      SELECT 'inputs.' || %L || '.' || k, 'count', v
                      FROM (SELECT count(*) AS n FROM %I) c
                      CROSS JOIN LATERAL (VALUES ('read', c.n), ('used', c.n), ('repaired', 0),
                                                 ('rejected', 0)) AS x(k, v)$q$, l, 'in_' || l);
  END LOOP;
END $$;
