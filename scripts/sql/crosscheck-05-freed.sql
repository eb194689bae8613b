-- Crosscheck part 5: freed land toward the goal (RULES.md 16, 17, 18).
SET client_min_messages = warning;

-- @step freed_records
-- Rule 16: a record counts when its completion date parses and lies within the period (and not after the audit
-- date, when there is one), its mode (trimmed) is in the counting set, matched exactly, and — when a status
-- field is mapped — its status is one of the completed values.
CREATE TABLE rec AS
SELECT fid, cc_trim(id) AS id, cc_trim(mode) AS mode, cc_trim(status) AS rstatus,
       cc_parse_date(completion_date) AS d, geom
FROM v_renewal WHERE geom_status <> 'rejected';
ALTER TABLE rec ADD COLUMN counted boolean;
UPDATE rec SET counted = coalesce(
  d >= cc_p('period_start')::date AND d <= cc_p('period_end')::date
  AND (cc_p('audit_date') IS NULL OR d <= cc_p('audit_date')::date)
  AND cc_in('counting_mode', mode)
  AND (coalesce(cc_p('has_status'), 'false') <> 'true' OR cc_in('completed_status', rstatus)), false);
ALTER TABLE rec ADD PRIMARY KEY (fid);
INSERT INTO cc_results (figure, kind, value)
SELECT 'freed.records_counted', 'count', count(*) FILTER (WHERE counted) FROM rec
UNION ALL
SELECT 'freed.goal_mu', 'mu', cc_p('goal_mu')::double precision;

-- @step freed_ground
-- Rule 17: each counted record's ground = its footprint ∩ the baseline industrial parcels.
CREATE TABLE rec_ground AS
SELECT r.fid, ST_CollectionExtract(ST_Union(
         CASE WHEN ST_CoveredBy(p.geom, r.geom) THEN p.geom
              ELSE ST_CollectionExtract(ST_Intersection(r.geom, p.geom), 3) END), 3) AS g
FROM rec r JOIN ind p ON ST_Intersects(r.geom, p.geom)
WHERE r.counted
GROUP BY r.fid;
DELETE FROM rec_ground WHERE g IS NULL OR ST_IsEmpty(g) OR NOT ST_Area(g) > 0;
ALTER TABLE rec_ground ADD PRIMARY KEY (fid);
CREATE INDEX ON rec_ground USING gist (g);
ANALYZE rec_ground;

-- @step freed_union
-- Freed ground = the union of the records' ground; progress = freed mu ÷ goal (rule 18).
CREATE TABLE freed_union AS SELECT ST_Union(g) AS geom FROM rec_ground;
INSERT INTO cc_results (figure, kind, value)
SELECT 'freed.mu', 'mu', cc_mu(coalesce(ST_Area(geom), 0)) FROM freed_union
UNION ALL
SELECT 'freed.progress', 'ratio', cc_mu(coalesce(ST_Area(geom), 0)) / cc_p('goal_mu')::double precision
FROM freed_union;

-- @step freed_attribution
-- Each piece of ground belongs to the earliest counted record covering it (ties: the smaller record id): a
-- record's piece is its ground minus the ground of every record before it.
CREATE TABLE rec_piece AS
SELECT r.fid, r.d, r.mode,
       coalesce(ST_Difference(gr.g, (SELECT ST_Union(gs.g)
                                     FROM rec_ground gs JOIN rec s ON s.fid = gs.fid
                                     WHERE ST_Intersects(gs.g, gr.g)
                                       AND cc_record_before(s.d, s.id, s.fid, r.d, r.id, r.fid))),
                gr.g) AS g
FROM rec_ground gr JOIN rec r ON r.fid = gr.fid;
ALTER TABLE rec_piece ADD COLUMN area double precision;
UPDATE rec_piece SET area = ST_Area(g);
INSERT INTO cc_results (figure, kind, value)
SELECT 'freed.by_year.' || extract(year FROM d)::integer, 'mu', cc_mu(sum(area)) FROM rec_piece GROUP BY 1
UNION ALL
SELECT 'freed.by_mode.' || mode, 'mu', cc_mu(sum(area)) FROM rec_piece GROUP BY 1;
-- Internal consistency (not a landrenew figure): the pieces add up to the union.
INSERT INTO cc_results (figure, kind, value)
SELECT 'check.freed_pieces_minus_union_mu', 'info',
       cc_mu((SELECT coalesce(sum(area), 0) FROM rec_piece) - (SELECT coalesce(ST_Area(geom), 0) FROM freed_union));

-- @step freed_zones
-- Freed ground per district and park: the ground inside the zone polygon (rule 5, split by area).
INSERT INTO cc_results (figure, kind, value)
SELECT 'freed.by_' || (CASE z.kind WHEN 'parks' THEN 'park' ELSE 'district' END) || '.' || z.zid, 'mu',
       sum(cc_mu(coalesce(ST_Area(ST_Intersection(u.geom, z.geom)), 0)))
FROM zone z CROSS JOIN freed_union u
GROUP BY z.kind, z.zid;
INSERT INTO cc_results (figure, kind, value)
SELECT 'districts.' || zid || '.freed_mu', 'mu', value
FROM (SELECT substr(figure, length('freed.by_district.') + 1) AS zid, value
      FROM cc_results WHERE figure LIKE 'freed.by\_district.%') x;
INSERT INTO cc_results (figure, kind, value)
SELECT 'freed.outside_districts_mu', 'mu',
       greatest(0, (SELECT value FROM cc_results WHERE figure = 'freed.mu')
                   - coalesce((SELECT sum(value) FROM cc_results WHERE figure LIKE 'freed.by\_district.%'), 0));
