CREATE TABLE fib (n int, f bigint);
INSERT INTO fib
WITH RECURSIVE r (n, a, b) AS (
  SELECT 1, 0::bigint, 1::bigint
  UNION ALL
  SELECT n + 1, b, a + b FROM r WHERE n < 20
)
SELECT n, a FROM r;
CREATE TABLE fib_mat AS
WITH big AS MATERIALIZED (SELECT * FROM fib WHERE f > 100)
SELECT count(*) AS n FROM big;
