CREATE TABLE wff (grp TEXT, v INTEGER);
INSERT INTO wff VALUES ('a', 1), ('a', 2), ('a', 2), ('a', 5), ('b', 3), ('b', 4);
CREATE TABLE wff_r AS
SELECT grp, v,
       sum(v) OVER (PARTITION BY grp ORDER BY v GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE TIES) AS g,
       count(*) FILTER (WHERE v > 1) OVER w AS big,
       dense_rank() OVER w AS dr,
       ntile(2) OVER w AS half,
       group_concat(v, ';') OVER (w ROWS UNBOUNDED PRECEDING) AS so_far
FROM wff
WINDOW w AS (PARTITION BY grp ORDER BY v);
