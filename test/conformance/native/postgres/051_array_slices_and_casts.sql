CREATE TABLE asc_t (a int[], lo int, hi int);
INSERT INTO asc_t VALUES ('{1,2,3,4,5}', 2, 4);
CREATE TABLE asc_r AS
SELECT a[lo:hi] AS mid, a[:2] AS head, a[4:] AS tail, a[1]::text::int AS first,
       '3'::int4 AS n, CAST('{a,b}' AS text[]) AS t
FROM asc_t;
