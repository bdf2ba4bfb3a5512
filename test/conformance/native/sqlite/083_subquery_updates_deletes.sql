CREATE TABLE sud (id INTEGER PRIMARY KEY, v INTEGER, tag TEXT);
INSERT INTO sud (v) VALUES (10), (20), (30), (40), (50), (60);
UPDATE sud SET tag = 'max;' WHERE v = (SELECT max(v) FROM sud);
UPDATE sud SET (v, tag) = (SELECT v + 1, 'row;') WHERE id IN (1, 2);
DELETE FROM sud WHERE id IN (SELECT id FROM sud WHERE v BETWEEN 30 AND 40);
DELETE FROM sud WHERE NOT EXISTS (SELECT 1 FROM sud s2 WHERE s2.id = sud.id + 1);
