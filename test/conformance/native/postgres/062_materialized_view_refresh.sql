CREATE TABLE mvr (k text, n int);
INSERT INTO mvr VALUES ('a', 1), ('a', 2), ('b;', 3);
CREATE MATERIALIZED VIEW mvr_sum AS SELECT k, sum(n) AS total FROM mvr GROUP BY k WITH NO DATA;
CREATE UNIQUE INDEX mvr_sum_k ON mvr_sum (k);
REFRESH MATERIALIZED VIEW mvr_sum;
INSERT INTO mvr VALUES ('c', 4);
CREATE MATERIALIZED VIEW mvr_count AS SELECT count(*) AS n FROM mvr;
