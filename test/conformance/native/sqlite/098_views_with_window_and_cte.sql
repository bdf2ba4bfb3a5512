CREATE TABLE vwc (d INTEGER, amount INTEGER);
INSERT INTO vwc VALUES (1, 10), (2, 20), (3, 30), (4, 5);
CREATE VIEW vwc_ranked AS
WITH ranked AS (
  SELECT d, amount, rank() OVER (ORDER BY amount DESC) AS r FROM vwc
)
SELECT * FROM ranked WHERE r <= 2;
CREATE VIEW vwc_recursive AS
WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5)
SELECT i FROM s;
CREATE TABLE vwc_snapshot AS SELECT * FROM vwc_ranked ORDER BY d;
