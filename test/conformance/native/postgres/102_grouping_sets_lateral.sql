CREATE TABLE gsl (region text, product text, amount int);
INSERT INTO gsl VALUES ('n', 'a', 1), ('n', 'b', 2), ('s', 'a', 3);
CREATE TABLE gsl_rollup AS
SELECT region, product, sum(amount) AS total, GROUPING(region, product) AS g
FROM gsl GROUP BY ROLLUP (region, product) ORDER BY region NULLS LAST, product NULLS LAST;
CREATE TABLE gsl_sets AS
SELECT region, product, count(*) AS n FROM gsl GROUP BY GROUPING SETS ((region), (product), ()) ORDER BY 1, 2;
CREATE TABLE gsl_lateral AS
SELECT g.region, top.amount FROM (SELECT DISTINCT region FROM gsl) g,
LATERAL (SELECT amount FROM gsl WHERE gsl.region = g.region ORDER BY amount DESC LIMIT 1) top ORDER BY 1;
