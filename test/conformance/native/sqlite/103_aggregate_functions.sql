CREATE TABLE agf (grp TEXT, v INTEGER);
INSERT INTO agf VALUES ('a', 1), ('a', 2), ('b', 3), ('b', NULL), ('c', 4);
CREATE TABLE agf_r AS
SELECT grp, count(*) AS n, count(v) AS nv, sum(v) AS s, total(v) AS t, avg(v) AS a, min(v) AS mn, max(v) AS mx,
       group_concat(v, ';') AS gc
FROM agf GROUP BY grp HAVING count(*) > 0 ORDER BY grp;
