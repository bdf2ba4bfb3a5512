CREATE TABLE sales (d int, amount int);
INSERT INTO sales VALUES (1, 10), (2, 20), (3, 30);
CREATE VIEW running AS
WITH s AS (SELECT d, amount FROM sales)
SELECT d, sum(amount) OVER (ORDER BY d) AS total FROM s;
