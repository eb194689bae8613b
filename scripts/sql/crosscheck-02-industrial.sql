-- Crosscheck part 2: industrial parcels (profile [landuse]) and their area (RULES.md 2, 3, 4).
SET client_min_messages = warning;

-- @step industrial_parcels
-- A used parcel is industrial when its land-use value (trimmed; codes compared upper-case) is one of the profile's
-- industrial codes or names (cc_set 'industrial'); its area is the area of its repaired geometry (rule 3).
CREATE TABLE ind AS
SELECT fid, cc_trim(id) AS id, geom, ST_Area(geom) AS area
FROM v_parcels
WHERE geom_status <> 'rejected'
  AND (cc_in('industrial', upper(cc_trim(landuse))) OR cc_in('industrial', cc_trim(landuse)));
ALTER TABLE ind ADD PRIMARY KEY (fid);
CREATE INDEX ON ind USING gist (geom);
ANALYZE ind;

-- @step industrial_union
-- Rule 4: an area total is the area of the union, so duplicated and overlapping parcels count once.
CREATE TABLE ind_union AS SELECT ST_Union(geom) AS geom FROM ind;
INSERT INTO cc_results (figure, kind, value)
SELECT 'industrial.parcels', 'count', (SELECT count(*) FROM ind)
UNION ALL
SELECT 'industrial.mu', 'mu', cc_mu(coalesce(ST_Area(geom), 0)) FROM ind_union;
