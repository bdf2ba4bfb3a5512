CREATE TABLE inventory (item TEXT PRIMARY KEY, qty INTEGER);
CREATE TABLE sales (item TEXT, sold INTEGER);
INSERT INTO inventory VALUES ('a', 10), ('b', 20);
INSERT INTO sales VALUES ('a', 1), ('a', 2), ('b', 5);
UPDATE inventory SET qty = qty - s.total
FROM (SELECT item, sum(sold) AS total FROM sales GROUP BY item) AS s
WHERE s.item = inventory.item;
