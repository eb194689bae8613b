-- Crosscheck part 3: floor area (RULES.md 6) and its split over industrial parcels (rule 7), both snapshots.
SET client_min_messages = warning;

-- @step buildings_gfa
-- Rule 6: GFA = the floor-area field when not null (a non-negative number), else footprint × floors (a positive
-- number), else unknown (0). Storey height = the storey-height field, else height ÷ floors; strictly above the
-- profile's 8 m the GFA counts double, whichever way it was obtained.
CREATE TABLE bld AS
WITH raw AS (
  SELECT 'before'::text AS snap, fid, id, geom, cc_num(floor_area) AS fa, cc_num(floors) AS fl,
         cc_num(height) AS h, cc_num(storey_height) AS sh
  FROM v_buildings_before WHERE geom_status <> 'rejected'
  UNION ALL
  SELECT 'after', fid, id, geom, cc_num(floor_area), cc_num(floors), cc_num(height), cc_num(storey_height)
  FROM v_buildings_after WHERE geom_status <> 'rejected'
), cells AS (
  SELECT snap, fid, id, geom, ST_Area(geom) AS footprint,
         CASE WHEN fa >= 0 THEN fa END AS fa, CASE WHEN fl > 0 THEN fl END AS fl,
         CASE WHEN h >= 0 THEN h END AS h, CASE WHEN sh >= 0 THEN sh END AS sh
  FROM raw
), storey AS (
  SELECT *, coalesce(sh, h / fl) AS storey_m FROM cells
)
SELECT snap, fid, id, geom, footprint, storey_m,
       coalesce(storey_m > cc_p('double_storey_height_m')::double precision, false) AS doubled,
       (CASE WHEN fa IS NOT NULL THEN fa WHEN fl IS NOT NULL THEN footprint * fl ELSE 0 END)
       * (CASE WHEN storey_m > cc_p('double_storey_height_m')::double precision THEN 2 ELSE 1 END) AS gfa
FROM storey;
ALTER TABLE bld ADD PRIMARY KEY (snap, fid);
CREATE INDEX ON bld USING gist (geom);
ANALYZE bld;

-- @step buildings_overlay
-- B ∩ Pᵢ for every industrial parcel a footprint overlaps (B wholly inside Pᵢ: B itself, exactly).
CREATE TABLE bld_piece AS
SELECT snap, bfid, pfid, g, ST_Area(g) AS a
FROM (SELECT b.snap, b.fid AS bfid, p.fid AS pfid,
             CASE WHEN ST_CoveredBy(b.geom, p.geom) THEN b.geom
                  ELSE ST_CollectionExtract(ST_Intersection(b.geom, p.geom), 3) END AS g
      FROM bld b JOIN ind p ON ST_Intersects(b.geom, p.geom)) x;
DELETE FROM bld_piece WHERE NOT a > 0;

-- @step buildings_split
-- Rule 7: Pᵢ receives GFA × (area(B ∩ ∪P) ÷ area(B)) × area(B ∩ Pᵢ) ÷ Σⱼ area(B ∩ Pⱼ); the footprint likewise.
CREATE TABLE bld_on AS
SELECT snap, bfid, sum(a) AS sum_a,
       CASE WHEN count(*) = 1 THEN sum(a) ELSE ST_Area(ST_Union(g)) END AS on_industrial
FROM bld_piece GROUP BY snap, bfid;
CREATE TABLE parcel_gfa AS
SELECT s.snap, s.pfid,
       sum(b.gfa * least(o.on_industrial / b.footprint, 1.0) * s.a / o.sum_a) AS gfa,
       sum(b.footprint * least(o.on_industrial / b.footprint, 1.0) * s.a / o.sum_a) AS footprint
FROM bld_piece s
JOIN bld_on o USING (snap, bfid)
JOIN bld b ON b.snap = s.snap AND b.fid = s.bfid
WHERE b.footprint > 0
GROUP BY s.snap, s.pfid;
ALTER TABLE parcel_gfa ADD PRIMARY KEY (snap, pfid);
