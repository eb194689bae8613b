-- Crosscheck part 4: zones (RULES.md 5): industrial ground per district and park, membership, zone FAR (rule 9).
SET client_min_messages = warning;

-- @step zones
-- Zone ids: the mapped id (districts: code) trimmed, else 'fid N'.
CREATE TABLE zone AS
SELECT 'parks'::text AS kind, fid AS zfid, coalesce(nullif(cc_trim(id), ''), 'fid ' || fid) AS zid, geom
FROM v_parks WHERE geom_status <> 'rejected'
UNION ALL
SELECT 'districts', fid, coalesce(nullif(cc_trim(id), ''), 'fid ' || fid), geom
FROM v_districts WHERE geom_status <> 'rejected';
CREATE INDEX ON zone USING gist (geom);
ANALYZE zone;

-- @step zones_ground
-- Area per zone: the industrial ground inside the zone polygon (split by area).
INSERT INTO cc_results (figure, kind, value)
SELECT z.kind || '.' || z.zid || '.industrial_mu', 'mu',
       sum(cc_mu(coalesce(ST_Area(ST_Intersection(u.geom, z.geom)), 0)))
FROM zone z CROSS JOIN ind_union u
GROUP BY z.kind, z.zid;

-- @step zones_membership
-- A parcel belongs to the zone covering the largest part of its area (positive area; ties: the smaller zone id,
-- numbers as numbers), for parks only when that part is ≥ park_majority of the parcel's area.
CREATE TABLE zone_overlap AS
SELECT kind, zfid, zid, pfid, parea, a
FROM (SELECT z.kind, z.zfid, z.zid, p.fid AS pfid, p.area AS parea,
             CASE WHEN ST_CoveredBy(p.geom, z.geom) THEN p.area
                  ELSE ST_Area(ST_Intersection(p.geom, z.geom)) END AS a
      FROM ind p JOIN zone z ON ST_Intersects(p.geom, z.geom)) x
WHERE a > 0;
CREATE INDEX ON zone_overlap (kind, pfid);
CREATE TABLE member AS
SELECT o.kind, o.zid, o.pfid, o.a / o.parea AS share
FROM zone_overlap o
WHERE o.parea > 0
  AND NOT EXISTS (SELECT 1 FROM zone_overlap x
                  WHERE x.kind = o.kind AND x.pfid = o.pfid
                    AND (x.a > o.a OR (x.a = o.a AND (cc_id_cmp(x.zid, o.zid) < 0
                                                      OR (x.zid = o.zid AND x.zfid < o.zfid)))))
  AND o.a / o.parea >= CASE o.kind WHEN 'parks' THEN cc_p('park_majority')::double precision ELSE 0 END;

-- @step zones_far
-- Rule 9: zone FAR = Σ GFA assigned to the member parcels ÷ area of their union, per snapshot; uplift = after −
-- before; a park meets the target when uplift ≥ the profile's 0.5. No member parcels: FAR unknown (NULL).
CREATE TABLE zone_far AS
WITH land AS (
  SELECT m.kind, m.zid, count(*) AS parcels, ST_Area(ST_Union(p.geom)) AS area
  FROM member m JOIN ind p ON p.fid = m.pfid GROUP BY m.kind, m.zid
), gfa AS (
  SELECT m.kind, m.zid,
         coalesce(sum(g.gfa) FILTER (WHERE g.snap = 'before'), 0) AS gfa_before,
         coalesce(sum(g.gfa) FILTER (WHERE g.snap = 'after'), 0) AS gfa_after
  FROM member m LEFT JOIN parcel_gfa g ON g.pfid = m.pfid GROUP BY m.kind, m.zid
)
SELECT z.kind, z.zid, coalesce(l.parcels, 0) AS parcels,
       CASE WHEN l.area > 0 THEN g.gfa_before / l.area END AS far_before,
       CASE WHEN l.area > 0 THEN g.gfa_after / l.area END AS far_after
FROM (SELECT DISTINCT kind, zid FROM zone) z
LEFT JOIN land l USING (kind, zid) LEFT JOIN gfa g USING (kind, zid);
INSERT INTO cc_results (figure, kind, value)
SELECT kind || '.' || zid || '.' || k, t, v
FROM zone_far
CROSS JOIN LATERAL (VALUES ('far_before', 'ratio', far_before),
                           ('far_after', 'ratio', far_after),
                           ('uplift', 'ratio', far_after - far_before),
                           ('parcels_before', 'count', parcels::double precision),
                           ('parcels_after', 'count', parcels::double precision)) AS x(k, t, v)
UNION ALL
SELECT kind || '.' || zid || '.meets_target', 'bool',
       CASE WHEN far_after - far_before >= cc_p('uplift_target')::double precision THEN 1 ELSE 0 END
FROM zone_far WHERE kind = 'parks';
