CREATE TABLE dcs (id int PRIMARY KEY, v int, tag text);
INSERT INTO dcs SELECT g, g * 10, NULL FROM generate_series(1, 6) g;
UPDATE dcs SET tag = 'max;' WHERE v = (SELECT max(v) FROM dcs);
UPDATE dcs SET (v, tag) = (SELECT v + 1, 'row;' FROM dcs d2 WHERE d2.id = dcs.id) WHERE id IN (1, 2);
DELETE FROM dcs WHERE id IN (SELECT id FROM dcs WHERE v BETWEEN 30 AND 40);
DELETE FROM dcs WHERE EXISTS (SELECT 1 FROM dcs d2 WHERE d2.id = dcs.id + 10);
INSERT INTO dcs (id, v) SELECT id + 100, v FROM dcs WHERE tag IS NULL;
